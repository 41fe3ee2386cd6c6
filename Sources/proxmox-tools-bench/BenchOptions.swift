import ArgumentParser

/// Where our side runs: the `proxmox-tools` binary, the simulated cluster's inventory, scratch files.
struct TargetOptions: ParsableArguments {
    @Option(help: "Path of the release-built proxmox-tools binary.")
    var server: String

    @Option(help: "The simulated cluster's hosts.d directory.")
    var hostsDir: String

    @Option(help: "The node that single-node rows use.")
    var host = "pve1"

    @Option(help: "Directory for server logs and each process's stderr.")
    var workDir: String

    @Option(help: "Seconds after which this row stops its loops and reports what it has.")
    var timeBound: Double = 120

    func logFile(_ name: String) -> String { "\(workDir)/\(name)" }
}

/// How to reach the same node with OpenSSH, for the baselines.
struct SSHOptions: ParsableArguments {
    @Option(help: "The node's address, e.g. 127.0.0.201.")
    var sshAddress: String

    @Option(help: "The node's SSH port.")
    var sshPort: Int

    @Option(help: "The login user.")
    var sshUser: String

    @Option(help: "The client private key.")
    var sshKey: String

    @Option(help: "The known_hosts file that trusts the node.")
    var knownHosts: String

    @Option(help: "ControlPath for the ControlMaster baseline (a short path: Unix sockets allow ~100 bytes).")
    var controlPath: String?

    /// `ssh … command`: a new TCP connection, key exchange and authentication per call — what an
    /// MCP server that shells out to `ssh` per call (the original design) pays every time.
    /// `-F /dev/null` keeps the user's own ~/.ssh/config (and its ControlMaster settings) out.
    func fresh(_ command: String) -> [String] {
        ["ssh", "-F", "/dev/null", "-i", sshKey, "-o", "IdentitiesOnly=yes", "-o", "UserKnownHostsFile=\(knownHosts)",
         "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes", "-p", String(sshPort),
         "\(sshUser)@\(sshAddress)", command]
    }

    /// `ssh` reusing one master connection: a process start and a channel per call, no handshake.
    /// `address` reaches another node on the same port (the simulated nodes differ only in address).
    func multiplexed(_ command: String, address: String? = nil) throws(BenchError) -> [String] {
        guard let controlPath else { throw BenchError("--control-path is needed for the ControlMaster baseline") }
        var argv = fresh(command)
        if let address { argv[argv.count - 2] = "\(sshUser)@\(address)" }
        argv.insert(contentsOf: ["-o", "ControlMaster=auto", "-o", "ControlPath=\(controlPath)",
                                 "-o", "ControlPersist=60"], at: argv.count - 2)
        return argv
    }

    /// `--ssh-address` and the `count - 1` IPv4 addresses after it (how scripts/sim-cluster numbers nodes).
    func consecutiveAddresses(_ count: Int) throws(BenchError) -> [String] {
        let parts = sshAddress.split(separator: ".").compactMap { Int($0) }
        guard parts.count == 4, parts[3] + count - 1 <= 255 else {
            throw BenchError("--ssh-address must be an IPv4 address with room for \(count) nodes after it, got \(sshAddress)")
        }
        return (0..<count).map { "\(parts[0]).\(parts[1]).\(parts[2]).\(parts[3] + $0)" }
    }
}
