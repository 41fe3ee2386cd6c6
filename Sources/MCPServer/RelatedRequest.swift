import Foundation

/// The client request a server-sent message belongs to, as the JSON-RPC gate keys ids (`i:7`,
/// `s:abc`). Set around a direct `tools/call`'s handler and inherited by every task it starts, so
/// a progress notification or an `elicitation/create` sent for that call carries it down to the
/// wire. Streamable HTTP needs it: such messages must travel on the call's own SSE stream (the
/// SDK's `StatefulHTTPServerTransport` sends them only to the GET stream, which a client may
/// never open). stdio ignores it.
public enum RelatedRequest {
    @TaskLocal public static var key: String?

    /// The key for a JSON-RPC `id`, as `JSONRPCGate` makes it.
    public static func key(for id: Any?) -> String? {
        switch id {
        case let text as String: "s:" + text
        case let number as Int: "i:\(number)"
        case let number as NSNumber: "i:\(number.intValue)"
        default: nil
        }
    }
}
