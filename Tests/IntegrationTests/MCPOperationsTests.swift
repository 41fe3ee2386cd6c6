import Foundation
import MCP
import Testing
import ProxmoxToolset
import ToolKit

/// The operations helpers over MCP (in-process server, real connection manager) against the
/// simulated cluster's sshd nodes, whose fake pvesh/pvesr/zpool/journalctl print the samples.
@Suite(.serialized) struct MCPOperationsTests {
    /// Every node read-only: the helpers run fixed read commands and must work there.
    static func makeReadOnly(_ cluster: SimCluster) throws {
        let file = cluster.hostsDir.appendingPathComponent("cluster.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        try text.replacingOccurrences(of: "defaults:\n", with: "defaults:\n  policy: read-only\n")
            .write(to: file, atomically: true, encoding: .utf8)
    }

    static func expectMatchesSchema(_ result: CallTool.Result, _ tool: String) throws {
        let schema = try #require(ToolRegistry.standard.tool(named: tool)?.definition.outputSchema)
        let structured = try #require(result.structuredContent)
        let problem = SchemaValidator(subject: "output").violation(of: schema, by: structured)
        #expect(problem == nil, "\(tool): \(problem ?? "")")
    }

    @Test func everyOperationsHelperAnswersOnReadOnlyHosts() async throws {
        try await SimCluster.with(nodes: 3, baseOctet: 180) { cluster in
            try Self.makeReadOnly(cluster)
            let session = try await MCPClusterTests.connect(cluster)

            let tasks = try await session.call("proxmox_list_tasks", ["errorsOnly": true])
            try Self.expectMatchesSchema(tasks, "proxmox_list_tasks")
            let pve1Tasks = try #require(tasks.structuredContent?["nodes"]?[0]?["tasks"]?.arrayValue)
            #expect(pve1Tasks.map { $0["state"] } == ["warning", "error"])
            #expect(tasks.structuredContent?["nodes"]?[2]?["tasks"] == [])

            let failedUPID = try #require(pve1Tasks[1]["upid"]?.stringValue)
            let log = try await session.call("proxmox_task_log", ["upid": .string(failedUPID)])
            try Self.expectMatchesSchema(log, "proxmox_task_log")
            #expect(log.structuredContent?["task"]?["state"] == "error")
            #expect(log.structuredContent?["task"]?["lines"]?.arrayValue?.last == "TASK ERROR: start failed: QEMU exited with code 1")
            let gone = try await session.call("proxmox_task_log", ["upid": "UPID:pve2:00000001:00000002:692EACBE:qmstart:104:root@pam:"])
            #expect(gone.isError == true)
            #expect(gone.structuredContent?["message"]?.stringValue?.contains("no such task") == true)

            let snapshots = try await session.call("proxmox_list_snapshots", ["vmid": 100])
            try Self.expectMatchesSchema(snapshots, "proxmox_list_snapshots")
            #expect(snapshots.structuredContent?["snapshots"]?.arrayValue?.map { $0["name"] } == ["pre-upgrade", "after-upgrade"])
            // VM 104 runs on pve2 and has no snapshot: only the "current" entry comes back.
            let none = try await session.call("proxmox_list_snapshots", ["vmid": 104])
            #expect(none.structuredContent?["node"] == "pve2" && none.structuredContent?["snapshots"] == [])
            #expect(none.structuredContent?["host"] == "pve2")

            let backups = try await session.call("proxmox_list_backups", ["vmid": 100])
            try Self.expectMatchesSchema(backups, "proxmox_list_backups")
            let pve1Storages = try #require(backups.structuredContent?["nodes"]?[0]?["storages"]?.arrayValue)
            #expect(pve1Storages.compactMap { $0["backups"]?.arrayValue?.count } == [0, 2, 1])

            let ha = try await session.call("proxmox_ha_status", ["host": "pve2"])
            try Self.expectMatchesSchema(ha, "proxmox_ha_status")
            #expect(ha.structuredContent?["ha"]?["quorumNode"] == "pve2")
            #expect(ha.structuredContent?["ha"]?["resources"]?[0]?["sid"] == "vm:100")

            let replication = try await session.call("proxmox_replication_status")
            try Self.expectMatchesSchema(replication, "proxmox_replication_status")
            #expect(replication.structuredContent?["nodes"]?[1]?["jobs"]?[1]?["failCount"] == 2)

            let ceph = try await session.call("proxmox_ceph_status")
            try Self.expectMatchesSchema(ceph, "proxmox_ceph_status")
            #expect(ceph.structuredContent?["nodes"]?[2]?["ceph"]?["reason"] == "not_installed")
            #expect(ceph.structuredContent?["nodes"]?[0]?["ceph"]?["status"]?["health"] == "HEALTH_WARN")

            let zfs = try await session.call("proxmox_zfs_health")
            try Self.expectMatchesSchema(zfs, "proxmox_zfs_health")
            #expect(zfs.structuredContent?["nodes"]?.arrayValue?.map { $0["zfs"]?["pools"]?.arrayValue?.count } == [1, 2, 0])

            let journal = try await session.call("proxmox_journal", ["host": "pve1", "unit": "pveproxy.service", "lines": 1])
            try Self.expectMatchesSchema(journal, "proxmox_journal")
            #expect(journal.structuredContent?["entries"]?[0]?["message"] == "worker 1204 finished")

            // The helpers ran their fixed commands; nothing was refused on the read-only nodes.
            let audit = try String(contentsOfFile: session.auditPath, encoding: .utf8)
            #expect(!audit.contains("\"denied\""))
            #expect(try cluster.commandsLog("pve2").contains { $0.hasSuffix("pvesh get /nodes/pve2/qemu/104/snapshot --output-format json") })
            await session.close()
        }
    }

    @Test func scenariosTurnZFSDegradedAndHAWithoutQuorum() async throws {
        try await SimCluster.with(nodes: 3, baseOctet: 184) { cluster in
            let session = try await MCPClusterTests.connect(cluster)
            try await cluster.setScenario("pve2", [.zfsDegraded])
            let zfs = try await session.call("proxmox_zfs_health", ["hosts": ["pve1", "pve2"]])
            let nodes = try #require(zfs.structuredContent?["nodes"]?.arrayValue)
            #expect(nodes.map { $0["zfs"]?["healthy"] } == [true, false])
            #expect(nodes[1]["zfs"]?["pools"]?[1]?["scanInProgress"] == "resilver")

            try await cluster.setScenario("pve3", [.haNoQuorum])
            let ha = try await session.call("proxmox_ha_status", ["host": "pve3"])
            #expect(ha.isError == false)
            #expect(ha.structuredContent?["ha"]?["quorate"] == false)
            #expect(ha.structuredContent?["ha"]?["master"]?["state"] == "old timestamp - dead?")

            try await cluster.setScenario("pve3", [.pmxcfsDown])
            let down = try await session.call("proxmox_replication_status", ["host": "pve3"])
            #expect(down.structuredContent?["nodes"]?[0]?["error"] == "cluster_filesystem_unavailable")
            await session.close()
        }
    }
}
