import Glibc
import ArgumentParser
import MCP

/// Row 3: `proxmox_list_vms` over every node (warm) vs the same fan-out done with OpenSSH: one
/// `ssh` ControlMaster `qm list` per node, all started at once, timed until the last has exited.
/// Both sides make each node run its `qm list` on the same cores, so the machine's speed cancels out.
struct FanOutRow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fanout", abstract: "Row 3: proxmox_list_vms on all nodes vs parallel ssh ControlMaster qm list.")

    @OptionGroup var target: TargetOptions
    @OptionGroup var ssh: SSHOptions

    @Option(help: "Nodes: pve1…pveN at --ssh-address and the addresses after it.")
    var nodes = 16

    @Option(help: "Pairs of fan-outs.")
    var count = 60

    static let name = "3. Fan-out: `proxmox_list_vms` over 16 nodes vs 16 parallel `ssh` ControlMaster `qm list` (warm)"

    func run() async throws {
        try await measureRows([Self.name], goal: "≤ 0.5×") {
            let addresses = try ssh.consecutiveAddresses(nodes)
            let stderrFile = target.logFile("fanout-ssh.stderr")
            return try await MCPSession.with(server: target.server, hostsDir: target.hostsDir,
                                             logFile: target.logFile("serve-fanout.log")) { session in
                log("fanout: warming up every node's connection (ours and the \(nodes) ControlMasters)")
                for _ in 0..<3 {
                    _ = try await session.callSucceeding("proxmox_list_vms", [:])
                    _ = try parallelSSH(addresses, stderrFile: stderrFile)
                }
                let deadline = Deadline(seconds: target.timeBound)
                var ours = Samples(), openSSH = Samples()
                for index in 0..<count where !deadline.passed {
                    if index % 20 == 0 { log("fanout: pair \(index + 1) of \(count)") }
                    ours.append(try await session.callSucceeding("proxmox_list_vms", [:]))
                    openSSH.append(try parallelSSH(addresses, stderrFile: stderrFile))
                }
                return [TableRow.compare(Self.name, ours: ours, baseline: openSSH, baselineName: "16 × ssh ControlMaster",
                                         goal: "≤ 0.5×", maxRatio: 0.5, note: shortfallNote(ours.count, of: count))]
            }
        }
    }

    /// Starts `ssh … qm list` through each node's master at once; milliseconds until the last exits.
    private func parallelSSH(_ addresses: [String], stderrFile: String) throws(BenchError) -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        let errorFD = open(stderrFile, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard errorFD >= 0 else { throw BenchError("cannot write \(stderrFile)") }
        defer { close(errorFD) }
        var children: [ChildProcess] = []
        for address in addresses {
            children.append(try ChildProcess.spawn(try ssh.multiplexed("qm list", address: address), stderr: .descriptor(errorFD)))
        }
        var failed: [String] = []
        for child in children where child.wait() != 0 { failed.append(child.argv.dropLast().last ?? "?") }
        guard failed.isEmpty else { throw BenchError("ssh qm list failed on \(failed.joined(separator: ", ")); see \(stderrFile)") }
        return (clock.now - start).milliseconds
    }
}

/// Row 4: 8 concurrent `qm list` calls on a node that is busy with a `sleep 2`, vs one `qm list`
/// alone. Several batches run inside each `sleep 2` window; singles run between windows.
struct ConcurrencyRow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "concurrency", abstract: "Row 4: 8 concurrent qm list beside a sleep 2 vs one qm list.")

    @OptionGroup var target: TargetOptions

    @Option(help: "`sleep 2` windows; batches of concurrent calls run inside each.")
    var windows = 4

    @Option(help: "Concurrent `qm list` calls per batch.")
    var parallel = 8

    @Option(help: "Single `qm list` calls after each window.")
    var singles = 10

    static let name = "4. Concurrency: 8 × `qm list` at once beside a running `sleep 2` vs 1 `qm list` alone"

    func run() async throws {
        try await measureRows([Self.name], goal: "≤ 1.5×") {
            try await MCPSession.with(server: target.server, hostsDir: target.hostsDir,
                                      logFile: target.logFile("serve-concurrency.log"), measure)
        }
    }

    private func measure(_ session: MCPSession) async throws -> [TableRow] {
        let qmList: [String: Value] = ["command": "qm list", "host": .string(target.host)]
        let sleep: [String: Value] = ["command": "sleep 2", "host": .string(target.host)]
        for _ in 0..<3 { _ = try await session.callSucceeding("proxmox_run_host_command", qmList) }
        let deadline = Deadline(seconds: target.timeBound)
        var batches = Samples(), alone = Samples()
        let clock = ContinuousClock()
        for window in 0..<windows where !deadline.passed {
            log("concurrency: window \(window + 1) of \(windows)")
            let windowStart = clock.now
            let sleeper = Task { try await session.callSucceeding("proxmox_run_host_command", sleep) }
            // Give the sleep time to open its channel and start, so every batch really runs beside it.
            try await Task.sleep(for: .milliseconds(150))
            // Stop starting batches well before the sleep ends: a batch must overlap it entirely.
            while clock.now - windowStart < .milliseconds(1600) {
                let batchStart = clock.now
                try await withThrowingTaskGroup(of: Double.self) { group in
                    for _ in 0..<parallel {
                        group.addTask { try await session.callSucceeding("proxmox_run_host_command", qmList) }
                    }
                    try await group.waitForAll()
                }
                batches.append((clock.now - batchStart).milliseconds)
            }
            let slept = try await sleeper.value
            guard slept >= 1900 else {
                throw BenchError("`sleep 2` on \(target.host) returned after \(formatMilliseconds(slept)); the node did not run it")
            }
            for _ in 0..<singles {
                alone.append(try await session.callSucceeding("proxmox_run_host_command", qmList))
            }
        }
        return [TableRow.compare(Self.name, ours: batches, baseline: alone, baselineName: "1 alone",
                                 goal: "≤ 1.5×", maxRatio: 1.5, note: "median of the whole batch's time")]
    }
}

