import Foundation
import Logging
import Testing
import Audit
import ToolKit
import ProxmoxToolset
import LogCapture

@Suite("Per-call log metadata")
struct CallLoggingTests {
    @Test func logLinesOfACallCarryItsAuditCallIDToolAndHost() async throws {
        let runner = try FixtureRunner.sampleCluster(), audit = MemoryAudit(), log = CapturedLog()
        var context = ToolContext(inventory: SampleInventory.cluster, runner: runner, clientName: "cli")
        context.audit = audit
        context.logger = log.logger()
        _ = try await ToolRegistry.standard.call(name: "proxmox_run_host_command", arguments: ["command": "qm list", "host": "pve1"],
                                                 context: context)
        let start = try #require(audit.lines.first { $0.phase == .start })
        let sent = try #require(log.lines.first { $0.message == "sending command" })
        let ended = try #require(log.lines.first { $0.message == "command ended" })
        for line in [sent, ended] {
            #expect(line.metadata["call"] == start.call)
            #expect(line.metadata["tool"] == "proxmox_run_host_command")
            #expect(line.metadata["host"] == "pve1")
        }
        #expect(sent.metadata["verdict"] == "allowed")
        #expect(sent.metadata["wall"] == "guarded")
        #expect(ended.metadata["exit"] == "0")
        // The command's text is in the audit log, not in the log lines.
        #expect(!log.lines.contains { $0.metadata.values.contains("qm list") })
    }

    @Test func everyCallGetsItsOwnIDAndAFanOutSharesOne() async throws {
        let runner = try FixtureRunner.sampleCluster(), audit = MemoryAudit(), log = CapturedLog()
        var context = ToolContext(inventory: SampleInventory.cluster, runner: runner, clientName: "cli")
        context.audit = audit
        context.logger = log.logger()
        _ = try await ToolRegistry.standard.call(name: "proxmox_list_vms", arguments: [:], context: context)
        _ = try await ToolRegistry.standard.call(name: "proxmox_list_vms", arguments: [:], context: context)
        let calls = audit.events.map(\.call)
        #expect(calls.count == 6)
        #expect(Set(calls).count == 2)
        // Within one call, start and end lines pair by call and host.
        for end in audit.events {
            #expect(audit.lines.filter { $0.phase == .start && $0.call == end.call && $0.host == end.host }.count == 1)
        }
        #expect(Set(log.lines.compactMap { $0.metadata["call"] }) == Set(calls))
    }

    @Test func aRefusedCallIsAuditedUnderTheCallsID() async throws {
        let runner = try FixtureRunner.sampleCluster(), audit = MemoryAudit(), log = CapturedLog()
        var context = ToolContext(inventory: SampleInventory.cluster, runner: runner, clientName: "cli")
        context.audit = audit
        context.logger = log.logger()
        let first = context.entering(tool: "proxmox_run_host_command"), second = context.entering(tool: "proxmox_run_host_command")
        #expect(first.callID != second.callID)
        #expect(first.callID.count == 12)
        _ = try await ToolRegistry.standard.call(name: "proxmox_run_host_command", arguments: ["command": "qm destroy 100"],
                                                 context: context)
        let refused = try #require(audit.events.first)
        #expect(refused.verdict == .denied)
        #expect(refused.call.count == 12)
        #expect(runner.commands.isEmpty)
    }
}
