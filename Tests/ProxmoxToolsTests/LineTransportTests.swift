import Foundation
import MCP
import ProxmoxTools
import Testing

@Suite("Line transport (stdio framing)")
struct LineTransportTests {
    /// Two pipes: what the test writes, the transport reads; what the transport sends, the test reads.
    static func pipes() -> (toTransport: (read: Int32, write: Int32), fromTransport: (read: Int32, write: Int32)) {
        var a: [Int32] = [0, 0], b: [Int32] = [0, 0]
        _ = pipe(&a)
        _ = pipe(&b)
        return ((a[0], a[1]), (b[0], b[1]))
    }

    @Test func messagesSplitAcrossWritesAreReassembledAndEOFEndsTheStream() async throws {
        let (input, output) = Self.pipes()
        let transport = LineTransport(readFD: input.read, writeFD: output.write, closeOnDisconnect: true)
        try await transport.connect()
        for piece in ["{\"a\":", "1}\n{\"b\"", ":2}\n\n{\"c\":3}"] {
            _ = piece.withCString { write(input.write, $0, strlen($0)) }
            try await Task.sleep(for: .milliseconds(20))
        }
        close(input.write)  // EOF: the last line has no newline and must still arrive
        var received = [String]()
        for try await message in await transport.receive() { received.append(String(decoding: message, as: UTF8.self)) }
        #expect(received == ["{\"a\":1}", "{\"b\":2}", "{\"c\":3}"])

        try await transport.send(Data("{\"ok\":true}".utf8))
        await transport.disconnect()
        var bytes = [UInt8](repeating: 0, count: 64)
        let n = read(output.read, &bytes, 64)
        #expect(String(decoding: bytes[0..<max(0, n)], as: UTF8.self) == "{\"ok\":true}\n")
        await #expect(throws: MCPError.self) { try await transport.send(Data("x".utf8)) }
        close(output.read)
    }
}
