import Foundation
import Logging
import MCP
import Testing
import Audit
import ToolKit
import MCPServer

/// Collects audit lines in memory; `failing` makes every write fail, as a full disk would.
final class MemoryAudit: ToolAuditRecorder, @unchecked Sendable {
    // @unchecked: `stored` and `failing` are only touched under `lock`.
    private let lock = NSLock()
    private var stored: [AuditEntry] = []
    private var failing = false
    /// Every line, `start` and `end`, in write order.
    var lines: [AuditEntry] { lock.withLock { stored } }
    /// The `end` lines: one per call.
    var events: [AuditEntry] { lines.filter { $0.phase == .end } }

    func fail() { lock.withLock { failing = true } }

    func record(_ entry: AuditEntry) async throws {
        try lock.withLock {
            if failing { throw AuditLogError.cannotWrite(path: "/memory", errno: ENOSPC) }
            stored.append(entry)
        }
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

    @Test func theStartLineIsWrittenBeforeTheCommandAndPairsWithTheEndLine() async throws {
        let runner = try FixtureRunner.sampleCluster(), audit = MemoryAudit()
        runner.blockingCommands = ["sleep 30"]
        let call = Task {
            try await ToolRegistry.standard.call(name: "proxmox_run_host_command", arguments: ["command": "sleep 30", "host": "pve1"],
                                                 context: context(runner, audit))
        }
        while runner.commands.isEmpty { await Task.yield() }
        // The command has reached the node; its start line must already be there, and no end line.
        #expect(audit.lines.map(\.phase) == [.start])
        #expect(audit.lines.first?.command == "sleep 30")
        runner.release("sleep 30")
        _ = try await call.value
        let lines = audit.lines
        #expect(lines.map(\.phase) == [.start, .end])
        #expect(lines[0].call == lines[1].call)
        #expect(lines[1].exitCode == 0 || lines[1].exitCode == 127)
    }

    @Test func noAuditNoRun() async throws {
        let runner = try FixtureRunner.sampleCluster(), audit = MemoryAudit()
        audit.fail()
        let outcome = try await ToolRegistry.standard.call(name: "proxmox_run_host_command", arguments: ["command": "qm list", "host": "pve1"],
                                                           context: context(runner, audit))
        #expect(outcome.isError)
        #expect(outcome.structured["error"] == "audit_unavailable")
        #expect(outcome.structured["message"]?.stringValue?.contains("/memory") == true)
        #expect(outcome.structured["setup"]?.stringValue?.contains("--audit-log off") == true)
        #expect(runner.commands.isEmpty)

        let helpers = try await ToolRegistry.standard.call(name: "proxmox_list_vms", arguments: [:], context: context(runner, audit))
        #expect(helpers.structured["nodes"]?.arrayValue?.allSatisfy { $0["error"] == "audit_unavailable" } == true)
        let check = try await ToolRegistry.standard.call(name: "proxmox_list_hosts", arguments: ["check": true], context: context(runner, audit))
        #expect(check.structured["hosts"]?.arrayValue?.allSatisfy { $0["check"]?["error"] == "audit_unavailable" } == true)
        #expect(runner.commands.isEmpty)
    }

    @Test func withoutAnAuditLogCallsRun() async throws {
        let runner = try FixtureRunner.sampleCluster()
        let context = ToolContext(inventory: SampleInventory.cluster, runner: runner)
        let outcome = try await ToolRegistry.standard.call(name: "proxmox_run_host_command", arguments: ["command": "qm list"], context: context)
        #expect(!outcome.isError)
        #expect(runner.commands == ["pve1: qm list"])
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
        let mcp = ProxmoxMCPServer(registry: .standard, context: context, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
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
