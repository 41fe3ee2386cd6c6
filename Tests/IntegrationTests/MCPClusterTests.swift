import Foundation
import Logging
import MCP
import Testing
import ProxmoxToolset
import Audit
import MCPServer
import NodeAccess
import ProxmoxModel
import ToolKit

/// The MCP server in-process (the SDK's in-memory transport and client) with the real connection
/// manager and policy, against real sshd nodes.
@Suite(.serialized) struct MCPClusterTests {
    struct Session {
        let client: Client
        let server: Server
        let manager: ConnectionManager
        let auditPath: String

        func call(_ name: String, _ arguments: [String: Value] = [:]) async throws -> CallTool.Result {
            try await client.send(CallTool.request(.init(name: name, arguments: arguments))).value
        }

        func close() async {
            await server.stop()
            await manager.shutdown()
        }
    }

    static func connect(_ cluster: SimCluster) async throws -> Session {
        let inventory = try InventoryLoader.load(directory: cluster.hostsDir.path, origin: "test", environment: ProcessInfo.processInfo.environment)
        let manager = ConnectionManager()
        let auditPath = cluster.stateDirectory.appendingPathComponent("audit.jsonl").path
        var context = ToolContext(inventory: inventory, runner: manager)
        context.audit = AuditLog(path: auditPath)
        let mcp = ProxmoxMCPServer(registry: .standard, context: context, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        let (clientSide, serverSide) = await InMemoryTransport.createConnectedPair()
        let server = try await mcp.start(on: serverSide)
        let client = Client(name: "cluster-tests", version: "9.9")
        _ = try await client.connect(transport: clientSide)
        return Session(client: client, server: server, manager: manager, auditPath: auditPath)
    }

    @Test func aDeniedCommandNeverReachesTheNodeAndIsAudited() async throws {
        try await SimCluster.with(nodes: 1, baseOctet: 170) { cluster in
            let session = try await Self.connect(cluster)
            let denied = try await session.call("proxmox_run_host_command", ["command": "qm  'destroy' 100", "host": "pve1"])
            #expect(denied.isError == true)
            #expect(denied.structuredContent?["blocked"] == true)
            #expect(denied.structuredContent?["mode"] == "guarded")
            let received = try cluster.commandsLog("pve1")
            #expect(received.isEmpty, "the node received: \(received)")
            #expect(try cluster.acceptedConnections("pve1") == 0)

            let allowed = try await session.call("proxmox_run_host_command", ["command": "qm shutdown 100", "host": "pve1"])
            #expect(allowed.isError == false)
            #expect(try cluster.commandsLog("pve1").contains { $0.hasSuffix("qm shutdown 100") })
            #expect(try cluster.actionsLog("pve1").contains { $0.contains("shutdown 100") })

            let lines = try String(contentsOfFile: session.auditPath, encoding: .utf8).split(separator: "\n")
            // The refused call: one end line. The allowed one: a start line, then its end line.
            #expect(lines.count == 3)
            let first = try JSONDecoder().decode([String: Value].self, from: Data(lines[0].utf8))
            #expect(first["verdict"] == "denied")
            #expect(first["phase"] == "end")
            #expect(first["client"] == "cluster-tests")
            #expect(first["command"] == "qm  'destroy' 100")
            let start = try JSONDecoder().decode([String: Value].self, from: Data(lines[1].utf8))
            #expect(start["phase"] == "start")
            let second = try JSONDecoder().decode([String: Value].self, from: Data(lines[2].utf8))
            #expect(second["phase"] == "end")
            #expect(second["call"] == start["call"])
            #expect(second["verdict"] == "allowed")
            #expect(second["exitCode"] == 0)
            #expect(!lines[2].contains("stdout\":\""), "the audit log must never hold output")
            await session.close()
        }
    }

    /// What the policy let through unattended runs inside the second wall, through the real tool
    /// path (policy → composition → node), and the audit log says which wall.
    @Test func anUnattendedAllowRunsInsideTheWall() async throws {
        try await SimCluster.with(nodes: 1, baseOctet: 172) { cluster in
            let session = try await Self.connect(cluster)
            let witness = "/tmp/pt-mcp-wall-\(UUID().uuidString.prefix(8))"
            defer { try? FileManager.default.removeItem(atPath: witness) }
            let status = try await session.call("proxmox_run_host_command",
                                                ["command": "grep -E '^(NoNewPrivs|CapBnd):' /proc/self/status", "host": "pve1"])
            #expect(status.isError == false)
            guard case .string(let stdout)? = status.structuredContent?["stdout"] else {
                Issue.record("no stdout in \(String(describing: status.structuredContent))")
                return
            }
            #expect(stdout.contains("NoNewPrivs:\t1"), "\(stdout)")
            let bounding = stdout.split(separator: "\n").first { $0.hasPrefix("CapBnd:") }
                .flatMap { UInt64($0.dropFirst("CapBnd:".count).trimmingCharacters(in: .whitespaces), radix: 16) }
            #expect(bounding.map { $0 & (1 << 22) == 0 } == true, "CAP_SYS_BOOT is still in the bounding set: \(stdout)")
            // A write the policy allows (/tmp) lands on the node's own /tmp.
            let wrote = try await session.call("proxmox_run_host_command", ["command": "echo kept > \(witness)", "host": "pve1"])
            #expect(wrote.isError == false)
            #expect((try? String(contentsOfFile: witness, encoding: .utf8)) == "kept\n")
            let lines = try String(contentsOfFile: session.auditPath, encoding: .utf8).split(separator: "\n")
            let entries = try lines.map { try JSONDecoder().decode([String: Value].self, from: Data($0.utf8)) }
            #expect(entries.count == 4)
            #expect(entries.allSatisfy { $0["wall"] == "guarded" }, "\(lines)")
            await session.close()
        }
    }

    @Test func clusterWideListsSurviveANodeDown() async throws {
        try await SimCluster.with(nodes: 3, baseOctet: 173) { cluster in
            let session = try await Self.connect(cluster)
            let all = try await session.call("proxmox_list_vms")
            let nodes = try #require(all.structuredContent?["nodes"]?.arrayValue)
            #expect(nodes.map { $0["host"] } == ["pve1", "pve2", "pve3"])
            #expect(nodes.allSatisfy { $0["ok"] == true })
            #expect(nodes[0]["vms"]?.arrayValue?.compactMap { $0["vmid"]?.intValue } == [100, 101, 102, 103])
            #expect(nodes[1]["vms"]?.arrayValue?.compactMap { $0["name"]?.stringValue }.contains("debian13-cloudinit-template") == true)
            #expect(nodes[2]["vms"]?.arrayValue?.isEmpty == true)

            try await cluster.stopNode("pve2")
            let partial = try await session.call("proxmox_list_vms")
            let after = try #require(partial.structuredContent?["nodes"]?.arrayValue)
            #expect(partial.isError == false)
            #expect(after[0]["ok"] == true && after[2]["ok"] == true)
            #expect(after[1]["ok"] == false)
            #expect(after[1]["error"]?.stringValue?.isEmpty == false)
            await session.close()
        }
    }

    @Test func timeoutThroughTheToolReturnsPartialOutput() async throws {
        try await SimCluster.with(nodes: 1, baseOctet: 177) { cluster in
            let session = try await Self.connect(cluster)
            // Connecting counts against a call's time: warm the session so the 1 s is the command's.
            _ = try await session.call("proxmox_run_host_command", ["command": "true"])
            let result = try await session.call("proxmox_run_host_command", ["command": "echo partial; sleep 30", "timeoutSeconds": 1])
            #expect(result.isError == true)
            #expect(result.structuredContent?["timedOut"] == true)
            #expect(result.structuredContent?["stdout"] == "partial\n")
            await session.close()
        }
    }
}
