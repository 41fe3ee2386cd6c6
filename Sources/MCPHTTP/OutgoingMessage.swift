import Foundation
import MCPServer
import ToolKit
import ProxmoxModel

/// What the session transport must know of a message the server sends: whether it is a response,
/// and to which request (as `RelatedRequest` keys ids).
enum OutgoingMessage {
    /// The request keys a message answers: one for a response (`result` or `error`, no `method`),
    /// several for a batch answer, none for a notification or a request.
    ///
    /// Fast path first: the core writes a direct call's result as `{"id":7,"jsonrpc":"2.0","result":…`
    /// (keys sorted, as the SDK writes them too), so the id is read off the front without parsing
    /// a result that may be hundreds of kilobytes. Anything else is parsed.
    static func responseKeys(_ data: Data) -> [String] {
        if let key = fastResponseKey(data) { return [key] }
        guard let object = try? JSONSerialization.jsonObject(with: data) else { return [] }
        if let single = object as? [String: Any] { return key(of: single).map { [$0] } ?? [] }
        if let batch = object as? [[String: Any]] { return batch.compactMap(key(of:)) }
        return []
    }

    private static func key(of message: [String: Any]) -> String? {
        guard message["method"] == nil, message["result"] != nil || message["error"] != nil else { return nil }
        return RelatedRequest.key(for: message["id"])
    }

    private static let prefix = Array(#"{"id":"#.utf8)
    private static let middle = Array(#","jsonrpc":"2.0","result":"#.utf8)

    private static func fastResponseKey(_ data: Data) -> String? {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> String? in
            let bytes = raw.bindMemory(to: UInt8.self)
            guard bytes.count > prefix.count + middle.count, bytes.starts(with: prefix) else { return nil }
            var end = prefix.count
            let isString = bytes[end] == UInt8(ascii: "\"")
            if isString {
                end += 1
                while end < bytes.count, bytes[end] != UInt8(ascii: "\"") {
                    if bytes[end] == UInt8(ascii: "\\") { return nil }   // escapes: the slow path decodes them
                    end += 1
                }
                end += 1
            } else {
                while end < bytes.count, bytes[end] == UInt8(ascii: "-") || (bytes[end] >= 48 && bytes[end] <= 57) { end += 1 }
            }
            guard end + middle.count <= bytes.count,
                  bytes[end..<(end + middle.count)].elementsEqual(middle) else { return nil }
            let token = String(decoding: bytes[prefix.count..<end], as: UTF8.self)
            if isString { return RelatedRequest.key(string: String(token.dropFirst().dropLast())) }
            return Int(token).map(RelatedRequest.key(integer:))
        }
    }
}
