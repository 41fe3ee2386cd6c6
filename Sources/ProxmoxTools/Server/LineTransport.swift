import Foundation
import Synchronization
public import Logging
public import MCP
import SSH

/// MCP's stdio framing (one JSON message per line) over two file descriptors, read by a dedicated
/// thread with blocking `read(2)`.
///
/// Why not the SDK's `StdioTransport`: its read loop makes stdin non-blocking and sleeps 10 ms
/// whenever no byte is waiting, so every request waits 0–10 ms before it is even seen, and an idle
/// server wakes 100 times a second. Here the reader sleeps in the kernel until data arrives.
///
/// Every line passes a `JSONRPCGate` first: JSON-RPC mistakes the SDK would answer wrongly (or not
/// at all) are answered here, and responses to cancelled requests are dropped on the way out.
///
/// With `answerToolCalls`, a single `tools/call` request does not go to the SDK at all: the
/// handler runs it and its result, already JSON, is written out here. Why: swift-sdk 0.12.1's
/// request path decodes every request into `Value` up to four times (as a batch, a response, a
/// request, then again as `Request<CallTool>`) and every result twice more, and `Value`'s decoder
/// builds and runs a data-URL regex for each string — most of the server's CPU per call. The SDK
/// keeps everything else (initialize, tools/list, pings, elicitation responses, batches — whose
/// `tools/call`s still skip the result's round trip, see `EncodedResults`).
public actor LineTransport: EncodedResultTransport {
    public nonisolated let logger: Logger
    private let readFD: Int32
    private let writeFD: Int32
    private let closeOnDisconnect: Bool
    private var writeOpen = true
    private var started = false
    private let gate = JSONRPCGate()
    /// `tools/call` results we encoded ourselves, spliced into the SDK's responses in `send`.
    public nonisolated let encodedResults = EncodedResults()
    /// Serializes whole-line writes from `send` and from the reader thread's direct answers.
    private let writeLock = WriteLock()
    /// The `tools/call`s this transport answers itself, and the handler that runs them.
    private let toolCalls = DirectToolCalls()
    private let stream: AsyncThrowingStream<Data, any Swift.Error>
    private let continuation: AsyncThrowingStream<Data, any Swift.Error>.Continuation

    /// `readFD` delivers incoming messages, `writeFD` takes outgoing ones. With `closeOnDisconnect`
    /// both are closed by `disconnect()` (for pipes to a child); stdin/stdout are left open.
    public init(readFD: Int32 = STDIN_FILENO, writeFD: Int32 = STDOUT_FILENO, closeOnDisconnect: Bool = false,
                logger: Logger = Logger(label: "proxmox-tools.transport")) {
        self.readFD = readFD
        self.writeFD = writeFD
        self.closeOnDisconnect = closeOnDisconnect
        self.logger = logger
        (stream, continuation) = AsyncThrowingStream.makeStream()
    }

    public func connect() async throws {
        guard !started else { return }
        started = true
        let fd = readFD
        let continuation = continuation
        let owned = closeOnDisconnect
        let (gate, writeLock, writeFD, logger, toolCalls) = (gate, writeLock, writeFD, logger, toolCalls)
        // A thread of its own (blocking read(2)); if none can be started, serving fails now, saying why.
        try DedicatedThread.start(name: "mcp-line-reader") {
            LineTransport.readLines(from: fd) { line in
                let decision = gate.incoming(line)
                if let reply = decision.reply {
                    logger.info("answered an invalid JSON-RPC message", metadata: ["answer": "\(String(decoding: reply, as: UTF8.self))"])
                    do {
                        try writeLock.writeLine(reply, to: writeFD)
                    } catch {
                        logger.warning("cannot write to the client", metadata: ["error": "\(error)"])
                    }
                }
                for key in decision.cancels { toolCalls.cancel(key) }
                if let id = decision.listTools, let line = toolCalls.listResponse(id: id) {
                    LineTransport.write(line, writeLock: writeLock, to: writeFD, continuation: continuation, logger: logger)
                }
                if let call = decision.call {
                    toolCalls.start(call) { response in
                        // The client cancelled it after all: no response (the spec's rule).
                        if gate.takeCancellation(call.key) { return }
                        LineTransport.write(response, writeLock: writeLock, to: writeFD, continuation: continuation, logger: logger)
                    }
                }
                if let forward = decision.forward { continuation.yield(forward) }
            } finish: { error in
                continuation.finish(throwing: error)
            }
            if owned { close(fd) }
        }
    }

    /// From now on, single `tools/call` requests are answered by `handler` (run in a task of its
    /// own; cancelled by `notifications/cancelled`) instead of going to the SDK.
    public func answerToolCalls(with handler: @escaping ToolCallHandler) {
        toolCalls.install(handler)
        gate.answerDirectly("tools/call")
    }

    /// From now on, single `tools/list` requests are answered with `result` (a `ListTools.Result`
    /// as JSON, made on the first request and kept) instead of going to the SDK, whose way there
    /// decodes the whole tool list into `Value` (a regex per string: most of start-up's time).
    public func answerToolsList(with result: @escaping @Sendable () -> Data) {
        toolCalls.installList(result)
        gate.answerDirectly("tools/list")
    }

    /// Writes one line; a closed output pipe (EPIPE) ends the input, as in `send`.
    private static func write(_ line: Data, writeLock: WriteLock, to fd: Int32,
                              continuation: AsyncThrowingStream<Data, any Swift.Error>.Continuation, logger: Logger) {
        do {
            try writeLock.writeLine(line, to: fd)
        } catch {
            if case .transportError(let cause) = error as? MCPError, (cause as? POSIXError)?.code == .EPIPE {
                logger.info("the client closed the output pipe; shutting down")
                continuation.finish()
            } else {
                logger.debug("could not write a tools/call answer", metadata: ["error": "\(error)"])
            }
        }
    }

    public func disconnect() async {
        guard writeOpen else { return }
        writeOpen = false
        writeLock.shut(closing: closeOnDisconnect ? writeFD : nil)
        continuation.finish()
    }

    public func send(_ data: Data) async throws {
        guard writeOpen else { throw MCPError.transportError(POSIXError(.ENOTCONN)) }
        let results = encodedResults.placeholders(in: data)
        guard var data = gate.outgoing(data) else {
            encodedResults.discard(results)
            logger.debug("dropped the response to a cancelled request")
            return
        }
        // After the gate: it looks at the small message with the placeholder, not at the result.
        if !results.isEmpty { data = encodedResults.splice(results, into: data) }
        // Blocking write: the peer reads continuously, so this returns as soon as the pipe takes it.
        do {
            try writeLock.writeLine(data, to: writeFD)
        } catch let error as MCPError {
            // The client closed our stdout (EPIPE; SIGPIPE is ignored): nobody can hear us any more,
            // which is a shutdown — end the input so the server stops its calls and exits.
            if case .transportError(let cause) = error, (cause as? POSIXError)?.code == .EPIPE {
                logger.info("the client closed the output pipe; shutting down")
                continuation.finish()
            }
            throw error
        }
    }

    public func receive() -> AsyncThrowingStream<Data, any Swift.Error> { stream }

    private static func readLines(from fd: Int32, each deliver: (Data) -> Void, finish: ((any Swift.Error)?) -> Void) {
        let size = 1 << 16
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
        defer { buffer.deallocate() }
        var pending = Data()
        while true {
            let count = read(fd, buffer, size)
            if count < 0 && errno == EINTR { continue }
            if count < 0 {
                finish(MCPError.transportError(POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)))
                return
            }
            if count == 0 { break }
            let chunk = UnsafeBufferPointer(start: buffer, count: count)
            var lineStart = 0
            for index in 0..<count where chunk[index] == UInt8(ascii: "\n") {
                pending.append(contentsOf: chunk[lineStart..<index])
                if !pending.isBlankLine { deliver(pending) }
                pending = Data()
                lineStart = index + 1
            }
            pending.append(contentsOf: chunk[lineStart..<count])
        }
        if !pending.isBlankLine { deliver(pending) }
        finish(nil)
    }
}

