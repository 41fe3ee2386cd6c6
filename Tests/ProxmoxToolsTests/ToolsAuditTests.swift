import Foundation
import Logging
import MCP
import ProxmoxTools
import Testing

/// Collects audit events in memory.
final class MemoryAudit: ToolAuditRecorder, @unchecked Sendable {
    // @unchecked: `stored` is only touched under `lock`.
    private let lock = NSLock()
    private var stored: [AuditEntry] = []
    var events: [AuditEntry] { lock.withLock { stored } }

    func record(_ entry: AuditEntry) -> (any Error)? {
        lock.withLock { stored.append(entry) }
        return nil
    }
}

@Suite("Audit of tool calls")
struct ToolsAuditTests {
    func context(_ runner: FixtureRunner, _ audit: MemoryAudit) -> ToolContext {
        var context = ToolContext(inventory: SampleInventory.cluster, runner: runner, clientName: "cli")
        context.audit = audit
        return context
    }

    @Test func aCommandThatRanIsRecordedWithSizesNotOutput() async throws {
        let runner = try FixtureRunner.sampleCluster(), audit = MemoryAudit()
        _ = try await ToolRegistry.standard.call(name: "proxmox_run_host_command", arguments: ["command": "qm list", "host": "pve1"],
                                                 context: context(runner, audit))
        let event = try #require(audit.events.first)
        #expect(audit.events.count == 1)
        #expect(event.tool == "proxmox_run_host_command")
        #expect(event.host == "pve1")
        #expect(event.command == "qm list")
        #expect(event.verdict == .allowed)
        #expect(event.exitCode == 0)
        #expect(event.stdoutBytes == (try Fixtures.sample("pve1", "qm_list.txt")).utf8.count)
        #expect(event.client == "cli")
    }

    @Test func aRefusedCommandIsRecordedAsDeniedWithItsReason() async throws {
        let runner = try FixtureRunner.sampleCluster(), audit = MemoryAudit()
        _ = try await ToolRegistry.standard.call(name: "proxmox_run_host_command", arguments: ["command": "qm destroy 100"],
                                                 context: context(runner, audit))
        let event = try #require(audit.events.first)
        #expect(event.verdict == .denied)
        #expect(event.reason?.isEmpty == false)
        #expect(event.exitCode == nil)
        #expect(runner.commands.isEmpty)
    }

    @Test func helpersAreAuditedOncePerNodeAndFailuresCarryTheirCode() async throws {
        let runner = try FixtureRunner.sampleCluster(), audit = MemoryAudit()
        runner.unreachable = ["pve3"]
        _ = try await ToolRegistry.standard.call(name: "proxmox_list_vms", arguments: [:], context: context(runner, audit))
        #expect(audit.events.map(\.host).sorted() == ["pve1", "pve2", "pve3"])
        #expect(audit.events.allSatisfy { $0.tool == "proxmox_list_vms" && $0.command == "qm list" && $0.verdict == .notApplicable })
        #expect(audit.events.first { $0.host == "pve3" }?.error == .unreachable)
    }

    @Test func invalidArgumentsReachNoNodeAndAreNotAudited() async throws {
        let runner = try FixtureRunner.sampleCluster(), audit = MemoryAudit()
        _ = try? await ToolRegistry.standard.call(name: "proxmox_vm_status", arguments: ["vmid": "1; reboot"], context: context(runner, audit))
        #expect(audit.events.isEmpty)
    }

    @Test func theMCPClientsNameFromInitializeIsRecorded() async throws {
        let runner = try FixtureRunner.sampleCluster(), audit = MemoryAudit()
        var context = ToolContext(inventory: SampleInventory.cluster, runner: runner)
        context.audit = audit
        let mcp = ProxmoxMCPServer(context: context, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        let (clientSide, serverSide) = await InMemoryTransport.createConnectedPair()
        let server = try await mcp.start(on: serverSide)
        let client = Client(name: "audit-client", version: "9.9")
        try await client.connect(transport: clientSide)
        _ = try await client.callTool(name: "proxmox_cluster_status", arguments: ["host": "pve2"])
        #expect(audit.events.map(\.client) == ["audit-client"])
        #expect(audit.events.first?.clientVersion == "9.9")
        await server.stop()
    }
}
