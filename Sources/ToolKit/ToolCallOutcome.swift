public import MCP
public import Foundation
import ProxmoxModel

/// What a tool call produced, ready for either front end: `compactJSON` becomes MCP
/// `structuredContent` (and `structured` for callers that inspect fields), `json` the text block
/// and `--json` output, `isError` the MCP flag / a non-zero CLI exit.
///
/// The result is encoded once, straight from the tool's `Codable` output to JSON bytes; nothing on
/// the way to stdout goes through MCP's `Value` (whose decoder, in swift-sdk 0.12.1, runs a data-URL
/// regex on every string and was about half of the server's CPU per call). See `mcpResult`.
public struct ToolCallOutcome: Sendable, Hashable {
    /// The encoded `Output` (or `{error, message, setup?}` when the tool threw) as compact JSON with
    /// sorted keys and unescaped slashes.
    public let compactJSON: Data
    public var isError: Bool
    /// The same as pretty-printed JSON with sorted keys.
    public let json: String

    /// `compactJSON` as a `Value` tree, decoded on each use: for callers that read fields (the CLI's
    /// tables, tests), never on the MCP path.
    public var structured: Value {
        (try? JSONDecoder().decode(Value.self, from: compactJSON)) ?? .object([:])
    }

    public init(structured: Value, isError: Bool) {
        self.init(encoding: structured, isError: isError)
    }

    /// Encodes a tool's output. An output that cannot be encoded is reported as an `internal`
    /// failure rather than crashing the server.
    public init(output: some ToolOutput) {
        self.init(encoding: output, isError: output.isError)
    }

    /// A failure the tool reported by throwing.
    public init(failure: Failure) {
        var body: [String: String] = ["error": failure.code.rawValue, "message": failure.message]
        if let remedy = failure.remedy { body["setup"] = remedy }
        self.init(encoding: body, isError: true)
    }

    private init(encoding value: some Encodable, isError: Bool) {
        do {
            (compactJSON, json) = (try JSONValueCoding.compactJSON(value), try JSONValueCoding.prettyJSON(value))
            self.isError = isError
        } catch {
            let body = ["error": FailureCode.internal.rawValue, "message": "could not encode the tool's result: \(error)"]
            compactJSON = (try? JSONValueCoding.compactJSON(body)) ?? Data("{}".utf8)
            json = (try? JSONValueCoding.prettyJSON(body)) ?? "{}"
            self.isError = true
        }
    }

    /// The MCP `CallTool.Result` as JSON bytes, built from the already encoded parts:
    /// `{"content":[{"text":JSON,"type":"text"}],"isError":…,"structuredContent":…}` — the same
    /// object swift-sdk would encode for `CallTool.Result(content: [.text(json)], structuredContent:
    /// structured, isError: isError)`, without decoding anything.
    public var mcpResult: Data {
        var bytes = Data()
        bytes.reserveCapacity(compactJSON.count + json.utf8.count + json.utf8.count / 8 + 96)
        bytes.append(contentsOf: #"{"content":[{"text":"#.utf8)
        JSONValueCoding.appendQuoted(json, to: &bytes)
        bytes.append(contentsOf: #","type":"text"}],"isError":"#.utf8)
        bytes.append(contentsOf: (isError ? "true" : "false").utf8)
        bytes.append(contentsOf: #","structuredContent":"#.utf8)
        bytes.append(compactJSON)
        bytes.append(UInt8(ascii: "}"))
        return bytes
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
        try JSONDecoder().decode(Value.self, from: compactJSON(encodable))
    }

    /// Decodes `T` from a `Value` tree (used for tool inputs once the schema check passed).
    public static func decode<T: Decodable>(_ type: T.Type, from value: Value) throws -> T {
        try JSONDecoder().decode(T.self, from: JSONEncoder().encode(value))
    }

    /// Compact JSON with sorted keys and unescaped slashes (as the MCP wire carries it).
    public static func compactJSON(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    /// Pretty-printed JSON with sorted keys and unescaped slashes, as people read it.
    public static func prettyJSON(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Appends `text` as a JSON string literal (quotes, `\"`, `\\`, control characters escaped;
    /// other characters, `/` included, as UTF-8).
    public static func appendQuoted(_ text: String, to bytes: inout Data) {
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var runStart = 0
            for (index, byte) in utf8.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                if runStart < index { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index])) }
                runStart = index + 1
                switch byte {
                case UInt8(ascii: "\""): bytes.append(contentsOf: #"\""#.utf8)
                case UInt8(ascii: "\\"): bytes.append(contentsOf: #"\\"#.utf8)
                case UInt8(ascii: "\n"): bytes.append(contentsOf: #"\n"#.utf8)
                case UInt8(ascii: "\r"): bytes.append(contentsOf: #"\r"#.utf8)
                case UInt8(ascii: "\t"): bytes.append(contentsOf: #"\t"#.utf8)
                default: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
                }
            }
            if runStart < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