/// What a `ToolCallHandler` answers.
public enum ToolCallAnswer: Sendable {
    /// A `CallTool.Result`, as JSON (`ToolCallOutcome.mcpResult`).
    case result(Data)
    /// A JSON-RPC error (a protocol mistake such as an unknown tool).
    case error(MCPError)
    /// Nothing: the client cancelled the request.
    case noResponse
}

/// Runs one `tools/call` (tool name, arguments, `_meta.progressToken`) for `LineTransport.answerToolCalls`.
public typealias ToolCallHandler = @Sendable (_ name: String, _ arguments: [String: Value]?, _ progressToken: ProgressToken?) async -> ToolCallAnswer

/// The handler and the calls in flight, by request key, so `notifications/cancelled` can cancel them.
final class DirectToolCalls: Sendable {
    private struct State {
        var handler: ToolCallHandler?
        var running: [String: Task<Void, Never>] = [:]
        var makeList: (@Sendable () -> Data)?
        var list: Data?
    }

    private let state = Mutex(State())

    func install(_ handler: @escaping ToolCallHandler) {
        state.withLock { $0.handler = handler }
    }

    func installList(_ make: @escaping @Sendable () -> Data) {
        state.withLock { $0.makeList = make }
    }

    /// The `tools/list` response line for request `id`.
    func listResponse(id: Value) -> Data? {
        let list = state.withLock { state -> Data? in
            if state.list == nil { state.list = state.makeList?() }
            return state.list
        }
        return list.flatMap { Self.response(id: id, answer: .result($0)) }
    }

