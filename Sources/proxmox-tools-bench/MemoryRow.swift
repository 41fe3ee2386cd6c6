import ArgumentParser
import MCP

/// Row 7: the server's resident memory (`VmRSS`) idle, after 1,000 calls across every node, and
/// after 2,000 — the last two must match (no growth per call).
struct MemoryRow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "memory", abstract: "Row 7: server RSS idle, after 1,000 and 2,000 calls.")

    @OptionGroup var target: TargetOptions

    @Option(help: "Nodes pve1…pveN the calls go round.")
    var nodes = 16

    @Option(help: "Calls per phase (two phases).")
    var calls = 1000

    /// 25 MB, decimal as the issue writes it.
    static let limitKiB = 25_000_000 / 1024
    /// "Flat": at most this growth from the first phase's end to the second's.
    static let flatTolerance = 0.02

    static let name = "7. Memory: server RSS after 1,000 calls across 16 nodes (p95 column: after 2,000)"

    func run() async throws {
        try await measureRows([Self.name], goal: "≤ 25 MB, flat") {
            [try await MCPSession.with(server: target.server, hostsDir: target.hostsDir,
                                       logFile: target.logFile("serve-memory.log"), measure)]
        }
    }

    private func measure(_ session: MCPSession) async throws -> TableRow {
        _ = try await session.client.listTools()
        try await Task.sleep(for: .milliseconds(500))
        let idle = try rss(session)
        let deadline = Deadline(seconds: target.timeBound)
        var after: [Int] = []
        var done = 0
        for phase in 1...2 {
            log("memory: phase \(phase), \(calls) calls across \(nodes) nodes")
            var sent = 0
            while sent < calls && !deadline.passed {
                // One call per node at a time: every node's connection and channels are exercised.
                let batch = min(nodes, calls - sent)
                try await withThrowingTaskGroup(of: Double.self) { group in
                    for offset in 0..<batch {
                        let host = "pve\((sent + offset) % nodes + 1)"
                        group.addTask {
                            try await session.callSucceeding("proxmox_run_host_command",
                                                             ["command": "true", "host": .string(host)])
                        }
                    }
                    try await group.waitForAll()
                }
                sent += batch
            }
            done += sent
            try await Task.sleep(for: .milliseconds(300))
            after.append(try rss(session))
        }
        let mib = { (kib: Int) in "\(format(Double(kib) / 1024, places: 1)) MiB" }
        let growth = Double(after[1] - after[0]) / Double(after[0])
        return TableRow(
            name: Self.name, count: "\(done) calls",
            median: mib(after[0]), p95: mib(after[1]), baseline: "\(mib(idle)) (idle)",
            ratio: "\(formatRatio(Double(after[1]) / Double(after[0]))) (2k / 1k)",
            goal: "≤ 25 MB, growth ≤ 2%",
            met: after[0] <= Self.limitKiB && after[1] <= Self.limitKiB && growth <= Self.flatTolerance,
            note: shortfallNote(done, of: 2 * calls))
    }

    private func rss(_ session: MCPSession) throws(BenchError) -> Int {
        guard let kib = session.server.residentKiB() else {
            throw BenchError("cannot read VmRSS of the server (pid \(session.server.pid)); did it exit? see \(target.logFile("serve-memory.log"))")
        }
        return kib
    }
}
