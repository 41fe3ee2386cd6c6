public import MCP

/// Every tool the product offers, by name. The MCP server and the CLI are generic over this: they
/// list `definitions` and `call` by name, and know no tool themselves.
///
/// Adding a tool = one new file in `Tools/` with a type conforming to `Tool`, plus one line in
/// `standard`.
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

    /// The tools `proxmox-tools serve`, `tools` and `call` offer.
    public static let standard = ToolRegistry([
        AnyTool(RunHostCommand.self),
        AnyTool(ListHosts.self),
        AnyTool(ListVMs.self),
        AnyTool(ListContainers.self),
        AnyTool(GetVMStatus.self),
        AnyTool(GetVMConfig.self),
        AnyTool(GetContainerStatus.self),
        AnyTool(GetContainerConfig.self),
        AnyTool(GetNodeStatus.self),
        AnyTool(GetStorageStatus.self),
        AnyTool(GetClusterStatus.self),
        AnyTool(GetClusterResources.self),
        AnyTool(ListSnapshots.self),
        AnyTool(ListTasks.self),
        AnyTool(GetTaskLog.self),
        AnyTool(ListBackups.self),
        AnyTool(GetHAStatus.self),
        AnyTool(GetReplicationStatus.self),
        AnyTool(GetCephStatus.self),
        AnyTool(GetZFSHealth.self),
        AnyTool(ReadJournal.self),
        AnyTool(GuestPower.self),
        AnyTool(SnapshotCreate.self),
        AnyTool(BackupNow.self),
    ])

    /// Every tool's definition, in registry order.
    public var definitions: [ToolDefinition] { tools.map(\.definition) }

    public var names: [String] { tools.map(\.definition.name) }

    public func tool(named name: String) -> AnyTool? {
        tools.first { $0.definition.name == name }
    }

    /// Calls a tool by name, exactly as `tools/call` does. Throws only for an unknown tool or
    /// arguments that do not match its input schema; a tool that fails gives an `isError` outcome.
    /// Calls a tool with a typed input and returns its typed output: what `call(name:arguments:)`
    /// does after decoding, without the JSON round trip, for a front end that renders the value
    /// itself (the CLI's `run` prints 100 MB of stdout as is, not through three JSON passes).
    public func call<T: Tool>(_ tool: T.Type, _ input: T.Input, context: ToolContext) async throws -> T.Output {
        var context = context
        context.toolName = T.definition.name
        return try await T().call(input, in: context)
    }

    public func call(name: String, arguments: [String: Value]?, context: ToolContext) async throws(ToolCallError) -> ToolCallOutcome {
        guard let tool = tool(named: name) else { throw .unknownTool(name, known: names) }
        return try await tool.call(arguments: arguments, context: context)
    }
}