    /// Runs `call` in a task of its own and hands `respond` the response line, if any.
    func start(_ call: JSONRPCGate.ToolCallRequest, respond: @escaping @Sendable (Data) -> Void) {
        state.withLock { state in
            guard let handler = state.handler else { return }
            let task = Task { [self] in
                let answer = await handler(call.name, call.arguments, call.progressToken)
                if let key = call.key { finished(key) }
                if let line = Self.response(id: call.id, answer: answer) { respond(line) }
            }
            // A client that reuses the id of a call still running: the earlier one can no longer be cancelled by id.
            if let key = call.key { state.running[key] = task }
        }
    }

    private func finished(_ key: String) {
        _ = state.withLock { $0.running.removeValue(forKey: key) }
    }

    func cancel(_ key: String) {
        state.withLock { $0.running[key] }?.cancel()
    }

    /// `{"id":…,"jsonrpc":"2.0","result":…}` (or `"error"`), keys sorted as the SDK writes them.
    static func response(id: Value, answer: ToolCallAnswer) -> Data? {
        var line = Data(#"{"#.utf8)
        switch answer {
        case .noResponse:
            return nil
        case .error(let error):
            line.append(contentsOf: #""error":"#.utf8)
            line.append((try? JSONValueCoding.compactJSON(error)) ?? Data(#"{"code":-32603,"message":"Internal error"}"#.utf8))
            line.append(contentsOf: #","id":"#.utf8)
            appendID(id, to: &line)
            line.append(contentsOf: #","jsonrpc":"2.0"}"#.utf8)
        case .result(let result):
            line.append(contentsOf: #""id":"#.utf8)
            appendID(id, to: &line)
            line.append(contentsOf: #","jsonrpc":"2.0","result":"#.utf8)
            line.append(result)
            line.append(UInt8(ascii: "}"))
        }
        return line
    }

    private static func appendID(_ id: Value, to line: inout Data) {
        switch id {
        case .int(let number): line.append(contentsOf: String(number).utf8)
        case .string(let text): JSONValueCoding.appendQuoted(text, to: &line)
        default: line.append(contentsOf: "null".utf8)
        }
    }
}

/// Whole-line writes to one descriptor, one at a time (a line longer than PIPE_BUF written by two
/// threads at once could interleave).
final class WriteLock: Sendable {
    /// False once the transport disconnected: nothing more is written (the descriptor may be closed
    /// and its number reused).
    private let open = Mutex(true)

    func shut(closing fd: Int32?) {
        open.withLock { isOpen in
            isOpen = false
            if let fd { close(fd) }
        }
    }

    func writeLine(_ data: Data, to fd: Int32) throws {
        var line = data
        line.append(UInt8(ascii: "\n"))
        try open.withLock { isOpen in
            guard isOpen else { throw MCPError.transportError(POSIXError(.ENOTCONN)) }
            try line.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
                var offset = 0
                while offset < bytes.count {
                    let n = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                    if n < 0 {
                        if errno == EINTR { continue }
                        throw MCPError.transportError(POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO))
                    }
                    offset += n
                }
            }
        }
    }
}

extension Data {
    /// Empty, or only spaces, tabs and a CR (a CRLF line end): not a message, skipped.
    fileprivate var isBlankLine: Bool {
        allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }
    }
}
