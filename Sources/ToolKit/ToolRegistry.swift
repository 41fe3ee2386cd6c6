public import MCP

/// Every tool the product offers, by name. The MCP server and the CLI are generic over this: they
/// list `definitions` and `call` by name, and know no tool themselves.
///
/// The product's own set is `ToolRegistry.standard`, in the ProxmoxToolset module: adding a
/// tool = one new file there with a type conforming to `Tool`, plus one line in `standard`.
public struct ToolRegistry: Sendable {
    public let tools: [AnyTool]

    /// Builds a registry; tool names must be unique (a duplicate is a programming error).
    public init(_ tools: [AnyTool]) {
        var seen = Set<String>()
        for tool in tools {
            precondition(seen.insert(tool.definition.name).inserted, "duplicate tool name \(tool.definition.name)")
        }
        self.tools = tools
    }

    /// Every tool's definition, in registry order.
    public var definitions: [ToolDefinition] { tools.map(\.definition) }

    public var names: [String] { tools.map(\.definition.name) }

    public func tool(named name: String) -> AnyTool? {
        tools.first { $0.definition.name == name }
    }

    /// Calls a tool with a typed input and returns its typed output: what `call(name:arguments:)`
    /// does after decoding, without the JSON round trip, for a front end that renders the value
    /// itself (the CLI's `run` prints 100 MB of stdout as is, not through three JSON passes).
    public func call<T: Tool>(_ tool: T.Type, _ input: T.Input, context: ToolContext) async throws -> T.Output {
        try await T().call(input, in: context.entering(tool: T.definition.name))
    }

    /// Calls a tool by name, exactly as `tools/call` does. Throws only for an unknown tool or
    /// arguments that do not match its input schema; a tool that fails gives an `isError` outcome.
    public func call(name: String, arguments: [String: Value]?, context: ToolContext) async throws(ToolCallError) -> ToolCallOutcome {
        guard let tool = tool(named: name) else { throw .unknownTool(name, known: names) }
        return try await tool.call(arguments: arguments, context: context)
    }
}
