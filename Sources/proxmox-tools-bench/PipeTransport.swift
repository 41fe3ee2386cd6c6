import Foundation
// Logging comes with MCP (its Transport protocol requires a Logger); it is not a separate dependency.
import Logging
import MCP

/// The MCP stdio framing (one JSON message per line) over a child's pipes, read by a dedicated
/// thread with blocking `read`.
///
/// Why not the SDK's `StdioTransport`: its read loop makes the descriptor non-blocking and, whenever
/// no byte is waiting, sleeps 10 ms before trying again. A response that arrives during that sleep
/// waits for it, so every timed call would carry 0–10 ms of the *client's* polling — more than the
/// call itself. Real clients (Claude Desktop, the Python SDK) wake on the data. `warm --sdk-transport`
/// measures the SDK transport as well, to show the difference.
actor PipeTransport: Transport {
    nonisolated let logger = Logger(label: "proxmox-tools-bench.pipe", factory: { _ in SwiftLogNoOpLogHandler() })
    private let readFD: Int32
    private let writeFD: Int32
    private var writeOpen = true
    private let stream: AsyncThrowingStream<Data, any Swift.Error>
    private let continuation: AsyncThrowingStream<Data, any Swift.Error>.Continuation
    private var started = false

    /// Takes ownership of both descriptors: `readFD` (the server's stdout), `writeFD` (its stdin).
    init(readFD: Int32, writeFD: Int32) {
        self.readFD = readFD
        self.writeFD = writeFD
        (stream, continuation) = AsyncThrowingStream.makeStream()
    }

    func connect() async throws {
        guard !started else { return }
        started = true
        let fd = readFD
        let continuation = continuation
        let thread = Thread { PipeTransport.readLines(from: fd, into: continuation) }
        thread.name = "mcp-pipe-reader"
        thread.start()
    }

    /// Closes the server's stdin; the server then exits (stdin EOF), which ends the reader thread.
    func disconnect() async {
        guard writeOpen else { return }
        writeOpen = false
        close(writeFD)
    }

    func send(_ data: Data) async throws {
        guard writeOpen else { throw MCPError.transportError(POSIXError(.ENOTCONN)) }
        var line = [UInt8](data)
        line.append(UInt8(ascii: "\n"))
        // A blocking write on an actor: the pipe holds 64 KiB and the server reads continuously, so
        // this returns at once for requests of a few hundred bytes.
        try writeAll(writeFD, line)
    }

    func receive() -> AsyncThrowingStream<Data, any Swift.Error> { stream }

    private static func readLines(from fd: Int32, into continuation: AsyncThrowingStream<Data, any Swift.Error>.Continuation) {
        defer { close(fd) }
        let size = 1 << 16
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
        defer { buffer.deallocate() }
        var pending = Data()
        while true {
            let count = read(fd, buffer, size)
            if count < 0 && errno == EINTR { continue }
            if count < 0 {
                continuation.finish(throwing: BenchError("reading the server's stdout failed: \(String(cString: strerror(errno)))"))
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
        continuation.finish()
    }
}
