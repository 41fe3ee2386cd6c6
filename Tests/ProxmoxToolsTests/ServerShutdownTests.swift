import Foundation
import Logging
import MCP
import Testing
import MCPStdio
import MCPServer
import ToolKit

/// `serve` ending while a call runs: the call is stopped, and its answer goes out before the wire closes.
@Suite("MCP shutdown")
struct ServerShutdownTests {
    /// A wire whose every send takes 100 ms before it reaches the pipe (a slow client, a busy
    /// machine): shutdown must wait for the answer itself, not for a guessed moment.
    actor SlowWire: Transport {
        nonisolated let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        let inner: LineTransport
        init(_ inner: LineTransport) { self.inner = inner }
        func connect() async throws { try await inner.connect() }
        func disconnect() async { await inner.disconnect() }
        func send(_ data: Data) async throws {
            try await Task.sleep(for: .milliseconds(100))
            try await inner.send(data)
        }
        func receive() -> AsyncThrowingStream<Data, any Error> {
            let (stream, continuation) = AsyncThrowingStream<Data, any Error>.makeStream()
            let task = Task {
                do {
                    for try await message in await inner.receive() { continuation.yield(message) }
                    continuation.finish()
                } catch { continuation.finish(throwing: error) }
            }
            continuation.onTermination = { _ in task.cancel() }
            return stream
        }
    }

    @Test(.timeLimit(.minutes(1)), arguments: [false, true])
    func aCallInFlightAtEndOfInputIsAnsweredBeforeTheWireCloses(batched: Bool) async throws {
        let runner = try FixtureRunner.sampleCluster()
        runner.blockingCommands = ["sleep 30"]
        runner.respond("pve1", "sleep 30", stdout: "done\n")
        let mcp = ProxmoxMCPServer(registry: .standard, context: ToolContext(inventory: SampleInventory.cluster, runner: runner),
                                   logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        let harness = try await LineTransportTests.Harness(connectCore: false)
        let serving = Task { try await mcp.serve(on: SlowWire(harness.transport), stopOnSignals: false) }
        harness.write(#"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-03-26","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}"#)
        try #require(LineTransportTests.json(await harness.readLine())?["id"] == 0, "no answer to initialize")
        harness.write(#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#)
        let call = #"{"jsonrpc":"2.0","id":"slow","method":"tools/call","params":{"name":"proxmox_run_host_command","arguments":{"command":"sleep 30"}}}"#
        harness.write(batched ? "[\(call)]" : call)
        while !runner.commands.contains("pve1: sleep 30") { try await Task.sleep(for: .milliseconds(5)) }
        close(harness.input.write)   // the client's end closes: serve stops the call and ends
        try await Task.sleep(for: .milliseconds(50))
        runner.release("sleep 30")
        let line = try #require(await harness.readLine(), "the call in flight got no answer before the wire closed")
        let answer = try #require(LineTransportTests.json(line))
        let single = batched ? answer.arrayValue?.first : answer
        #expect(single?["id"] == "slow", "\(line)")
        #expect(single?["result"]?["structuredContent"] != nil, "\(line)")
        #expect(try await serving.value == .endOfInput)
        #expect(await harness.readLine() == nil, "the wire is closed after the answer")
        await harness.close()
    }
}
