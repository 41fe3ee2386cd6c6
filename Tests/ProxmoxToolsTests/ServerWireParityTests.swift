import Foundation
import Logging
import MCP
import Testing
import MCPServer
import ToolKit

/// One conversation, spoken raw over the SDK's in-memory transport and over our stdio framing
/// (pipes): both go through the same `MCPCore`, so every answer must be the same bytes.
@Suite("MCP over every wire")
struct ServerWireParityTests {
    /// A client end that sends one message and reads the next the server wrote.
    protocol Wire: Sendable {
        func send(_ message: String) async throws
        /// The next message, or nil when none came within 30 s (a hang guard for a loaded machine).
        func next() async throws -> String?
    }

    final class MemoryWire: Wire, @unchecked Sendable {
        // @unchecked: the iterator is used by one test step at a time.
        let client: InMemoryTransport
        private var incoming: AsyncThrowingStream<Data, any Error>.Iterator

        init(_ client: InMemoryTransport) async throws {
            self.client = client
            try await client.connect()
            incoming = await client.receive().makeAsyncIterator()
        }

        func send(_ message: String) async throws { try await client.send(Data(message.utf8)) }

        func next() async throws -> String? {
            try await withThrowingTaskGroup(of: String?.self) { group in
                group.addTask { [self] in try await incoming.next().map { String(decoding: $0, as: UTF8.self) } }
                group.addTask { try await Task.sleep(for: .seconds(30)); return nil }
                let first = try await group.next() ?? nil
                group.cancelAll()
                return first
            }
        }
    }

    struct PipeWire: Wire {
        let harness: LineTransportTests.Harness
        func send(_ message: String) async throws { harness.write(message) }
        func next() async throws -> String? { await EncodedResultTests.readLine(harness) }
    }

