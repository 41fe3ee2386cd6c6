import Foundation
public import Logging
public import MCP
import POSIXSupport

/// MCP's stdio framing (one JSON message per line) over two file descriptors, read by a dedicated
/// thread with blocking `read(2)`. Framing only: what the messages mean is `MCPCore`'s, which
/// wraps this transport (and any other).
///
/// Why not the SDK's `StdioTransport`: its read loop makes stdin non-blocking and sleeps 10 ms
/// whenever no byte is waiting, so every request waits 0–10 ms before it is even seen, and an idle
/// server wakes 100 times a second. Here the reader sleeps in the kernel until data arrives.
public actor LineTransport: Transport {
    public nonisolated let logger: Logger
    private let readFD: Int32
    private let writeFD: Int32
    private let closeOnDisconnect: Bool
    /// False once disconnected: nothing more is written (the descriptor may be closed and its
    /// number reused).
    private var writeOpen = true
    private var started = false
    private let stream: AsyncThrowingStream<Data, any Swift.Error>
    private let continuation: AsyncThrowingStream<Data, any Swift.Error>.Continuation

    /// `readFD` delivers incoming messages, `writeFD` takes outgoing ones. With `closeOnDisconnect`
    /// both are closed by `disconnect()` (for pipes to a child); stdin/stdout are left open.
    public init(readFD: Int32 = STDIN_FILENO, writeFD: Int32 = STDOUT_FILENO, closeOnDisconnect: Bool = false,
                logger: Logger = Logger(label: "proxmox-tools.transport", factory: { _ in SwiftLogNoOpLogHandler() })) {
        self.readFD = readFD
        self.writeFD = writeFD
        self.closeOnDisconnect = closeOnDisconnect
        self.logger = logger
        (stream, continuation) = AsyncThrowingStream.makeStream()
    }

    public func connect() async throws {
        guard !started else { return }
        started = true
        let (fd, continuation, owned) = (readFD, continuation, closeOnDisconnect)
        // A thread of its own (blocking read(2)); if none can be started, serving fails now, saying why.
        try DedicatedThread.start(name: "mcp-line-reader") {
            LineTransport.readLines(from: fd) { line in
                continuation.yield(line)
            } finish: { error in
                continuation.finish(throwing: error)
            }
            if owned { close(fd) }
        }
    }

    public func disconnect() async {
        guard writeOpen else { return }
        writeOpen = false
        if closeOnDisconnect { close(writeFD) }
        continuation.finish()
    }

    /// Writes `data` and a newline, blocking: the peer reads continuously, so this returns as soon
    /// as the pipe takes it. Isolated to the actor, so whole lines never interleave.
    public func send(_ data: Data) async throws {
        guard writeOpen else { throw MCPError.transportError(POSIXError(.ENOTCONN)) }
        do {
            try Self.writeLine(data, to: writeFD)
        } catch {
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

    private static func writeLine(_ data: Data, to fd: Int32) throws(MCPError) {
        var line = data
        line.append(UInt8(ascii: "\n"))
        let failure: Int32? = line.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < bytes.count {
                let n = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += n
            }
            return nil
        }
        if let failure { throw MCPError.transportError(POSIXError(POSIXErrorCode(rawValue: failure) ?? .EIO)) }
    }

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

extension Data {
    /// Empty, or only spaces, tabs and a CR (a CRLF line end): not a message, skipped.
    fileprivate var isBlankLine: Bool {
        allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }
    }
}
