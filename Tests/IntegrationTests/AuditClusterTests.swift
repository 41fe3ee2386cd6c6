import Foundation
import Logging
import MCP
import Testing
import ProxmoxToolset
import Audit
import NodeAccess
import ProxmoxModel
import ToolKit

/// "No audit, no run" against real sshd nodes: what the node's commands.log received is the witness.
@Suite(.serialized) struct AuditClusterTests {
    static func context(_ cluster: SimCluster, auditPath: String) throws -> (ToolContext, ConnectionManager) {
        let inventory = try InventoryLoader.load(directory: cluster.hostsDir.path, origin: "test", environment: ProcessInfo.processInfo.environment)
        let manager = ConnectionManager()
        var context = ToolContext(inventory: inventory, runner: manager, clientName: "audit-tests")
        context.audit = AuditLog(path: auditPath)
        return (context, manager)
    }

    /// A symlinked log, and a log under a path that cannot be a directory (a regular file): the
    /// call is refused with audit_unavailable and the node never even sees a connection.
    @Test(arguments: ["symlink", "under-a-file"])
    func anUnwritableAuditLogRefusesTheCallAndNothingArrives(kind: String) async throws {
        try await SimCluster.with(nodes: 1, baseOctet: 211) { cluster in
            let state = cluster.stateDirectory.path
            let decoy = state + "/decoy.txt"
            #expect(FileManager.default.createFile(atPath: decoy, contents: Data("untouched\n".utf8)))
            let auditPath: String
            if kind == "symlink" {
                auditPath = state + "/audit.jsonl"
                try FileManager.default.createSymbolicLink(atPath: auditPath, withDestinationPath: decoy)
            } else {
                auditPath = decoy + "/audit.jsonl"
            }
            let (context, manager) = try Self.context(cluster, auditPath: auditPath)
            let outcome = try await ToolRegistry.standard.call(
                name: "proxmox_run_host_command", arguments: ["command": "touch /tmp/should-not-exist", "host": "pve1"], context: context)
            #expect(outcome.isError)
            #expect(outcome.structured["error"] == "audit_unavailable")
            #expect(outcome.structured["message"]?.stringValue?.contains(auditPath) == true)
            if kind == "symlink" { #expect(outcome.structured["message"]?.stringValue?.contains("symbolic link") == true) }

            let helper = try await ToolRegistry.standard.call(name: "proxmox_list_vms", arguments: [:], context: context)
            #expect(helper.structured["nodes"]?[0]?["error"] == "audit_unavailable")

            let received = try cluster.commandsLog("pve1")
            #expect(received.isEmpty, "the node received: \(received)")
            #expect(try cluster.acceptedConnections("pve1") == 0)
            #expect(try String(contentsOfFile: decoy, encoding: .utf8) == "untouched\n")
            await manager.shutdown()
        }
    }

    /// The start line is on disk while the command runs (so a kill -9 of proxmox-tools mid-call
    /// still leaves a trace), and the end line follows with the same call id.
    @Test func theStartLineIsOnDiskWhileTheCommandRuns() async throws {
        try await SimCluster.with(nodes: 1, baseOctet: 213) { cluster in
            let auditPath = cluster.stateDirectory.appendingPathComponent("audit.jsonl").path
            _ = FileManager.default.createFile(atPath: auditPath, contents: Data(), attributes: [.posixPermissions: 0o644])
            let (context, manager) = try Self.context(cluster, auditPath: auditPath)
            let call = Task {
                try await ToolRegistry.standard.call(
                    name: "proxmox_run_host_command", arguments: ["command": "sleep 2; echo done", "host": "pve1"], context: context)
            }
            let deadline = ContinuousClock.now + .seconds(10)
            while try cluster.commandsLog("pve1").isEmpty, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            let during = try String(contentsOfFile: auditPath, encoding: .utf8).split(separator: "\n")
            #expect(during.count == 1)
            let start = try JSONDecoder().decode(AuditEntry.self, from: Data(during[0].utf8))
            #expect(start.phase == .start)
            #expect(start.command == "sleep 2; echo done")
            #expect(try FileManager.default.attributesOfItem(atPath: auditPath)[.posixPermissions] as? Int == 0o600)

            let outcome = try await call.value
            #expect(outcome.structured["stdout"] == "done\n")
            let after = try String(contentsOfFile: auditPath, encoding: .utf8).split(separator: "\n")
            #expect(after.count == 2)
            let end = try JSONDecoder().decode(AuditEntry.self, from: Data(after[1].utf8))
            #expect(end.phase == .end)
            #expect(end.call == start.call)
            #expect(end.exitCode == 0)
            await manager.shutdown()
        }
    }
}
