import ArgumentParser
import MCP
import SSH
import NodeAccess

/// Rows 1a/1b/1d (and the informational 1c): `proxmox_run_host_command` `true` on one node over
/// MCP, warm, against OpenSSH with ControlMaster, OpenSSH fresh per call, and the floor: a raw
/// libssh2 exec on an open session (our SSH module's `SessionDriver`, in this process, no MCP).
/// The sides are interleaved in rounds, so a neighbour's compile slows all of them alike.
struct WarmCallRows: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "warm", abstract: "Rows 1a/1b: warm tools/call over MCP vs ssh (ControlMaster, fresh).")

    @OptionGroup var target: TargetOptions
    @OptionGroup var ssh: SSHOptions

    @Option(help: "Sequential tools/call calls over MCP.")
    var count = 500

    @Option(help: "Fresh ssh processes (a handshake each).")
    var freshCount = 40

    @Option(help: "ssh processes through the ControlMaster connection.")
    var controlCount = 200

    @Option(help: "Raw libssh2 execs on an open session (row 1d, the floor).")
    var rawCount = 500

    @Option(help: "Calls with the client on the SDK's StdioTransport (row 1c, informational; 0 skips it).")
    var sdkCount = 100

    @Option(help: "Rounds the loops are interleaved in.")
    var rounds = 10

    static let names = ["1a. Warm `tools/call` over MCP (`true`, one node) vs `ssh` ControlMaster",
                        "1b. Warm `tools/call` over MCP (`true`, one node) vs fresh `ssh`",
                        "1d. Warm `tools/call` over MCP (`true`, one node) vs raw libssh2 exec on an open session"]

    func run() async throws {
        try await measureRows(Self.names, goal: "see issue") { try await measure() }
    }

    private func measure() async throws -> [TableRow] {
        let arguments: [String: Value] = ["command": "true", "host": .string(target.host)]
        let deadline = Deadline(seconds: target.timeBound)
        var mcp = Samples(), fresh = Samples(), control = Samples(), raw = Samples()
        let driver = SessionDriver(target: SSHTarget(address: ssh.sshAddress, port: ssh.sshPort, user: ssh.sshUser,
                                                     identityFile: ssh.sshKey, knownHostsFile: ssh.knownHosts))
        let clock = ContinuousClock()
        func rawExec() async throws -> Double {
            let start = clock.now
            let result = try await driver.execute(RemoteCommand("true").composed, timeout: .seconds(30), maxOutput: 1 << 20)
            guard result.exitCode == 0 else { throw BenchError("raw libssh2 exec of `true` on \(ssh.sshAddress) ended with \(result)") }
            return (clock.now - start).milliseconds
        }
        for _ in 0..<20 { _ = try await rawExec() }
        try await MCPSession.with(server: target.server, hostsDir: target.hostsDir,
                                  logFile: target.logFile("serve-warm.log")) { session in
            log("warm: warming up (first call connects)")
            for _ in 0..<20 { _ = try await session.callSucceeding("proxmox_run_host_command", arguments) }
            let stderrFile = target.logFile("ssh.stderr")
            _ = try TimedProcess.runChecked(ssh.fresh("true"), stderrFile: stderrFile)
            for _ in 0..<3 { _ = try TimedProcess.runChecked(ssh.multiplexed("true"), stderrFile: stderrFile) }
            rounds: for round in 0..<rounds {
                log("warm: round \(round + 1) of \(rounds)")
                for _ in 0..<share(count, round) {
                    if deadline.passed { break rounds }
                    mcp.append(try await session.callSucceeding("proxmox_run_host_command", arguments))
                }
                for _ in 0..<share(controlCount, round) {
                    if deadline.passed { break rounds }
                    control.append(try TimedProcess.runChecked(ssh.multiplexed("true"), stderrFile: stderrFile).milliseconds)
                }
                for _ in 0..<share(rawCount, round) {
                    if deadline.passed { break rounds }
                    raw.append(try await rawExec())
                }
                for _ in 0..<share(freshCount, round) {
                    if deadline.passed { break rounds }
                    fresh.append(try TimedProcess.runChecked(ssh.fresh("true"), stderrFile: stderrFile).milliseconds)
                }
            }
        }
        await driver.shutdown()
        let note = shortfallNote(mcp.count, of: count)
        var rows = [
            TableRow.compare(Self.names[0], ours: mcp, baseline: control, baselineName: "ControlMaster",
                             goal: "≤ 0.4×", maxRatio: 0.4, note: note),
            TableRow.compare(Self.names[1], ours: mcp, baseline: fresh, baselineName: "fresh ssh",
                             goal: "≤ 0.033× (≥ 30× faster)", maxRatio: 1.0 / 30, note: note),
            TableRow.compare(Self.names[2], ours: mcp, baseline: raw, baselineName: "raw libssh2 exec",
                             goal: "≤ 1.5×", maxRatio: 1.5, note: note),
        ]
        if sdkCount > 0 && !deadline.passed {
            rows.append(try await sdkTransportRow(arguments: arguments, pipeSide: mcp, deadline: deadline))
        }
        return rows
    }

    /// The same calls with the client on the SDK's `StdioTransport`, whose 10 ms read polling adds
    /// to every response; baseline is the pipe-client median above.
    private func sdkTransportRow(arguments: [String: Value], pipeSide: Samples, deadline: Deadline) async throws -> TableRow {
        log("warm: \(sdkCount) calls with the client on the SDK's StdioTransport")
        var samples = Samples()
        try await MCPSession.with(server: target.server, hostsDir: target.hostsDir,
                                  logFile: target.logFile("serve-warm-sdk.log"), transport: .sdkStdio) { session in
            for _ in 0..<10 { _ = try await session.callSucceeding("proxmox_run_host_command", arguments) }
            for _ in 0..<sdkCount where !deadline.passed {
                samples.append(try await session.callSucceeding("proxmox_run_host_command", arguments))
            }
        }
        var row = TableRow.compare(
            "1c. Same as 1a, client on the SDK's `StdioTransport` (info: its 10 ms read polling)",
            ours: samples, baseline: pipeSide, baselineName: "1a, client reads on a thread",
            goal: "—", maxRatio: .infinity, note: shortfallNote(samples.count, of: sdkCount))
        row.met = nil
        return row
    }

    /// This round's part of `total`, spread so the rounds add up to exactly `total`.
    private func share(_ total: Int, _ round: Int) -> Int {
        total / rounds + (round < total % rounds ? 1 : 0)
    }
}
