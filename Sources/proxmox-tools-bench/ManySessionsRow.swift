import Glibc
import ArgumentParser
import MCP

/// Rows 8a–8f: many sessions from one server. An inventory of many aliases over the 16 simulated
/// sshd's (each alias is its own session, scripts/bench writes it with a short `idle_timeout`):
/// the cold and warm fan-out over all of them, the server's threads and RSS with every session warm,
/// and its threads and sockets once `idle_timeout` has closed them, each against the same server's
/// figure before its first call (or the same fan-out over one alias per sshd).
struct ManySessionsRow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sessions", abstract: "Rows 8a–8f: 200 aliases over 16 sshd's: fan-out, threads, RSS, idle clean-up.")

    @OptionGroup var target: TargetOptions

    @Option(help: "Aliases in the inventory (--hosts-dir), all tagged `many`.")
    var aliases = 200

    @Option(help: "The tag of one alias per sshd (the per-sshd baseline).")
    var oneEachTag = "one-each"

    @Option(help: "The inventory's idle_timeout in seconds.")
    var idleTimeout: Double = 10

    @Option(help: "Warm fan-outs over all aliases (each paired with one over one alias per sshd).")
    var count = 5

    static let threadLimit = 32
    static let rssLimitMiB = 100.0

    static let names = [
        "8a. Cold fan-out: `proxmox_list_vms` over 200 aliases on 16 sshd's (first call: 200 connects) vs warm",
        "8b. Warm fan-out over 200 aliases vs over 16 (one per sshd)",
        "8c. Threads with 200 warm sessions vs idle server",
        "8d. RSS with 200 warm sessions vs idle server",
        "8e. Threads after `idle_timeout` vs idle server",
        "8f. Sockets after `idle_timeout` vs idle server",
    ]

    func run() async throws {
        try await measureRows(Self.names, goal: "see issue 12") {
            try await MCPSession.with(server: target.server, hostsDir: target.hostsDir,
                                      logFile: target.logFile("serve-sessions.log"), measure)
        }
    }

    private func measure(_ session: MCPSession) async throws -> [TableRow] {
        let deadline = Deadline(seconds: target.timeBound)
        _ = try await session.client.listTools()
        try await Task.sleep(for: .milliseconds(500))
        let idle = try figures(session)
        log("sessions: idle server: \(idle.threads) threads, \(idle.sockets) sockets, \(idle.rssKiB) KiB")
        let all: [String: Value] = ["hosts": ["tag:many"]]
        let oneEach: [String: Value] = ["hosts": .array([.string("tag:\(oneEachTag)")])]

        log("sessions: cold fan-out over \(aliases) aliases")
        let (coldMilliseconds, coldResult) = try await session.call("proxmox_list_vms", all)
        let coldFailures = Self.failedNodes(coldResult)
        var warm = Samples(), perSSHD = Samples(), failures = coldFailures.count
        for index in 0..<count where !deadline.passed {
            log("sessions: warm fan-out \(index + 1) of \(count)")
            let (milliseconds, result) = try await session.call("proxmox_list_vms", all)
            failures += Self.failedNodes(result).count
            warm.append(milliseconds)
            perSSHD.append(try await session.callSucceeding("proxmox_list_vms", oneEach))
        }
        let busy = try figures(session)
        log("sessions: \(aliases) warm sessions: \(busy.threads) threads, \(busy.sockets) sockets, \(busy.rssKiB) KiB")

        // Wait for idle_timeout to close every session, and a little longer for its clean-up.
        let clock = ContinuousClock()
        let quietSince = clock.now
        var after = try figures(session)
        while (clock.now - quietSince).milliseconds < (idleTimeout + 15) * 1000 && !deadline.passed {
            try await Task.sleep(for: .milliseconds(500))
            after = try figures(session)
            if (clock.now - quietSince).milliseconds > (idleTimeout + 2) * 1000
                && after.threads <= idle.threads && after.sockets <= idle.sockets { break }
        }
        log("sessions: after idle_timeout: \(after.threads) threads, \(after.sockets) sockets")

        let mib = { (kib: Int) in "\(format(Double(kib) / 1024, places: 1)) MiB" }
        let failureNote = failures > 0
            ? "\(failures) node results failed (cold: \(coldFailures.count); first: \(coldFailures.first ?? ""))" : nil
        var cold = TableRow(name: Self.names[0], count: "1 / \(warm.count)", median: formatMilliseconds(coldMilliseconds),
                            p95: "—", baseline: "\(formatMilliseconds(warm.median)) (warm)",
                            ratio: formatRatio(coldMilliseconds / warm.median), goal: "—", met: nil,
                            note: coldFailures.isEmpty ? nil : "\(coldFailures.count) of \(aliases) nodes failed: \(coldFailures.first ?? "")")
        cold.note = cold.note.map { String($0.replacingOccurrences(of: "|", with: "/").prefix(200)) }
        var warmRow = TableRow.compare(Self.names[1], ours: warm, baseline: perSSHD, baselineName: "16 aliases",
                                       goal: "— (info: 12.5× the sessions)", maxRatio: .infinity,
                                       note: failureNote.map { String($0.replacingOccurrences(of: "|", with: "/").prefix(200)) })
        warmRow.met = nil
        return [
            cold, warmRow,
            TableRow(name: Self.names[2], count: "\(aliases) sessions", median: "\(busy.threads)", p95: "—",
                     baseline: "\(idle.threads) (idle)", ratio: formatRatio(Double(busy.threads) / Double(idle.threads)),
                     goal: "≤ \(Self.threadLimit) threads", met: busy.threads <= Self.threadLimit),
            TableRow(name: Self.names[3], count: "\(aliases) sessions", median: mib(busy.rssKiB), p95: "—",
                     baseline: "\(mib(idle.rssKiB)) (idle)", ratio: formatRatio(Double(busy.rssKiB) / Double(idle.rssKiB)),
                     goal: "≤ 100 MiB", met: Double(busy.rssKiB) / 1024 <= Self.rssLimitMiB),
            TableRow(name: Self.names[4], count: "1", median: "\(after.threads)", p95: "—",
                     baseline: "\(idle.threads) (idle)", ratio: formatRatio(Double(after.threads) / Double(idle.threads)),
                     goal: "back to idle", met: after.threads <= idle.threads,
                     note: "idle_timeout \(format(idleTimeout, places: 0)) s"),
            TableRow(name: Self.names[5], count: "1", median: "\(after.sockets)", p95: "—",
                     baseline: "\(idle.sockets) (idle)", ratio: idle.sockets > 0 ? formatRatio(Double(after.sockets) / Double(idle.sockets)) : "—",
                     goal: "back to idle", met: after.sockets <= idle.sockets,
                     note: "idle_timeout \(format(idleTimeout, places: 0)) s"),
        ]
    }

    private struct Figures { var threads: Int; var sockets: Int; var rssKiB: Int }

    private func figures(_ session: MCPSession) throws(BenchError) -> Figures {
        guard let threads = session.server.threads(), let sockets = session.server.sockets(),
              let rss = session.server.residentKiB() else {
            throw BenchError("cannot read /proc/\(session.server.pid) of the server; did it exit? see \(target.logFile("serve-sessions.log"))")
        }
        return Figures(threads: threads, sockets: sockets, rssKiB: rss)
    }

    /// `host: message` of each node with `ok: false` in a fan-out result.
    static func failedNodes(_ result: CallTool.Result) -> [String] {
        guard let nodes = result.structuredContent?.objectValue?["nodes"]?.arrayValue else { return ["the whole call failed"] }
        return nodes.compactMap { value in
            guard let node = value.objectValue, node["ok"] == .bool(false) else { return nil }
            return "\(node["host"]?.stringValue ?? "?"): \(node["message"]?.stringValue ?? node["error"]?.stringValue ?? "")"
        }
    }
}
