import Foundation
public import MCP
import Synchronization

/// Results of batched `tools/call`s encoded by us, waiting for the SDK to send the response they
/// belong to. (A single `tools/call` never reaches the SDK: `MCPCore` answers it.)
///
/// Why: swift-sdk 0.12.1 turns every handler's result into a `Value` before it sends it
/// (`TypedRequestHandler` encodes the `CallTool.Result`, decodes it into `Value`, and `Server.send`
/// encodes that again), and `Value.init(from:)` runs a data-URL regex on every string: with the
/// result decoded into `Value` twice, that was ~46% of the server's CPU per call. So the handler
/// stores the bytes the tool's output was encoded to here and returns a tiny placeholder result
/// (one text block holding a token); `MCPCore.send` swaps the placeholder's bytes for the
/// stored ones on the way to stdout. Everything else — dispatch, `initialize` checks, cancellation
/// (a cancelled request's response is never sent), errors, batches, elicitation — stays the SDK's.
public final class EncodedResults: Sendable {
    private struct State {
        var counter = 0
        var pending: [String: Data] = [:]
    }

    private let state = Mutex(State())
    /// Every token starts with this; it cannot occur in the JSON of a message by chance.
    static let marker = "proxmox-tools/encoded-result/"
    private static let markerBytes = Data(marker.utf8)
    /// The placeholder result's bytes as the SDK sends them, split around the token:
    /// `prefix + token + suffix`; nil if the SDK's encoding could not be worked out (then no
    /// placeholder is handed out and results take the SDK's way).
    private let template: (prefix: Data, suffix: Data)?

    public init() {
        let sentinel = Self.marker + "0"
        let sdkBytes = Self.sdkEncoding(of: Self.placeholder(token: sentinel))
        let quoted = Data("\"\(sentinel)\"".utf8)
        if let range = sdkBytes.range(of: quoted) {
            template = (sdkBytes[..<range.lowerBound] + Data("\"".utf8), Data("\"".utf8) + sdkBytes[range.upperBound...])
        } else {
            template = nil
        }
    }

    /// Stores `result` (a `CallTool.Result` as JSON) and returns the placeholder to hand to the SDK
    /// in its place; nil when placeholders cannot be used (return the full result then).
    public func placeholder(for result: Data) -> CallTool.Result? {
        guard template != nil else { return nil }
        let token = state.withLock { state -> String in
            state.counter += 1
            let token = Self.marker + String(state.counter)
            state.pending[token] = result
            return token
        }
        return Self.placeholder(token: token)
    }

    static func placeholder(token: String) -> CallTool.Result {
        CallTool.Result(content: [.text(text: token, annotations: nil, _meta: nil)])
    }

    /// How `Server` sends a handler's result: encoded, decoded into `Value`, encoded with sorted keys.
    private static func sdkEncoding(of result: CallTool.Result) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let value = try? JSONDecoder().decode(Value.self, from: JSONEncoder().encode(result)),
              let bytes = try? encoder.encode(value) else { return Data() }
        return bytes
    }

    /// How many results wait for their response to be sent (0 when idle: none leaks).
    public var waiting: Int { state.withLock { $0.pending.count } }

    private func placeholderBytes(_ token: String) -> Data? {
        template.map { $0.prefix + Data(token.utf8) + $0.suffix }
    }

    /// The stored results whose placeholders `message` (from the SDK) carries, in full: each token
    /// with the range of its placeholder. Cheap when nothing waits.
    func placeholders(in message: Data) -> [String] {
        let pending = state.withLock { $0.pending.isEmpty ? [] : Set($0.pending.keys) }
        guard !pending.isEmpty else { return [] }
        var tokens: [String] = []
        var rest = message[...]
        while let range = rest.range(of: Self.markerBytes) {
            var end = range.upperBound
            while end < rest.endIndex, rest[end] >= UInt8(ascii: "0"), rest[end] <= UInt8(ascii: "9") { end += 1 }
            let token = Self.marker + String(decoding: rest[range.upperBound..<end], as: UTF8.self)
            if pending.contains(token), let bytes = placeholderBytes(token), message.range(of: bytes) != nil {
                tokens.append(token)
            }
            rest = rest[end...]
        }
        return tokens
    }

    /// Forgets the results of `tokens` (their response is not sent: the client cancelled).
    func discard(_ tokens: [String]) {
        state.withLock { state in for token in tokens { state.pending[token] = nil } }
    }

    /// `message` with each placeholder of `tokens` replaced by its stored bytes (then forgotten).
    func splice(_ tokens: [String], into message: Data) -> Data {
        var message = message
        for token in tokens {
            guard let bytes = placeholderBytes(token), let range = message.range(of: bytes),
                  let result = state.withLock({ $0.pending.removeValue(forKey: token) }) else { continue }
            message.replaceSubrange(range, with: result)
        }
        return message
    }
}
