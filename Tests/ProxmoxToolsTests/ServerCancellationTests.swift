import Foundation
import Logging
import MCP
import Testing
import MCPServer
import ToolKit

/// notifications/cancelled, spoken raw over the SDK's in-memory transport (the SDK's own client
/// hides late responses, so it cannot show whether one was sent).
@Suite("MCP cancellation")
struct ServerCancellationTests {
    @Test func aCancelledCallGetsNoResponseAndItsAuditLineSaysCancelled() async throws {
        let runner = try FixtureRunner.sampleCluster(), audit = MemoryAudit()
        runner.blockingCommands = ["sleep 30"]
        runner.respond("pve1", "sleep 30", stdout: "")
        var context = ToolContext(inventory: SampleInventory.cluster, runner: runner)
        context.audit = audit
        let mcp = ProxmoxMCPServer(registry: .standard, context: context, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        let (clientSide, serverSide) = await InMemoryTransport.createConnectedPair()
        let server = try await mcp.start(on: serverSide)
        try await clientSide.connect()
        var incoming = await clientSide.receive().makeAsyncIterator()
        func send(_ text: String) async throws { try await clientSide.send(Data(text.utf8)) }
        func next() async throws -> [String: Value] {
            let data = try #require(try await incoming.next())
            return try JSONDecoder().decode([String: Value].self, from: data)
        }

        try await send(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}"#)
        #expect(try await next()["id"] == 1)
        try await send(#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#)
        try await send(#"{"jsonrpc":"2.0","id":"slow","method":"tools/call","params":{"name":"proxmox_run_host_command","arguments":{"command":"sleep 30"}}}"#)
        while !runner.commands.contains("pve1: sleep 30") { try await Task.sleep(for: .milliseconds(5)) }
        try await send(#"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"slow","reason":"test"}}"#)
        // Let the cancellation reach the handler before the (fake) node finishes the command.
        while !(audit.lines.count == 1 && audit.lines[0].phase == .start) { try await Task.sleep(for: .milliseconds(5)) }
        try await Task.sleep(for: .milliseconds(50))
        runner.release("sleep 30")
        while audit.events.isEmpty { try await Task.sleep(for: .milliseconds(5)) }
        try await send(#"{"jsonrpc":"2.0","id":2,"method":"ping"}"#)
        // The next message must be the ping's answer: nothing for "slow".
        let answer = try await next()
        #expect(answer["id"] == 2, "\(answer)")
        #expect(audit.events.first?.error == .cancelled)
        await server.stop()
    }
}
