import Foundation
import Testing

/// The simulated cluster itself, through the real OpenSSH client and real sshd: what every other
/// integration test, the demo and the benchmarks stand on.
@Suite("Simulated cluster")
struct SimClusterTests {
    /// This suite's loopback block (127.0.0.11 …); other suites take 41, 71, … (see SimCluster).
    static let baseOctet = 11

    static func sample(_ node: String, _ file: String) throws -> Data {
        try Data(contentsOf: SimCluster.projectRoot()
            .appendingPathComponent("Tests/Fixtures/samples/\(node)/\(file)"))
    }

    @Test("qm list through sshd prints the node's own sample, byte for byte")
    func qmListMatchesSample() async throws {
        try await SimCluster.with(nodes: 3, baseOctet: Self.baseOctet) { cluster in
            for alias in ["pve1", "pve2", "pve3"] {
                let result = try await cluster.ssh(alias, "qm list")
                #expect(result.exitCode == 0, "\(alias): \(result.stderrText)")
                #expect(result.stderr.isEmpty, "\(alias): \(result.stderrText)")
                #expect(result.stdout == (try Self.sample(alias, "qm_list.txt")), "\(alias): \(result.stdoutText)")
            }
        }
    }

    @Test("the generated inventory, keys and known_hosts point at every node", arguments: [1, 4])
    func clientFiles(nodes count: Int) async throws {
        try await SimCluster.with(nodes: count, baseOctet: Self.baseOctet) { cluster in
            let yaml = try String(contentsOf: cluster.hostsDir.appendingPathComponent("cluster.yaml"), encoding: .utf8)
            let knownHosts = try String(contentsOf: cluster.knownHosts, encoding: .utf8)
            #expect(yaml.contains("identity_file: \(cluster.clientKey.path)\n"))
            #expect(yaml.contains("known_hosts: \(cluster.knownHosts.path)\n"))
            #expect(yaml.contains("user: \(cluster.user)\n"))
            #expect(knownHosts.split(separator: "\n").count == count)
            for node in cluster.nodes {
                #expect(yaml.contains("\(node.alias):\n  address: \(node.address)\n  port: \(node.port)\n"))
                #expect(knownHosts.contains("[\(node.address)]:\(node.port) ssh-ed25519 "))
            }
            #expect(FileManager.default.isReadableFile(atPath: cluster.clientKey.path))
        }
    }

    @Test("failures have the text and exit status of errors.md", arguments: [
        ("pve1", "qm status 999", "Configuration file 'nodes/pve1/qemu-server/999.conf' does not exist\n", Int32(2)),
        ("pve1", "qm config 104", "Configuration file 'nodes/pve1/qemu-server/104.conf' does not exist\n", 2),
        ("pve2", "pct config 999", "Configuration file 'nodes/pve2/lxc/999.conf' does not exist\n", 2),
        ("pve1", "pvesh get /nodes/pve1/foo --output-format json", "No 'get' handler defined for '/nodes/pve1/foo'\n", 1),
    ])
    func errorsAsDocumented(alias: String, command: String, stderr: String, exitCode: Int32) async throws {
        try await SimCluster.with(nodes: 2, baseOctet: Self.baseOctet) { cluster in
            let result = try await cluster.ssh(alias, command)
            #expect(result.exitCode == exitCode)
            #expect(result.stdout.isEmpty)
            #expect(result.stderrText == stderr)
        }
    }

    @Test("node 4 and above serve the samples of node ((k-1) % 3) + 1")
    func largerClusterReusesSamples() async throws {
        try await SimCluster.with(nodes: 5, baseOctet: Self.baseOctet) { cluster in
            let result = try await cluster.ssh("pve5", "echo $PVE_NODE; pvesh get /cluster/resources --output-format json")
            #expect(result.exitCode == 0, "\(result.stderrText)")
            let expected = Data("pve5\n".utf8) + (try Self.sample("pve2", "pvesh_cluster_resources.json"))
            #expect(result.stdout == expected)
        }
    }

    @Test("commands.log records each command a node receives, and only there")
    func commandsLog() async throws {
        try await SimCluster.with(nodes: 2, baseOctet: Self.baseOctet) { cluster in
            _ = try await cluster.ssh("pve2", "qm list")
            _ = try await cluster.ssh("pve2", "pvecm status\necho two lines")
            let exit = try await cluster.ssh("pve2", "qm start 1050")
            #expect(exit.exitCode == 0)
            #expect(try cluster.commandsLog("pve2") == ["qm list", "pvecm status\\necho two lines", "qm start 1050"])
            #expect(try cluster.actionsLog("pve2") == ["qm start 1050"])
            #expect(try cluster.commandsLog("pve1").isEmpty)
            let log = try String(contentsOf: cluster.directory(of: "pve2").appendingPathComponent("sshd.log"), encoding: .utf8)
            #expect(try cluster.acceptedConnections("pve2") == 3, "sshd.log:\n\(log)")
        }
    }

