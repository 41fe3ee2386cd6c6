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
        let (gate, writeLock, writeFD, logger) = (gate, writeLock, writeFD, logger)
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
                if let forward = decision.forward { continuation.yield(forward) }
            } finish: { error in
                continuation.finish(throwing: error)
            }
            if owned { close(fd) }
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
