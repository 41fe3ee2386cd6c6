import Foundation

/// What tests observe on a simulated node: the commands it received, its sshd's connections and
/// processes, and an OpenSSH client to reach it.
extension SimCluster {
    /// Every command the node received, one per SSH channel, in order. A newline inside a command
    /// appears as the two characters `\n`.
    func commandsLog(_ alias: String) throws -> [String] {
        try lines(of: directory(of: alias).appendingPathComponent("commands.log"))
    }

    /// State-changing commands (`qm start 100`, `pct destroy 201`) the fake tools pretended to run.
    func actionsLog(_ alias: String) throws -> [String] {
        try lines(of: directory(of: alias).appendingPathComponent("actions.log"))
    }

    /// TCP connections the node's sshd accepted so far (from its VERBOSE log), across restarts;
    /// e.g. to prove that a second call reused the first call's connection.
    func acceptedConnections(_ alias: String) throws -> Int {
        let log = try directory(of: alias).appendingPathComponent("sshd.log")
        return try lines(of: log).filter { $0.hasPrefix("Connection from ") }.count
    }

    /// The node's running sshd processes: the listener first (if the node is up), then one or more
    /// per open connection. Empty when the node is down.
    func sshdPids(_ alias: String) throws -> [Int32] {
        let pidFile = try directory(of: alias).appendingPathComponent("sshd.pid")
        guard let text = try? String(contentsOf: pidFile, encoding: .utf8),
              let listener = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)),
              let process = ProcessTable.process(listener), process.isRunning,
              process.commandLine.contains(pidFile.deletingLastPathComponent().appendingPathComponent("sshd_config").path)
        else { return [] }
        let sessions = ProcessTable.descendants(of: listener).filter { $0.commandLine.hasPrefix("sshd") }
        return [listener] + sessions.map(\.pid)
    }

    /// Every running process started by the node's sessions, found by the environment marker that
    /// the session wrapper sets, so processes that were re-parented away from sshd are included.
    /// Use it to prove that a timed-out command was killed on the node.
    func sessionProcesses(_ alias: String) throws -> [SimProcess] {
        ProcessTable.withEnvironment("PVE_SIM_NODE_DIR=\(try directory(of: alias).path)")
    }

    /// `ssh` options that reach the node with the cluster's key and strict host key checking, ignoring
    /// the user's own ssh configuration. Append the command (or ControlMaster options) to them.
    func sshArguments(_ alias: String) throws -> [String] {
        let node = try node(alias)
        return [
            "-F", "/dev/null",
            "-i", clientKey.path,
            "-o", "IdentitiesOnly=yes",
            "-o", "UserKnownHostsFile=\(knownHosts.path)",
            "-o", "StrictHostKeyChecking=yes",
            "-o", "BatchMode=yes",
            "-o", "ConnectTimeout=10",
            "-o", "LogLevel=ERROR",
            "-p", "\(node.port)",
            "\(user)@\(node.address)",
        ]
    }

    /// Runs `command` on the node through the OpenSSH client (a fresh connection each time).
    func ssh(_ alias: String, _ command: String, timeout: Duration = .seconds(30)) async throws -> ProcessOutput {
        try await ProcessRunner.run("ssh", sshArguments(alias) + ["--", command], timeout: timeout)
    }

    /// The file's lines without their terminators. sshd's `-E` log ends lines in "\r\n", which Swift
    /// reads as one Character, so both endings are separators.
    private func lines(of file: URL) throws -> [String] {
        let text = try String(contentsOf: file, encoding: .utf8)
        return text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
            .dropLast().map(String.init)
    }
}
