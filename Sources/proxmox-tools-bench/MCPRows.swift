import ArgumentParser
import MCP

/// Row 3: `proxmox_list_vms` over every node vs over one node, warm, alternating.
struct FanOutRow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fanout", abstract: "Row 3: proxmox_list_vms on all nodes vs one node (warm).")

    @OptionGroup var target: TargetOptions

    @Option(help: "Pairs of calls.")
    var count = 100

    static let name = "3. Fan-out: `proxmox_list_vms` all 16 nodes vs 1 node (warm)"

    func run() async throws {
        try await measureRows([Self.name], goal: "≤ 1.5×") {
            try await MCPSession.with(server: target.server, hostsDir: target.hostsDir,
                                      logFile: target.logFile("serve-fanout.log")) { session in
                let one: [String: Value] = ["host": .string(target.host)]
                log("fanout: warming up every node's connection")
                for _ in 0..<3 {
                    _ = try await session.callSucceeding("proxmox_list_vms", [:])
                    _ = try await session.callSucceeding("proxmox_list_vms", one)
                }
                let deadline = Deadline(seconds: target.timeBound)
                var all = Samples(), single = Samples()
                for index in 0..<count where !deadline.passed {
                    if index % 20 == 0 { log("fanout: pair \(index + 1) of \(count)") }
                    all.append(try await session.callSucceeding("proxmox_list_vms", [:]))
                    single.append(try await session.callSucceeding("proxmox_list_vms", one))
                }
                return [TableRow.compare(Self.name, ours: all, baseline: single, baselineName: "1 node",
                                         goal: "≤ 1.5×", maxRatio: 1.5, note: shortfallNote(all.count, of: count))]
            }
        }
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

/// Row 5: process start → `initialize` → `tools/list` answered, a fresh server each time.
/// Baseline (for scale only; the goal is absolute): a fresh `ssh … true`.
struct StartupRow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "startup", abstract: "Row 5: server start to tools/list answered.")

    @OptionGroup var target: TargetOptions
    @OptionGroup var ssh: SSHOptions

    @Option(help: "Server starts (each paired with one fresh ssh).")
    var count = 20

    static let name = "5. Start-up: process start → `initialize` → `tools/list` answered"

    func run() async throws {
        try await measureRows([Self.name], goal: "≤ 100 ms") {
            let deadline = Deadline(seconds: target.timeBound)
            var ours = Samples(), baseline = Samples()
            let stderrFile = target.logFile("startup-ssh.stderr")
            for index in 0..<(count + 1) where !deadline.passed {
                let clock = ContinuousClock()
                let start = clock.now
                let session = try await MCPSession.start(server: target.server, hostsDir: target.hostsDir,
                                                         logFile: target.logFile("serve-startup.log"))
                let tools: [Tool]
                do {
                    tools = try await session.client.listTools().tools
                } catch {
                    await session.stop()
                    throw error
                }
                let elapsed = (clock.now - start).milliseconds
                let status = await session.stop()
                guard tools.contains(where: { $0.name == "proxmox_run_host_command" }) else {
                    throw BenchError("tools/list has no proxmox_run_host_command: \(tools.map(\.name))")
                }
                guard status == 0 else { throw BenchError("the server exited \(status) after stdin closed; expected 0") }
                let sshRun = try TimedProcess.runChecked(ssh.fresh("true"), stderrFile: stderrFile)
                // The first of each is a warm-up (page cache, dynamic linker).
                if index > 0 {
                    ours.append(elapsed)
                    baseline.append(sshRun.milliseconds)
                }
            }
            var row = TableRow.compare(Self.name, ours: ours, baseline: baseline, baselineName: "fresh ssh, for scale",
                                       goal: "≤ 100 ms", maxRatio: .infinity, note: shortfallNote(ours.count, of: count))
            row.met = ours.median <= 100
            return [row]
        }
    }
}
