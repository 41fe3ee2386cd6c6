import Foundation
public import MCP

/// JSON decoded into MCP's `Value` with strings left as strings.
///
/// Why not `JSONDecoder().decode(Value.self, …)`: swift-sdk 0.12.1's `Value.init(from:)` builds and
/// runs a data-URL regex for every string it decodes (and turns `"data:…"` strings into `.data`,
/// which would also change a command argument that happens to start with `data:`). On the request
/// path that regex was most of the server's CPU per call. The cases are tried in the SDK's order,
/// so numbers and booleans come out the same.
public struct PlainJSON: Decodable, Sendable {
    public let value: Value

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            value = .null
        } else if let bool = try? container.decode(Bool.self) {
            value = .bool(bool)
        } else if let int = try? container.decode(Int.self) {
            value = .int(int)
        } else if let double = try? container.decode(Double.self) {
            value = .double(double)
        } else if let string = try? container.decode(String.self) {
            value = .string(string)
        } else if let array = try? container.decode([PlainJSON].self) {
            value = .array(array.map(\.value))
        } else if let object = try? container.decode([String: PlainJSON].self) {
            value = .object(object.mapValues(\.value))
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a JSON value")
        }
    }

    /// `data` (one JSON document) as a `Value` tree.
    public static func decode(_ data: Data) throws -> Value {
        try JSONDecoder().decode(PlainJSON.self, from: data).value
    }
}
