import Foundation
import MCP

/// The client request a server-sent message belongs to, as the JSON-RPC gate keys ids (`i:7`,
/// `s:abc`). Set around a direct `tools/call`'s handler and inherited by every task it starts, so
/// a progress notification or an `elicitation/create` sent for that call carries it down to the
/// wire. Streamable HTTP needs it: such messages must travel on the call's own SSE stream (the
/// SDK's `StatefulHTTPServerTransport` sends them only to the GET stream, which a client may
/// never open). stdio ignores it.
public enum RelatedRequest {
    @TaskLocal public static var key: String?

    /// The one spelling of a request key, for every place that keys ids: `JSONRPCGate` (cancellation,
    /// answered calls), the HTTP session's streams and its response scanner.
    public static func key(string id: String) -> String { "s:" + id }
    public static func key(integer id: Int) -> String { "i:\(id)" }

    /// The key for a decoded JSON-RPC `id`; nil for null or a non-integer number.
    static func key(_ id: Value?) -> String? {
        switch id {
        case .string(let text)?: key(string: text)
        case .int(let number)?: key(integer: number)
        default: nil
        }
    }

    /// The key for a JSON-RPC `id` as `JSONSerialization` reads it.
    public static func key(for id: Any?) -> String? {
        switch id {
        case let text as String: key(string: text)
        case let number as Int: key(integer: number)
        case let number as NSNumber: key(integer: number.intValue)
        default: nil
        }
    }
}
