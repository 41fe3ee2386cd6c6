import Foundation
import MCP
import Testing
import MCPServer
import MCPStdio

@Suite("Line transport (stdio framing) and the MCP core's JSON-RPC gate")
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
        for piece in [#"{"jsonrpc":"2.0","method":"#, #""a"}"# + "\n" + #"{"jsonrpc":"2.0","#, #""method":"b"}"# + "\n\n" + #"{"jsonrpc":"2.0","method":"c"}"#] {
            _ = piece.withCString { write(input.write, $0, strlen($0)) }
            try await Task.sleep(for: .milliseconds(20))
        }
        close(input.write)  // EOF: the last line has no newline and must still arrive
        var received = [String]()
        for try await message in await transport.receive() { received.append(String(decoding: message, as: UTF8.self)) }
        #expect(received == [#"{"jsonrpc":"2.0","method":"a"}"#, #"{"jsonrpc":"2.0","method":"b"}"#, #"{"jsonrpc":"2.0","method":"c"}"#])

        try await transport.send(Data("{\"ok\":true}".utf8))
        await transport.disconnect()
        var bytes = [UInt8](repeating: 0, count: 64)
        let n = read(output.read, &bytes, 64)
        #expect(String(decoding: bytes[0..<max(0, n)], as: UTF8.self) == "{\"ok\":true}\n")
        await #expect(throws: MCPError.self) { try await transport.send(Data("x".utf8)) }
        close(output.read)
    }

    /// A transport on pipes under an `MCPCore` that answers nothing itself (so what the gate
    /// forwards can be read), with helpers to write lines to it and read what it writes back.
    final class Harness: @unchecked Sendable {
        // @unchecked: the descriptors are plain integers, used by one test at a time.
        let transport: LineTransport
        let core: MCPCore
        let input: (read: Int32, write: Int32)
        let output: (read: Int32, write: Int32)

        /// `connectCore: false` leaves both unconnected, for a server that starts its own core on `transport`.
        init(connectCore: Bool = true) async throws {
            (input, output) = LineTransportTests.pipes()
            transport = LineTransport(readFD: input.read, writeFD: output.write, closeOnDisconnect: true)
            core = MCPCore(over: transport)
            if connectCore { try await core.connect() }
        }

        func write(_ line: String) {
            let bytes = Array((line + "\n").utf8)
            _ = bytes.withUnsafeBytes { Glibc.write(input.write, $0.baseAddress, $0.count) }
        }

        /// The next line the transport wrote; nil if none came. Read on a thread of its own (not
        /// Dispatch's few workers, not the cooperative pool, which the core's pump needs): up to
        /// 30 s, a hang guard for a loaded machine.
        func readLine() async -> String? {
            let fd = output.read
            return await withCheckedContinuation { continuation in
                Thread {
                    var line = [UInt8](), byte: UInt8 = 0
                    while true {
                        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                        guard poll(&pfd, 1, 30_000) > 0, read(fd, &byte, 1) == 1 else {
                            return continuation.resume(returning: nil)
                        }
                        if byte == UInt8(ascii: "\n") { return continuation.resume(returning: String(decoding: line, as: UTF8.self)) }
                        line.append(byte)
                    }
                }.start()
            }
        }

        /// What the core forwarded to the SDK, after EOF.
        func forwarded() async throws -> [String] {
            Glibc.close(input.write)
            var received = [String]()
            for try await message in await core.receive() { received.append(String(decoding: message, as: UTF8.self)) }
            return received
        }

        func close() async {
            await core.disconnect()
            Glibc.close(output.read)
        }
    }

    static func json(_ text: String?) -> Value? {
        text.flatMap { try? JSONDecoder().decode(Value.self, from: Data($0.utf8)) }
    }

    /// Lines the SDK would answer wrongly (or not at all) are answered by the core itself and
    /// never reach the SDK.
    @Test(arguments: [
        ("not json", -32700, Value.null),
        (#"{"jsonrpc":"2.0","id":1.5,"method":"ping"}"#, -32600, .null),
        (#"{"jsonrpc":"2.0","id":true,"method":"ping"}"#, -32600, .null),
        (#"{"jsonrpc":"2.0","id":{"a":1},"method":"ping"}"#, -32600, .null),
        (#"{"jsonrpc":"2.0","id":[1],"method":"ping"}"#, -32600, .null),
        (#"{"id":7,"method":"ping"}"#, -32600, 7),
        (#"{"jsonrpc":"1.0","id":"x","method":"ping"}"#, -32600, "x"),
        (#"{"jsonrpc":"2.0","id":8,"method":"ping","params":5}"#, -32600, 8),
        (#"{"jsonrpc":"2.0","id":8,"method":"ping","params":"p"}"#, -32600, 8),
        (#"{"jsonrpc":"2.0","id":9,"method":7}"#, -32600, 9),
        (#"{"jsonrpc":"2.0","id":10}"#, -32600, 10),
        (#"{"jsonrpc":"2.0","id":11,"method":"tools/call"}"#, -32602, 11),
        (#"{"jsonrpc":"2.0","id":12,"method":"tools/call","params":[1]}"#, -32602, 12),
        (#"{"jsonrpc":"2.0","id":13,"method":"tools/call","params":{"arguments":{}}}"#, -32602, 13),
        (#"{"jsonrpc":"2.0","id":14,"method":"tools/call","params":{"name":"x","arguments":[1]}}"#, -32602, 14),
        (#"{"jsonrpc":"2.0","id":15,"method":"initialize"}"#, -32602, 15),
        (#"{"jsonrpc":"2.0","id":16,"method":"initialize","params":{"protocolVersion":"1","capabilities":{},"clientInfo":{"name":"x"}}}"#, -32602, 16),
        ("[]", -32600, .null),
        ("42", -32600, .null),
    ])
    func invalidMessagesAreAnsweredHere(line: String, code: Int, id: Value) async throws {
        let harness = try await Harness()
        harness.write(line)
        let answer = try #require(Self.json(await harness.readLine()))
        #expect(answer["jsonrpc"] == "2.0")
        #expect(answer["id"] == id)
        #expect(answer["error"]?["code"] == .int(code))
        let message = answer["error"]?["message"]?.stringValue ?? ""
        #expect(!message.contains("correct format"), "\(message)")
        #expect(try await harness.forwarded().isEmpty)
        await harness.close()
    }

    @Test func validMessagesPassUnchanged() async throws {
        let harness = try await Harness()
        let lines = [
            #"{"jsonrpc":"2.0","id":"abc","method":"ping"}"#,
            #"{"jsonrpc":"2.0","id":-3,"method":"tools/list","params":{}}"#,
            #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
            #"{"jsonrpc":"2.0","id":4,"result":{}}"#,
            #"[{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","method":"notifications/x"}]"#,
        ]
        for line in lines { harness.write(line) }
        #expect(try await harness.forwarded() == lines)
        await harness.close()
    }

    /// The SDK turns a null id into "": the core gives it a placeholder and puts null back.
    @Test func aNullIdIsEchoedAsNull() async throws {
        let harness = try await Harness()
        harness.write(#"{"jsonrpc":"2.0","id":null,"method":"ping"}"#)
        let forwarded = try await harness.forwarded()
        let request = try #require(Self.json(forwarded.first))
        let placeholder = try #require(request["id"]?.stringValue)
        try await harness.core.send(Data(#"{"id":"\#(placeholder)","jsonrpc":"2.0","result":{}}"#.utf8))
        let answer = try #require(Self.json(await harness.readLine()))
        #expect(answer == ["id": .null, "jsonrpc": "2.0", "result": [:]])
        await harness.close()
    }

    @Test func invalidItemsOfABatchAreAnsweredInsideTheBatchAnswer() async throws {
        let harness = try await Harness()
        harness.write(#"[{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","id":2.5,"method":"ping"},7]"#)
        let forwarded = try await harness.forwarded()
        #expect(forwarded.count == 1)
        #expect(Self.json(forwarded.first)?.arrayValue?.count == 1)
        try await harness.core.send(Data(#"[{"id":1,"jsonrpc":"2.0","result":{}}]"#.utf8))
        let answer = try #require(Self.json(await harness.readLine())?.arrayValue)
        #expect(answer.count == 3)
        #expect(answer[0]["id"] == 1)
        #expect(answer[1]["error"]?["code"] == -32600)
        #expect(answer[2]["error"]?["code"] == -32600)
        await harness.close()
    }

    /// After notifications/cancelled the response for that id is not sent; others are.
    @Test func aCancelledRequestGetsNoResponse() async throws {
        let harness = try await Harness()
        harness.write(#"{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"t"}}"#)
        harness.write(#"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":5,"reason":"user"}}"#)
        #expect(try await harness.forwarded().count == 2)
        try await harness.core.send(Data(#"{"id":5,"jsonrpc":"2.0","result":{}}"#.utf8))
        try await harness.core.send(Data(#"{"id":6,"jsonrpc":"2.0","result":{}}"#.utf8))
        #expect(Self.json(await harness.readLine())?["id"] == 6)
        await harness.close()
    }

    @Test func foundationsDecodingMessageIsReworded() async throws {
        let harness = try await Harness()
        try await harness.core.send(Data(#"{"error":{"code":-32603,"data":{"detail":"The data isn’t in the correct format."},"message":"Internal error: The data isn’t in the correct format."},"id":3,"jsonrpc":"2.0"}"#.utf8))
        let answer = try #require(Self.json(await harness.readLine()))
        #expect(answer["id"] == 3)
        #expect(answer["error"]?["code"] == -32602)
        #expect(answer["error"]?["message"]?.stringValue?.contains("correct format") == false)
        await harness.close()
    }
}
