import Foundation
public import Logging
public import MCP

/// MCP's stdio framing (one JSON message per line) over two file descriptors, read by a dedicated
/// thread with blocking `read(2)`.
///
/// Why not the SDK's `StdioTransport`: its read loop makes stdin non-blocking and sleeps 10 ms
/// whenever no byte is waiting, so every request waits 0–10 ms before it is even seen, and an idle
/// server wakes 100 times a second. Here the reader sleeps in the kernel until data arrives.
public actor LineTransport: Transport {
    public nonisolated let logger: Logger
    private let readFD: Int32
    private let writeFD: Int32
    private let closeOnDisconnect: Bool
    private var writeOpen = true
    private var started = false
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
        let thread = Thread {
            LineTransport.readLines(from: fd, into: continuation)
            if owned { close(fd) }
        }
        thread.name = "mcp-line-reader"
        thread.start()
    }

    public func disconnect() async {
        guard writeOpen else { return }
        writeOpen = false
        if closeOnDisconnect { close(writeFD) }
        continuation.finish()
    }

    public func send(_ data: Data) async throws {
        guard writeOpen else { throw MCPError.transportError(POSIXError(.ENOTCONN)) }
        var line = data
        line.append(UInt8(ascii: "\n"))
        // Blocking write: the peer reads continuously, so this returns as soon as the pipe takes it.
        try line.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < bytes.count {
                let n = write(writeFD, bytes.baseAddress! + offset, bytes.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw MCPError.transportError(POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO))
                }
                offset += n
            }
        }
    }

    public func receive() -> AsyncThrowingStream<Data, any Swift.Error> { stream }

    private static func readLines(from fd: Int32, into continuation: AsyncThrowingStream<Data, any Swift.Error>.Continuation) {
        let size = 1 << 16
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
        defer { buffer.deallocate() }
        var pending = Data()
        while true {
            let count = read(fd, buffer, size)
            if count < 0 && errno == EINTR { continue }
            if count < 0 {
                continuation.finish(throwing: MCPError.transportError(POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)))
                return
            }
            if count == 0 { break }
            let chunk = UnsafeBufferPointer(start: buffer, count: count)
            var lineStart = 0
            for index in 0..<count where chunk[index] == UInt8(ascii: "\n") {
                pending.append(contentsOf: chunk[lineStart..<index])
                if !pending.isEmpty { continuation.yield(pending) }
                pending = Data()
                lineStart = index + 1
            }
            pending.append(contentsOf: chunk[lineStart..<count])
        }
        if !pending.isEmpty { continuation.yield(pending) }
        continuation.finish()
    }
}
