import Foundation

/// A simulated Proxmox cluster for integration tests: one real OpenSSH server per node on its own
/// loopback address, started by `scripts/sim-cluster` into a fresh temporary state directory.
///
/// Sessions on a node see fake `qm`, `pct`, `pvesh`, `pvesm`, `pvecm` and `pveversion` that print
/// that node's samples from Tests/Fixtures/samples (node K uses pve((K-1)%3+1)'s), and every command
/// a node receives is appended to its `commands.log`.
///
/// ```swift
/// try await SimCluster.with(nodes: 3, baseOctet: 41) { cluster in
///     let result = try await cluster.ssh("pve2", "qm list")
///     #expect(try cluster.commandsLog("pve2") == ["qm list"])
/// }
/// ```
/// Each cluster picks a free TCP port, so clusters of parallel tests never collide; giving each
/// suite its own `baseOctet` block (11, 41, 71, 101, …) also keeps their addresses apart. If the
/// test process dies, a watchdog started with the cluster brings it down.
final class SimCluster: @unchecked Sendable { // mutable state: `isShutDown`, guarded by `lock`
    /// One simulated node: its inventory alias and where its sshd listens.
    struct Node: Sendable, Hashable {
        var alias: String
        var address: String
        var port: Int
    }

    /// Scenario switches of a node's fake commands (see Tests/Fixtures/samples/errors.md).
    enum Scenario: String, Sendable, CaseIterable {
        case standalone, notQuorate = "not-quorate", corosyncDown = "corosync-down"
        case pmxcfsDown = "pmxcfs-down", notRoot = "not-root"
        case zfsDegraded = "zfs-degraded", haNoQuorum = "ha-no-quorum"
    }

    /// The checkout's root, found by walking up from this file to `scripts/sim-cluster`.
    static func projectRoot(from file: String = #filePath) throws -> URL {
        var directory = URL(fileURLWithPath: file).deletingLastPathComponent()
        while directory.path != "/" {
            if FileManager.default.isExecutableFile(atPath: directory.appendingPathComponent("scripts/sim-cluster").path) {
                return directory
            }
            directory.deleteLastPathComponent()
        }
        throw SimClusterError.scriptNotFound(searchedFrom: file)
    }

    let script: URL
    /// The `--state` directory; removed by `shutdown()`.
    let stateDirectory: URL
    /// `hosts.d` with `cluster.yaml` listing every node (pve1 is `default: true`).
    let hostsDir: URL
    /// The shared client private key (ed25519, no passphrase).
    let clientKey: URL
    /// OpenSSH known_hosts with every node's host key (`[address]:port` entries).
    let knownHosts: URL
    /// The user every node accepts: the one running the tests.
    let user: String
    let nodes: [Node]

    private let lock = NSLock()
    private var isShutDown = false

    private init(script: URL, stateDirectory: URL, user: String, nodes: [Node]) {
        self.script = script
        self.stateDirectory = stateDirectory
        hostsDir = stateDirectory.appendingPathComponent("hosts.d")
        clientKey = stateDirectory.appendingPathComponent("client/id_ed25519")
        knownHosts = stateDirectory.appendingPathComponent("client/known_hosts")
        self.user = user
        self.nodes = nodes
    }

    /// Starts `nodes` nodes (pve1 … pveN) on 127.0.0.`baseOctet` … and returns once all listen.
    /// `port: nil` picks a free port. Throws `SimClusterError.missingTool` when OpenSSH is missing.
    static func start(nodes count: Int = 3, baseOctet: Int = 11, port: Int? = nil) async throws -> SimCluster {
        guard (1...32).contains(count), (1...254).contains(baseOctet), baseOctet + count - 1 <= 254 else {
            throw SimClusterError.invalidParameters(
                "a simulated cluster has 1-32 nodes on 127.0.0.\(baseOctet)+; got \(count) nodes from octet \(baseOctet)")
        }
        try requireOpenSSH()
        let script = try projectRoot().appendingPathComponent("scripts/sim-cluster")
        // mkdtemp: a unique, plain path (the script refuses paths that sshd_config cannot take).
        var template = Array("/tmp/proxmox-tools-sim-XXXXXX".utf8CString)
        guard let created = mkdtemp(&template) else {
            throw SimClusterError.invalidParameters("could not create a temporary directory in /tmp: errno \(errno)")
        }
        let state = URL(fileURLWithPath: String(cString: created))
        let arguments = [
            "up", "--nodes", "\(count)", "--state", state.path, "--base-ip", "127.0.0.\(baseOctet)",
            "--port", port.map(String.init) ?? "auto", "--owner-pid", "\(getpid())",
        ]
        do {
            try await runScript(script, arguments)
        } catch {
            _ = try? await runScript(script, ["down", "--state", state.path, "--purge"])
            throw error
        }
        let settings = try String(contentsOf: state.appendingPathComponent("cluster.env"), encoding: .utf8)
        let values = Dictionary(settings.split(separator: "\n").compactMap { line -> (String, String)? in
            let parts = line.split(separator: "=", maxSplits: 1)
            return parts.count == 2 ? (String(parts[0]), String(parts[1])) : nil
        }, uniquingKeysWith: { $1 })
        guard let actualPort = values["SIM_PORT"].flatMap(Int.init), let user = values["SIM_USER"] else {
            throw SimClusterError.invalidParameters("\(state.path)/cluster.env lacks SIM_PORT or SIM_USER:\n\(settings)")
        }
        let nodes = (1...count).map { k in
            Node(alias: "pve\(k)", address: "127.0.0.\(baseOctet + k - 1)", port: actualPort)
        }
        return SimCluster(script: script, stateDirectory: state, user: user, nodes: nodes)
    }

