public import MCP

/// Hints a client uses to decide what may be auto-approved (MCP tool annotations).
public struct ToolHints: Sendable, Hashable {
    public var readOnly: Bool
    public var destructive: Bool
    public var idempotent: Bool
    public var openWorld: Bool

    public init(readOnly: Bool, destructive: Bool = false, idempotent: Bool = false, openWorld: Bool = true) {
        self.readOnly = readOnly
        self.destructive = destructive
        self.idempotent = idempotent
        self.openWorld = openWorld
    }

    /// A read-only helper: reads node state, changes nothing, same answer when repeated.
    public static let readOnlyHelper = ToolHints(readOnly: true, destructive: false, idempotent: true, openWorld: true)
}

/// What a tool is, as `tools/list` and `proxmox-tools tools` show it.
public struct ToolDefinition: Sendable {
    /// `proxmox_…`, unique in the registry.
    public var name: String
    /// Short human title.
    public var title: String
    /// Written for a model: what it does, when to use it, what it returns.
    public var description: String
    /// JSON Schema of the input object (`additionalProperties: false`).
    public var inputSchema: Value
    /// JSON Schema of the structured output.
    public var outputSchema: Value?
    public var hints: ToolHints
    /// Arguments that make a successful call on the sample cluster (Tests/Fixtures/samples). The
    /// test suite calls every tool with each of them and checks the result against
    /// `outputSchema`, so a new tool is checked without anyone adding it to a list.
    public var examples: [[String: Value]]

    public init(name: String, title: String, description: String, inputSchema: Value,
                outputSchema: Value? = nil, hints: ToolHints, examples: [[String: Value]] = [[:]]) {
        self.name = name
        self.title = title
        self.description = description
        self.inputSchema = inputSchema
        self.outputSchema = outputSchema
        self.hints = hints
        self.examples = examples
    }
}

/// A tool's output. `isError` marks a result the client should treat as a failure (MCP
/// `isError: true`, CLI non-zero exit) while still carrying the full structured value.
public protocol ToolOutput: Encodable, Sendable {
    var isError: Bool { get }
}

extension ToolOutput {
    public var isError: Bool { false }
}

/// One tool: a definition, a decodable input, an encodable output, one async call.
/// Adding a tool = one file with a type conforming to this + one line in `ToolRegistry.standard`.
public protocol Tool: Sendable {
    associatedtype Input: Decodable & Sendable
    associatedtype Output: ToolOutput

    static var definition: ToolDefinition { get }

    init()

    /// Throw a `Failure` (or `InventoryError`/`ParseError`) for a failure that has no structured
    /// output; it becomes an `isError` result with `{error, message, setup?}`.
    func call(_ input: Input, in context: ToolContext) async throws -> Output
}
