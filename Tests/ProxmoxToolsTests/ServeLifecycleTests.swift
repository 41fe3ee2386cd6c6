import Foundation
import Logging
import MCP
import MCPServer
import NodeAccess
import ProxmoxModel
import ProxmoxToolset
import ToolKit
import ServiceLifecycle
import ServiceLifecycleTestKit
import Synchronization
import Testing

/// `serve`'s lifecycle (swift-service-lifecycle): the server as a `Service` stops its calls and
/// answers them when the graceful shutdown comes, and the connections are closed after that.
@Suite("Serve lifecycle")
struct ServeLifecycleTests {
    static let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    /// A node whose every command runs until it is stopped (the call's task cancelled), then
    /// reports what a confirmed TERM looks like.
    final class StoppableRunner: CommandRunner {
        private let state = Mutex((started: 0, stopped: 0))
        var started: Int { state.withLock { $0.started } }
        var stopped: Int { state.withLock { $0.stopped } }

        func run(_ command: String, on host: InventoryHost, timeout: Double?) async throws(Failure) -> CommandOutput {
            state.withLock { $0.started += 1 }
            try? await Task.sleep(for: .seconds(60))
            guard Task.isCancelled else { return CommandOutput(exitCode: 0, stdout: "done\n", stderr: "") }
            state.withLock { $0.stopped += 1 }
            return CommandOutput(exitCode: nil, exitSignal: "TERM", stdout: "", stderr: "", cancelled: true, stopConfirmed: true)
        }
    }

    /// Stands in for the connection manager: waits for its graceful shutdown and records whether
    /// the server had stopped by then.
    final class ConnectionsProbe: Service {
        let server: MCPServerService
        let record = Mutex<[String]>([])
        init(server: MCPServerService) { self.server = server }
        func run() async throws {
            try? await gracefulShutdown()
            record.withLock { $0.append(server.stop == nil ? "closed while the server runs" : "closed after the server stopped") }
        }
    }

    /// A raw JSON-RPC client on the in-memory pair.
    struct Client {
        let side: InMemoryTransport
        let incoming: AsyncThrowingStream<Data, any Error>

        init(_ side: InMemoryTransport) async throws {
            self.side = side
            try await side.connect()
            incoming = await side.receive()
        }

        func send(_ text: String) async throws { try await side.send(Data(text.utf8)) }

        func next() async throws -> [String: Value]? {
            var iterator = incoming.makeAsyncIterator()
            guard let data = try await iterator.next() else { return nil }
            return try JSONDecoder().decode([String: Value].self, from: data)
        }

        /// initialize, then a `sleep 30` call with id "slow".
        func startSlowCall() async throws {
            try await send(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}"#)
            #expect(try await next()?["id"] == 1)
            try await send(#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#)
            try await send(#"{"jsonrpc":"2.0","id":"slow","method":"tools/call","params":{"name":"proxmox_run_host_command","arguments":{"command":"sleep 30"}}}"#)
        }
    }

    static func expectCancelled(_ answer: [String: Value]?) {
        #expect(answer?["id"] == "slow", "\(String(describing: answer))")
        #expect(answer?["result"]?["isError"] == true, "\(String(describing: answer))")
        #expect(answer?["result"]?["structuredContent"]?["error"] == "cancelled", "\(String(describing: answer))")
    }

    @Test(.timeLimit(.minutes(1)))
    func theServerServiceAnswersACallInFlightWithCancelledAtGracefulShutdown() async throws {
        let runner = StoppableRunner()
        let mcp = ProxmoxMCPServer(registry: .standard, context: ToolContext(inventory: SampleInventory.cluster, runner: runner), logger: Self.quiet)
        let (clientSide, serverSide) = await InMemoryTransport.createConnectedPair()
        try await serverSide.connect()   // before the client writes: a message to an unconnected side is dropped
        let service = MCPServerService(server: mcp, transport: serverSide)
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await service.run() }
                let client = try await Client(clientSide)
                try await client.startSlowCall()
                while runner.started == 0 { try await Task.sleep(for: .milliseconds(5)) }
                trigger.triggerGracefulShutdown()
                Self.expectCancelled(try await client.next())
                try await group.waitForAll()
            }
        }
        #expect(runner.stopped == 1, "the command was not stopped")
        #expect(service.stop == .shutdown)
    }

    @Test(.timeLimit(.minutes(1)))
    func theGroupClosesTheConnectionsAfterTheServerAnsweredAndStopped() async throws {
        let runner = StoppableRunner()
        let mcp = ProxmoxMCPServer(registry: .standard, context: ToolContext(inventory: SampleInventory.cluster, runner: runner), logger: Self.quiet)
        let (clientSide, serverSide) = await InMemoryTransport.createConnectedPair()
        try await serverSide.connect()   // before the client writes: a message to an unconnected side is dropped
        let service = MCPServerService(server: mcp, transport: serverSide)
        let probe = ConnectionsProbe(server: service)
        let group = ServeLifecycle.group(connections: probe, server: service, signals: false, logger: Self.quiet)
        let running = Task { try await group.run() }
        let client = try await Client(clientSide)
        try await client.startSlowCall()
        while runner.started == 0 { try await Task.sleep(for: .milliseconds(5)) }
        await group.triggerGracefulShutdown()
        Self.expectCancelled(try await client.next())
        try await running.value
        #expect(probe.record.withLock { $0 } == ["closed after the server stopped"])
        #expect(service.stop == .shutdown)
    }

    @Test(.timeLimit(.minutes(1)))
    func theEndOfInputShutsTheWholeGroupDown() async throws {
        let mcp = ProxmoxMCPServer(registry: .standard, context: ToolContext(inventory: SampleInventory.cluster, runner: StoppableRunner()),
                                   logger: Self.quiet)
        let (clientSide, serverSide) = await InMemoryTransport.createConnectedPair()
        try await serverSide.connect()   // before the client writes: a message to an unconnected side is dropped
        let service = MCPServerService(server: mcp, transport: serverSide)
        let probe = ConnectionsProbe(server: service)
        let group = ServeLifecycle.group(connections: probe, server: service, signals: false, logger: Self.quiet)
        let running = Task { try await group.run() }
        let client = try await Client(clientSide)
        try await client.send(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}"#)
        #expect(try await client.next()?["id"] == 1)
        await clientSide.disconnect()   // the client's end closes
        try await running.value         // returns, no error: the group shut down gracefully
        #expect(probe.record.withLock { $0 } == ["closed after the server stopped"])
        #expect(service.stop == .endOfInput)
    }
}
