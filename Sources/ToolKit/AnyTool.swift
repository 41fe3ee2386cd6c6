public import MCP
import ProxmoxModel

/// A tool with its types erased, so the registry can hold every tool in one array and both
/// front ends can call any of them by name with JSON arguments.
public struct AnyTool: Sendable {
    public let definition: ToolDefinition
    private let invoke: @Sendable (Value, ToolContext) async throws(ToolCallError) -> ToolCallOutcome

    public init<T: Tool>(_ type: T.Type) {
        let definition = T.definition
        self.definition = definition
        self.invoke = { (arguments: Value, context: ToolContext) async throws(ToolCallError) -> ToolCallOutcome in
            // The schema check comes first: it names the offending argument, which a decoding
            // error would only do in Swift's own words.
            if let problem = SchemaValidator().violation(of: definition.inputSchema, by: arguments) {
                throw .invalidArguments(tool: definition.name, problem: problem)
            }
            let input: T.Input
            do {
                input = try JSONValueCoding.decode(T.Input.self, from: arguments)
            } catch {
                throw .invalidArguments(tool: definition.name, problem: ArgumentDecoding.describe(error))
            }
            let context = context.entering(tool: definition.name)
            do {
                return ToolCallOutcome(output: try await T().call(input, in: context))
            } catch {
                return ToolCallOutcome(failure: Failure.from(error))
            }
        }
    }

    /// Validates and decodes `arguments` (nil = no arguments), runs the tool, encodes its result.
    /// A tool that throws becomes an `isError` outcome; only bad input throws.
    public func call(arguments: [String: Value]?, context: ToolContext) async throws(ToolCallError) -> ToolCallOutcome {
        try await invoke(.object(arguments ?? [:]), context)
    }
}