    @Test("exit statuses and signals pass through unchanged")
    func exitStatusPassesThrough() async throws {
        try await SimCluster.with(nodes: 1, baseOctet: Self.baseOctet) { cluster in
            #expect(try await cluster.ssh("pve1", "exit 42").exitCode == 42)
            // OpenSSH's client reports a remote signal as exit status 255 and names it on stderr.
            let killed = try await cluster.ssh("pve1", "kill -TERM $$")
            #expect(killed.exitCode == 255)
        }
    }

    @Test("scenario files switch pvecm to not quorate and back")
    func scenarios() async throws {
        try await SimCluster.with(nodes: 3, baseOctet: Self.baseOctet) { cluster in
            try await cluster.setScenario("pve3", [.notQuorate])
            let lost = try await cluster.ssh("pve3", "pvecm status")
            #expect(lost.exitCode == 2)
            #expect(lost.stdout == (try Self.sample("scenarios", "pvecm_status_pve3_not_quorate.txt")))
            try await cluster.setScenario("pve3", [])
            let normal = try await cluster.ssh("pve3", "pvecm status")
            #expect(normal.exitCode == 0)
            #expect(normal.stdout == (try Self.sample("pve3", "pvecm_status.txt")))
        }
    }

    @Test("a stopped node refuses connections, a started one serves again, a restart drops sessions")
    func nodeLifecycle() async throws {
        try await SimCluster.with(nodes: 2, baseOctet: Self.baseOctet) { cluster in
            let before = try cluster.sshdPids("pve1")
            try #require(before.count == 1)
            try await cluster.stopNode("pve1")
            #expect(try cluster.sshdPids("pve1").isEmpty)
            let refused = try await cluster.ssh("pve1", "true")
            #expect(refused.exitCode == 255)
            #expect(refused.stderrText.contains("Connection refused"))
            #expect(try await cluster.ssh("pve2", "true").exitCode == 0)

            try await cluster.startNode("pve1")
            #expect(try await cluster.ssh("pve1", "true").exitCode == 0)

            let running = Task { try await cluster.ssh("pve1", "sleep 60") }
            try await waitUntil { try cluster.sessionProcesses("pve1").contains { $0.commandLine == "sleep 60" } }
            let listener = try cluster.sshdPids("pve1").first
            try await cluster.restartNode("pve1")
            let dropped = try await running.value
            #expect(dropped.exitCode == 255)
            #expect(try cluster.sessionProcesses("pve1").isEmpty)
            #expect(try cluster.sshdPids("pve1").first != listener)
            #expect(try await cluster.ssh("pve1", "true").exitCode == 0)
        }
    }

    @Test("down stops every sshd and session of the cluster and removes its state")
    func downLeavesNothing() async throws {
        let cluster = try await SimCluster.start(nodes: 3, baseOctet: Self.baseOctet)
        let running = Task { try await cluster.ssh("pve2", "sleep 60") }
        try await waitUntil { try cluster.sessionProcesses("pve2").contains { $0.commandLine == "sleep 60" } }
        let sshds = try cluster.nodes.flatMap { try cluster.sshdPids($0.alias) }
        let sessions = try cluster.sessionProcesses("pve2").map(\.pid)
        #expect(sshds.count >= 4) // three listeners and at least one per open connection

        try await cluster.shutdown()
        _ = try await running.value
        #expect(sshds.filter(ProcessTable.isRunning).isEmpty)
        #expect(sessions.filter(ProcessTable.isRunning).isEmpty)
        let ours = ProcessTable.snapshot().filter { $0.commandLine.contains(cluster.stateDirectory.path) }
        #expect(ours.isEmpty, "still running: \(ours)")
        #expect(!FileManager.default.fileExists(atPath: cluster.stateDirectory.path))
    }

    @Test("a missing sshd fails with the package to install")
    func missingSSHD() async throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("sim-missing-\(getpid())")
        let script = try SimCluster.projectRoot().appendingPathComponent("scripts/sim-cluster").path
        let result = try await ProcessRunner.run(
            script, ["up", "--nodes", "1", "--state", state.path, "--port", "auto"],
            environment: ["SIM_SSHD": "/nonexistent/sshd"])
        try? FileManager.default.removeItem(at: state)
        #expect(result.exitCode == 1)
        #expect(result.stderrText.contains("openssh-server"))
        #expect(SimClusterError.missingTool("sshd", package: "openssh-server").description
            .contains("apt-get install openssh-server"))
    }

    /// Polls `condition` every 50 ms for up to 10 s.
    private func waitUntil(_ condition: () throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while try !condition() {
            try #require(ContinuousClock.now < deadline, "condition not met within 10 s")
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}
