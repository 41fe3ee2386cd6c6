import Foundation
import Logging
import MCP
import MCPServer
import ToolKit
import ProxmoxModel

/// The wire under one Streamable HTTP session's `MCPCore`: POSTed messages go in, and what the
/// server sends comes out on the right HTTP response. Framing and routing only.
///
/// Routing, per the 2025-11-25 transport: a response goes to the stream of the POST that carried
/// its request; a notification or request the server sends *for* a call (progress, an
/// `elicitation/create` asking about that call's command) goes to that call's stream too, found
/// by `RelatedRequest.key` (set around the call by `MCPCore`'s direct path). Anything else goes
/// to the session's GET stream, if the client opened one, else it is dropped (the spec allows
/// it: nothing of ours depends on it). swift-sdk's `StatefulHTTPServerTransport` sends every
/// server-initiated message to the GET stream, which is why it is not used here.
actor SessionTransport: Transport {
    nonisolated let logger: Logger
    private nonisolated let incoming: AsyncThrowingStream<Data, any Swift.Error>
    private let incomingContinuation: AsyncThrowingStream<Data, any Swift.Error>.Continuation

    /// One POST's response stream and the request keys it still waits for.
    private struct Open {
        var continuation: AsyncStream<Data>.Continuation
        var waiting: Set<String>
        /// Each waiting key's id as JSON, to name it in a `notifications/cancelled`.
        var ids: [String: Data]
    }
    private var open: [Int: Open] = [:]
    private var streamOfKey: [String: Int] = [:]
    private var nextStream = 0
    private var standalone: AsyncStream<Data>.Continuation?
    private var closed = false

    init(logger: Logger) {
        self.logger = logger
        (incoming, incomingContinuation) = AsyncThrowingStream.makeStream()
    }

    func connect() async throws {}

    func disconnect() async {
        guard !closed else { return }
        closed = true
        incomingContinuation.finish()
        for stream in open.values { stream.continuation.finish() }
        open = [:]
        streamOfKey = [:]
        standalone?.finish()
        standalone = nil
    }

    nonisolated func receive() -> AsyncThrowingStream<Data, any Swift.Error> { incoming }

    /// Hands the POSTed `messages` to the core; with `requests` (their keys and ids as JSON), also
    /// opens the stream their answers (and what the server sends for them meanwhile) come out on.
    /// The stream is registered before the messages go in, so no answer can miss it.
    func submit(_ messages: [Data], requests: [(key: String, id: Data)]) -> (id: Int, stream: AsyncStream<Data>)? {
        guard !closed else { return nil }
        var result: (Int, AsyncStream<Data>)?
        if !requests.isEmpty {
            let (stream, continuation) = AsyncStream<Data>.makeStream(bufferingPolicy: .unbounded)
            let id = nextStream
            nextStream += 1
            var ids: [String: Data] = [:]
            for request in requests {
                ids[request.key] = request.id
                streamOfKey[request.key] = id
            }
            open[id] = Open(continuation: continuation, waiting: Set(ids.keys), ids: ids)
            result = (id, stream)
        }
        for message in messages { incomingContinuation.yield(message) }
        return result
    }

    /// The client went away from stream `id` (closed the connection, or the body could not be
    /// written): its unanswered calls are cancelled as a `notifications/cancelled` would, so
    /// their remote commands stop as on stdio.
    func dropped(_ id: Int) {
        guard let stream = open.removeValue(forKey: id) else { return }
        stream.continuation.finish()
        for key in stream.waiting {
            streamOfKey.removeValue(forKey: key)
            guard let requestID = stream.ids[key] else { continue }
            var message = Data(#"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"reason":"the client closed the HTTP stream","requestId":"#.utf8)
            message.append(requestID)
            message.append(contentsOf: "}}".utf8)
            incomingContinuation.yield(message)
        }
    }

    /// Every call still waiting, cancelled (a DELETE, an expired session, shutdown).
    func cancelAll() {
        for id in Array(open.keys) { dropped(id) }
    }

    /// Whether a POST stream is still open (an expired session with one is kept).
    var isBusy: Bool { !open.isEmpty || standalone != nil }

    /// The session's GET stream; nil when one is open already (the spec allows one).
    func openStandalone() -> AsyncStream<Data>? {
        guard !closed, standalone == nil else { return nil }
        let (stream, continuation) = AsyncStream<Data>.makeStream(bufferingPolicy: .bufferingNewest(256))
        standalone = continuation
        return stream
    }

    func standaloneClosed() {
        standalone?.finish()
        standalone = nil
    }

    func send(_ data: Data) async throws {
        let keys = OutgoingMessage.responseKeys(data)
        if let key = keys.first {
            guard let streamID = streamOfKey[key], var stream = open[streamID] else {
                logger.debug("no stream for a response", metadata: ["request": "\(key)"])
                return
            }
            stream.continuation.yield(data)
            for key in keys {
                streamOfKey.removeValue(forKey: key)
                stream.waiting.remove(key)
            }
            if stream.waiting.isEmpty {
                stream.continuation.finish()
                open.removeValue(forKey: streamID)
            } else {
                open[streamID] = stream
            }
            return
        }
        if let related = RelatedRequest.key, let streamID = streamOfKey[related], let stream = open[streamID] {
            stream.continuation.yield(data)
            return
        }
        if let standalone {
            standalone.yield(data)
        } else {
            logger.debug("no stream for a server message; dropped")
        }
    }
}