/// Row 5: process start → `initialize` → `tools/list` answered, a fresh server each time, and 5b:
/// its RSS right after. The client speaks raw JSON lines and only looks for a tool's name in the
/// answer: what is timed is the server, not a client library decoding the tool list.
/// Baseline (for scale only; the goal is absolute): a fresh `ssh … true`.
struct StartupRow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "startup", abstract: "Rows 5/5b: server start to tools/list answered; idle RSS.")

    @OptionGroup var target: TargetOptions
    @OptionGroup var ssh: SSHOptions

    @Option(help: "Server starts (each paired with one fresh ssh).")
    var count = 20

    static let name = "5. Start-up: process start → `initialize` → `tools/list` answered"
    static let idleName = "5b. Idle RSS: the server after `tools/list` (p95 column: largest)"

    static let initialize = #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"proxmox-tools-bench","version":"1.0"}}}"#
    static let listTools = #"{"jsonrpc":"2.0","method":"notifications/initialized"}"# + "\n" + #"{"jsonrpc":"2.0","id":2,"method":"tools/list"}"#

    func run() async throws {
        try await measureRows([Self.name, Self.idleName], goal: "≤ 50 ms; ≤ 25 MiB") {
            let deadline = Deadline(seconds: target.timeBound)
            var ours = Samples(), baseline = Samples(), idleKiB = Samples()
            let stderrFile = target.logFile("startup-ssh.stderr")
            for index in 0..<(count + 1) where !deadline.passed {
                let (elapsed, rss) = try startOnce()
                let sshRun = try TimedProcess.runChecked(ssh.fresh("true"), stderrFile: stderrFile)
                // The first of each is a warm-up (page cache, dynamic linker).
                if index > 0 {
                    ours.append(elapsed)
                    baseline.append(sshRun.milliseconds)
                    idleKiB.append(Double(rss))
                }
            }
            var row = TableRow.compare(Self.name, ours: ours, baseline: baseline, baselineName: "fresh ssh, for scale",
                                       goal: "≤ 50 ms", maxRatio: .infinity, note: shortfallNote(ours.count, of: count))
            row.met = ours.median <= 50
            let mib = { (kib: Double) in "\(format(kib / 1024, places: 1)) MiB" }
            let idle = TableRow(name: Self.idleName, count: "\(idleKiB.count)", median: mib(idleKiB.median),
                                p95: mib(idleKiB.slowest), baseline: "—", ratio: "—", goal: "≤ 25 MiB",
                                met: idleKiB.median / 1024 <= 25)
            return [row, idle]
        }
    }

    /// One server: milliseconds from spawn to the `tools/list` answer, then its RSS (KiB); the
    /// server must exit 0 once its stdin closes.
    private func startOnce() throws(BenchError) -> (Double, Int) {
        let toServer = try Pipe(), fromServer = try Pipe()
        let logFile = target.logFile("serve-startup.log")
        let logFD = open(logFile, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard logFD >= 0 else { throw BenchError("cannot write \(logFile)") }
        let clock = ContinuousClock()
        let start = clock.now
        let child = try ChildProcess.spawn([target.server, "serve", "--hosts-dir", target.hostsDir],
                                           stdin: .descriptor(toServer.readEnd), stdout: .descriptor(fromServer.writeEnd),
                                           stderr: .descriptor(logFD))
        close(toServer.readEnd); close(fromServer.writeEnd); close(logFD)
        var reader = LineReader(fd: fromServer.readEnd)
        defer { close(fromServer.readEnd) }
        func fail(_ what: String) -> BenchError {
            close(toServer.writeEnd)
            kill(child.pid, SIGKILL)
            _ = child.wait()
            return BenchError("\(what); server log: \(readTextFile(logFile).map { String($0.suffix(600)) } ?? "")")
        }
        try writeAll(toServer.writeEnd, Array((Self.initialize + "\n").utf8))
        guard let answer = reader.next(timeoutMilliseconds: 10_000), answer.contains(#""id":1"#) else {
            throw fail("no answer to initialize within 10 s")
        }
        try writeAll(toServer.writeEnd, Array((Self.listTools + "\n").utf8))
        guard let list = reader.next(timeoutMilliseconds: 10_000), list.contains(#""id":2"#) else {
            throw fail("no answer to tools/list within 10 s")
        }
        let elapsed = (clock.now - start).milliseconds
        guard list.contains("proxmox_run_host_command") else { throw fail("tools/list has no proxmox_run_host_command") }
        usleep(300_000)
        guard let rss = child.residentKiB() else { throw fail("cannot read VmRSS of the server") }
        close(toServer.writeEnd)
        let status = child.wait()
        guard status == 0 else { throw BenchError("the server exited \(status) after stdin closed; expected 0") }
        return (elapsed, rss)
    }
}

/// Lines from a descriptor, each waited for with `poll` up to a timeout.
struct LineReader {
    let fd: Int32
    private var buffer: [UInt8] = []

    init(fd: Int32) { self.fd = fd }

    mutating func next(timeoutMilliseconds: Int32) -> String? {
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                return line
            }
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, timeoutMilliseconds) > 0 else { return nil }
            let count = read(fd, &chunk, chunk.count)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return nil }
            buffer.append(contentsOf: chunk[..<count])
        }
    }
}
