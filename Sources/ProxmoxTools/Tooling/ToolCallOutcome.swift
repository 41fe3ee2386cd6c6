public import MCP
import Foundation

/// What a tool call produced, ready for either front end: `structured` becomes MCP
/// `structuredContent` (and `--json` output), `json` the text block, `isError` the MCP flag / a
/// non-zero CLI exit.
public struct ToolCallOutcome: Sendable, Hashable {
    /// The encoded `Output`, or `{error, message, setup?}` when the tool threw.
    public var structured: Value
    public var isError: Bool
    /// `structured` as pretty-printed JSON with sorted keys.
    public var json: String

    public init(structured: Value, isError: Bool) {
        self.structured = structured
        self.isError = isError
        self.json = (try? JSONValueCoding.prettyJSON(structured)) ?? "{}"
    }

    /// Encodes a tool's output. An output that cannot be encoded is reported as an `internal`
    /// failure rather than crashing the server.
    public init(output: some ToolOutput) {
        do {
            self.init(structured: try JSONValueCoding.value(of: output), isError: output.isError)
        } catch {
            self.init(failure: Failure(.internal, "could not encode the tool's result: \(error)"))
        }
    }

    /// A failure the tool reported by throwing.
    public init(failure: Failure) {
        var body: [String: Value] = ["error": .string(failure.code.rawValue), "message": .string(failure.message)]
        if let remedy = failure.remedy { body["setup"] = .string(remedy) }
        self.init(structured: .object(body), isError: true)
    }
}

/// A call that never reached the tool: the caller asked for something that does not exist or
/// sent arguments that do not match the tool's input schema. MCP answers these with a JSON-RPC
/// `invalidParams` error; the CLI exits 64.
public enum ToolCallError: Error, Sendable, Hashable, CustomStringConvertible {
    case unknownTool(String, known: [String])
    case invalidArguments(tool: String, problem: String)

    public var description: String {
        switch self {
        case .unknownTool(let name, let known):
            "unknown tool '\(name)'; available tools: \(known.joined(separator: ", "))"
        case .invalidArguments(let tool, let problem):
            "invalid arguments for \(tool): \(problem)"
        }
    }
}

/// Converting between Codable values and MCP's `Value`, one way for the whole package.
public enum JSONValueCoding {
    /// The JSON encoding of `value`, as a `Value` tree.
    public static func value(of encodable: some Encodable) throws -> Value {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try JSONDecoder().decode(Value.self, from: encoder.encode(encodable))
    }

    /// Decodes `T` from a `Value` tree (used for tool inputs once the schema check passed).
    public static func decode<T: Decodable>(_ type: T.Type, from value: Value) throws -> T {
        try JSONDecoder().decode(T.self, from: JSONEncoder().encode(value))
    }

    /// Pretty-printed JSON with sorted keys and unescaped slashes, as people read it.
    public static func prettyJSON(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
