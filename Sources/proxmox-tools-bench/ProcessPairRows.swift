import ArgumentParser

/// Times two commands as whole processes, alternating A B A B … so drift hits both alike.
func alternate(_ ours: [String], _ baseline: [String], count: Int, warmups: Int, expectBytes: Int? = nil,
               stderrFile: String, deadline: Deadline, label: String) throws(BenchError) -> (Samples, Samples) {
    for _ in 0..<warmups {
        _ = try TimedProcess.runChecked(ours, stderrFile: stderrFile, expectBytes: expectBytes)
        _ = try TimedProcess.runChecked(baseline, stderrFile: stderrFile, expectBytes: expectBytes)
    }
    var a = Samples(), b = Samples()
    for index in 0..<count where !deadline.passed {
        if index % 10 == 0 { log("\(label): pair \(index + 1) of \(count)") }
        a.append(try TimedProcess.runChecked(ours, stderrFile: stderrFile, expectBytes: expectBytes).milliseconds)
        b.append(try TimedProcess.runChecked(baseline, stderrFile: stderrFile, expectBytes: expectBytes).milliseconds)
    }
    return (a, b)
}

/// Row 2: `proxmox-tools --host pve1 true` as a process per call vs a fresh `ssh … true`.
struct OneShotRow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cli", abstract: "Row 2: the CLI as one process per call vs fresh ssh.")

    @OptionGroup var target: TargetOptions
    @OptionGroup var ssh: SSHOptions

    @Option(help: "Pairs of runs.")
    var count = 40

    static let name = "2. CLI one-shot `proxmox-tools --host pve1 true` vs fresh `ssh`"

    func run() async throws {
        try await measureRows([Self.name], goal: "≤ 1.0×") {
            let ours = [target.server, "--hosts-dir", target.hostsDir, "--host", target.host, "true"]
            let (a, b) = try alternate(ours, ssh.fresh("true"), count: count, warmups: 2,
                                       stderrFile: target.logFile("cli.stderr"),
                                       deadline: Deadline(seconds: target.timeBound), label: "cli")
            return [TableRow.compare(Self.name, ours: a, baseline: b, baselineName: "fresh ssh", goal: "≤ 1.0×",
                                     maxRatio: 1.0, note: shortfallNote(a.count, of: count))]
        }
    }
}

/// Row 6: 100 MB of stdout through the CLI vs through `ssh`, both read to the end by this process.
/// The CLI (not MCP) on purpose: over MCP the bytes become JSON (`\u0000` is 6 bytes, sent twice,
/// as text and as structuredContent), which measures JSON, not the SSH layer's throughput.
struct ThroughputRow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "throughput", abstract: "Row 6: 100 MB of stdout through the CLI vs ssh.")

    @OptionGroup var target: TargetOptions
    @OptionGroup var ssh: SSHOptions

    @Option(help: "Pairs of runs.")
    var count = 5

    @Option(help: "Bytes the remote `head -c` writes.")
    var bytes = 100_000_000

    static let name = "6. Throughput: `head -c 100000000 /dev/zero` via the CLI vs `ssh`"

    func run() async throws {
        try await measureRows([Self.name], goal: "≤ 1.3×") {
            let command = "head -c \(bytes) /dev/zero"
            let ours = [target.server, "--hosts-dir", target.hostsDir, "--host", target.host, command]
            let (a, b) = try alternate(ours, ssh.fresh(command), count: count, warmups: 1, expectBytes: bytes,
                                       stderrFile: target.logFile("throughput.stderr"),
                                       deadline: Deadline(seconds: target.timeBound), label: "throughput")
            var row = TableRow.compare(Self.name, ours: a, baseline: b, baselineName: "fresh ssh", goal: "≤ 1.3×",
                                       maxRatio: 1.3, note: shortfallNote(a.count, of: count))
            row.median += " (\(format(Double(bytes) / a.median / 1000, places: 0)) MB/s)"
            row.baseline = "\(formatMilliseconds(b.median)) (fresh ssh, \(format(Double(bytes) / b.median / 1000, places: 0)) MB/s)"
            return [row]
        }
    }
}
