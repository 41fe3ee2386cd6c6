import Foundation
public import Logging
public import MCP

/// The MCP layer every transport shares, as a decorator over any swift-sdk `Transport`: the SDK's
/// `Server` is started on the core, the core on the wire (stdio lines, the in-memory pair, later
/// HTTP). So every wire answers the same request with the same bytes, and a wire is framing only.
///
/// What the core does between the two:
/// - every incoming message passes a `JSONRPCGate` first, which answers the JSON-RPC edges the SDK
///   gets wrong (see there) and drops, on the way out, a response to a request the client cancelled;
/// - with `toolCall`, a single `tools/call` does not reach the SDK at all: the handler runs it in a
///   task of its own (cancelled by `notifications/cancelled`) and its result, already JSON, is sent
///   as is. Why: swift-sdk 0.12.1's request path decodes every request into `Value` up to four
///   times (as a batch, a response, a request, then as `Request<CallTool>`) and every result twice
///   more, and `Value`'s decoder builds and runs a data-URL regex for each string — most of the
///   server's CPU per call;
/// - with `toolsList`, a single `tools/list` is answered with those bytes, made on the first request
///   and kept (the SDK's way decodes the whole list into `Value`: most of start-up's time);
/// - a `tools/call` inside a batch still goes through the SDK, and its result skips the `Value`
///   round trip: the SDK sends a placeholder that `send` swaps for the stored bytes (`EncodedResults`).
///
/// Batches stay: swift-sdk 0.12.1 still negotiates 2025-03-26 (`Version.supported`), the last
/// revision with JSON-RPC batching, so a client speaking it may send one. When that revision is no
/// longer negotiated, the gate's batch branch and `EncodedResults` can go.
///
/// The SDK keeps everything else: initialize, ping, elicitation and its responses, progress, batches.
public actor MCPCore: Transport {
    public nonisolated let logger: Logger
    private let wire: any Transport
    private let gate = JSONRPCGate()
    private let toolCalls: DirectToolCalls
    /// Results of batched `tools/call`s encoded by us, spliced into the SDK's responses in `send`.
    public nonisolated let encodedResults: EncodedResults
    private var connected = false
    private var pump: Task<Void, Never>?
    private let stream: AsyncThrowingStream<Data, any Swift.Error>
    private let continuation: AsyncThrowingStream<Data, any Swift.Error>.Continuation

    /// `toolsList`: a `ListTools.Result` as JSON; `toolCall`: runs one `tools/call`. Without them
    /// those requests go to the SDK (with the gate's checks still made).
    public init(over wire: any Transport, logger: Logger = Logger(label: "proxmox-tools.mcp", factory: { _ in SwiftLogNoOpLogHandler() }),
                encodedResults: EncodedResults = EncodedResults(),
                toolsList: (@Sendable () -> Data)? = nil, toolCall: ToolCallHandler? = nil) {
        self.wire = wire
        self.logger = logger
        self.encodedResults = encodedResults
        toolCalls = DirectToolCalls(handler: toolCall, makeList: toolsList)
        if toolCall != nil { gate.answerDirectly("tools/call") }
        if toolsList != nil { gate.answerDirectly("tools/list") }
        (stream, continuation) = AsyncThrowingStream.makeStream()
    }

    public func connect() async throws {
        guard !connected else { return }
        connected = true
        try await wire.connect()
        let messages = await wire.receive()
        let (gate, toolCalls, wire, continuation, logger) = (gate, toolCalls, wire, continuation, logger)
        pump = Task {
            await Self.pump(messages, gate: gate, toolCalls: toolCalls, wire: wire, forward: continuation, logger: logger)
        }
    }

    /// Not isolated to the core: each message is judged as it arrives, in order, on no actor,
    /// while the SDK's `send`s go through the actor.
    private static func pump(_ messages: AsyncThrowingStream<Data, any Swift.Error>, gate: JSONRPCGate,
                             toolCalls: DirectToolCalls, wire: any Transport,
                             forward: AsyncThrowingStream<Data, any Swift.Error>.Continuation, logger: Logger) async {
        do {
            for try await message in messages {
                await take(message, gate: gate, toolCalls: toolCalls, wire: wire, forward: forward, logger: logger)
            }
            forward.finish()
        } catch {
            forward.finish(throwing: error)
        }
    }

    private static func take(_ message: Data, gate: JSONRPCGate, toolCalls: DirectToolCalls, wire: any Transport,
                             forward: AsyncThrowingStream<Data, any Swift.Error>.Continuation, logger: Logger) async {
        let decision = gate.incoming(message)
        if let reply = decision.reply {
            logger.info("answered an invalid JSON-RPC message", metadata: ["answer": "\(String(decoding: reply, as: UTF8.self))"])
            await deliver(reply, over: wire, logger: logger)
        }
        for key in decision.cancels { toolCalls.cancel(key) }
        if let id = decision.listTools, let line = toolCalls.listResponse(id: id) {
            await deliver(line, over: wire, logger: logger)
        }
        if let call = decision.call {
            toolCalls.start(call) { response in
                // The client cancelled it after all: no response (the spec's rule).
                if gate.takeCancellation(call.key) { return }
                await deliver(response, over: wire, logger: logger)
            }
        }
        if let message = decision.forward { forward.yield(message) }
    }

    /// An answer of ours: a wire that cannot take it any more ends its own input (stdio on EPIPE),
    /// which stops the server; nothing else is to be done here.
    private static func deliver(_ message: Data, over wire: any Transport, logger: Logger) async {
        do {
            try await wire.send(message)
        } catch {
            logger.debug("could not send an answer", metadata: ["error": "\(error)"])
        }
    }

    /// Returns once every `tools/call` the core answers itself has had its answer sent, and the
    /// results of batched calls that the SDK holds have been sent too (for at most `batchBound`:
    /// the SDK sends a handler's answer just after it returns, and we cannot see when). What a
    /// shutdown waits for before the wire closes.
    func waitUntilAnswered(batchBound: Duration = .seconds(1)) async {
        await toolCalls.waitUntilAnswered()
        let deadline = ContinuousClock.now + batchBound
        while encodedResults.waiting > 0, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    public func disconnect() async {
        await wire.disconnect()
        pump?.cancel()
        continuation.finish()
    }

    /// A message from the SDK: through the gate, with batched results spliced in, onto the wire.
    public func send(_ data: Data) async throws {
        let results = encodedResults.placeholders(in: data)
        guard var data = gate.outgoing(data) else {
            encodedResults.discard(results)
            logger.debug("dropped the response to a cancelled request")
            return
        }
        // After the gate: it looks at the small message with the placeholder, not at the result.
        if !results.isEmpty { data = encodedResults.splice(results, into: data) }
        try await wire.send(data)
    }

    public func receive() -> AsyncThrowingStream<Data, any Swift.Error> { stream }
}