    static let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    /// The requests, each with the id and error code its answer must carry (nil: a result).
    static let requests: [(message: String, id: Value, error: Int?)] = [
        (#"{"jsonrpc":"2.0","id":2,"method":"ping"}"#, 2, nil),
        (#"{"jsonrpc":"2.0","id":3,"method":"tools/list","params":{}}"#, 3, nil),
        (#"{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"proxmox_list_vms","arguments":{"hosts":["pve1","pve2"]}}}"#, 4, nil),
        (#"{"jsonrpc":"2.0","id":"e","method":"tools/call","params":{"name":"proxmox_vm_status","arguments":{"vmid":999,"host":"pve2"}}}"#, "e", nil),
        (#"{"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":"proxmox_nope","arguments":{}}}"#, 6, -32602),
        (#"{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"proxmox_vm_status","arguments":{"vmid":"100"}}}"#, 7, -32602),
        (#"{"jsonrpc":"2.0","id":8,"method":"tools/call","params":{"name":"proxmox_list_vms","arguments":{"verbose":true}}}"#, 8, -32602),
        (#"{"jsonrpc":"2.0","id":null,"method":"tools/call","params":{"name":"proxmox_list_hosts"}}"#, .null, nil),
        ("not json", .null, -32700),
        (#"{"jsonrpc":"2.0","id":1.5,"method":"ping"}"#, .null, -32600),
        (#"{"jsonrpc":"2.0","id":9,"method":"tools/call"}"#, 9, -32602),
    ]

    /// initialize, the requests, then a call cancelled while it runs (no answer: the ping after it
    /// is answered next). Every answer, as the wire delivered it.
    static func converse(over wire: some Wire, runner: FixtureRunner, audit: MemoryAudit) async throws -> [String] {
        var answers: [String] = []
        func exchange(_ message: String) async throws {
            try await wire.send(message)
            answers.append(try #require(try await wire.next(), "no answer to \(message)"))
        }
        try await exchange(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}"#)
        try await wire.send(#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#)
        for request in requests { try await exchange(request.message) }

        try await wire.send(#"{"jsonrpc":"2.0","id":"slow","method":"tools/call","params":{"name":"proxmox_run_host_command","arguments":{"command":"sleep 30"}}}"#)
        while !runner.commands.contains("pve1: sleep 30") { try await Task.sleep(for: .milliseconds(5)) }
        try await wire.send(#"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"slow","reason":"test"}}"#)
        // Let the cancellation reach the call before the (fake) node finishes the command.
        try await Task.sleep(for: .milliseconds(50))
        runner.release("sleep 30")
        while !audit.events.contains(where: { $0.error == .cancelled }) { try await Task.sleep(for: .milliseconds(5)) }
        try await exchange(#"{"jsonrpc":"2.0","id":"after","method":"ping"}"#)
        return answers
    }

    static func fixture() throws -> (FixtureRunner, MemoryAudit, ProxmoxMCPServer) {
        let runner = try FixtureRunner.sampleCluster(), audit = MemoryAudit()
        runner.blockingCommands = ["sleep 30"]
        runner.respond("pve1", "sleep 30", stdout: "done\n")
        var context = ToolContext(inventory: SampleInventory.cluster, runner: runner)
        context.audit = audit
        return (runner, audit, ProxmoxMCPServer(registry: .standard, context: context, logger: quiet))
    }

    static func overMemory() async throws -> ([String], MemoryAudit, EncodedResults) {
        let (runner, audit, mcp) = try fixture()
        let results = EncodedResults()
        let (clientSide, serverSide) = await InMemoryTransport.createConnectedPair()
        let server = try await mcp.start(on: serverSide, encodedResults: results)
        let answers = try await converse(over: try await MemoryWire(clientSide), runner: runner, audit: audit)
        await server.stop()
        return (answers, audit, results)
    }

    static func overPipes() async throws -> ([String], MemoryAudit, EncodedResults) {
        let (runner, audit, mcp) = try fixture()
        let results = EncodedResults()
        let harness = try await LineTransportTests.Harness(connectCore: false)
        let server = try await mcp.start(on: harness.transport, encodedResults: results)
        let answers = try await converse(over: PipeWire(harness: harness), runner: runner, audit: audit)
        await server.stop()
        await harness.close()
        return (answers, audit, results)
    }

    @Test(.timeLimit(.minutes(2)))
    func everyAnswerIsTheSameBytesInMemoryAndOverStdio() async throws {
        let (memory, memoryAudit, memoryResults) = try await Self.overMemory()
        let (pipes, pipesAudit, pipesResults) = try await Self.overPipes()
        #expect(memory.count == Self.requests.count + 2)
        for (index, (a, b)) in zip(memory, pipes).enumerated() {
            #expect(a == b, "answer \(index) differs:\n in memory: \(a)\n over stdio: \(b)")
        }
        #expect(memory.count == pipes.count)
        // What the answers say (the same wrong answer on both wires must fail too).
        let parsed = memory.map(LineTransportTests.json)
        #expect(parsed.first??["id"] == 1)
        #expect(parsed.first??["result"]?["serverInfo"]?["name"] == "proxmox-tools")
        for (offset, request) in Self.requests.enumerated() {
            let answer = try #require(parsed[offset + 1], "answer to \(request.message) is not JSON")
            #expect(answer["jsonrpc"] == "2.0")
            #expect(answer["id"] == request.id, "\(answer)")
            #expect(answer["error"]?["code"] == request.error.map { .int($0) }, "\(answer)")
            #expect((answer["result"] == nil) == (request.error != nil), "\(answer)")
        }
        #expect(parsed[2]?["result"]?["tools"]?.arrayValue?.count == ToolRegistry.standard.tools.count)
        #expect(parsed[3]?["result"]?["isError"] == false)
        #expect(parsed[4]?["result"]?["isError"] == true)
        #expect(parsed.last??["id"] == "after", "the cancelled call was answered: \(memory.last ?? "")")
        for audit in [memoryAudit, pipesAudit] { #expect(audit.events.filter { $0.error == .cancelled }.count == 1) }
        #expect(memoryResults.waiting == 0 && pipesResults.waiting == 0)
    }
}