    /// Runs `body` with a started cluster and always shuts it down afterwards, also when it throws.
    static func with<T: Sendable>(
        nodes count: Int = 3, baseOctet: Int = 11, port: Int? = nil,
        _ body: (SimCluster) async throws -> T
    ) async throws -> T {
        let cluster = try await start(nodes: count, baseOctet: baseOctet, port: port)
        do {
            let result = try await body(cluster)
            try await cluster.shutdown()
            return result
        } catch {
            try? await cluster.shutdown()
            throw error
        }
    }

    /// Fails with the package to install when sshd or ssh-keygen is missing (the suite must fail,
    /// not skip: CI has to prove that the cluster works).
    static func requireOpenSSH() throws {
        if ProcessRunner.find("sshd") == nil { throw SimClusterError.missingTool("sshd", package: "openssh-server") }
        for tool in ["ssh-keygen", "ssh"] where ProcessRunner.find(tool) == nil {
            throw SimClusterError.missingTool(tool, package: "openssh-client")
        }
    }

    /// Stops every node and its sessions and removes the state directory. Idempotent.
    func shutdown() async throws {
        guard lock.withLock({ () -> Bool in defer { isShutDown = true }; return !isShutDown }) else { return }
        try await Self.runScript(script, ["down", "--state", stateDirectory.path, "--purge"])
    }

    deinit {
        // A test that forgot shutdown() must not leave sshd processes behind until the process exits.
        if !isShutDown {
            _ = try? ProcessRunner.runBlocking(script.path, ["down", "--state", stateDirectory.path, "--purge"])
        }
    }

    // MARK: Nodes

    func node(_ alias: String) throws -> Node {
        guard let node = nodes.first(where: { $0.alias == alias }) else {
            throw SimClusterError.unknownNode(alias, known: nodes.map(\.alias))
        }
        return node
    }

    /// The node's state directory (sshd_config, sshd.log, commands.log, actions.log, scenario).
    func directory(of alias: String) throws -> URL {
        stateDirectory.appendingPathComponent("nodes/\(try node(alias).alias)")
    }

    /// Node down: stops its sshd and every process of its sessions; connecting is then refused.
    func stopNode(_ alias: String) async throws { try await nodeCommand("stop-node", alias) }

    func startNode(_ alias: String) async throws { try await nodeCommand("start-node", alias) }

    /// Restarts the node's sshd. By default open connections die too (sshd killed); with
    /// `keepSessions` only the listener restarts, as `systemctl restart ssh` does.
    func restartNode(_ alias: String, keepSessions: Bool = false) async throws {
        try await nodeCommand("restart-node", alias, extra: keepSessions ? ["--keep-sessions"] : [])
    }

    /// Makes the node's fake commands behave as in the scenarios; `[]` restores the normal node.
    func setScenario(_ alias: String, _ scenarios: [Scenario]) async throws {
        try await nodeCommand("scenario", alias, extra: scenarios.map(\.rawValue))
    }

    private func nodeCommand(_ command: String, _ alias: String, extra: [String] = []) async throws {
        _ = try node(alias)
        try await Self.runScript(script, [command, "--state", stateDirectory.path, alias] + extra)
    }

    @discardableResult
    private static func runScript(_ script: URL, _ arguments: [String]) async throws -> ProcessOutput {
        let output = try await ProcessRunner.run(script.path, arguments, timeout: .seconds(60))
        if output.timedOut { throw SimClusterError.scriptTimedOut(arguments: arguments) }
        guard output.exitCode == 0, !output.terminatedBySignal else {
            throw SimClusterError.scriptFailed(arguments: arguments, exitCode: output.exitCode, stderr: output.stderrText)
        }
        return output
    }
}
