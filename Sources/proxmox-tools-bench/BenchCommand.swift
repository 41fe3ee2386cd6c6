import Foundation
import ArgumentParser

/// `proxmox-tools-bench`: measures one row (or a pair of rows) of BENCHMARKS.md per subcommand and
/// prints it as a Markdown table line on stdout; progress and failures go to stderr.
/// `scripts/bench` builds everything, starts the simulated cluster and runs every subcommand.
@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proxmox-tools-bench",
        abstract: "Benchmark rows for BENCHMARKS.md: proxmox-tools against OpenSSH, measured side by side.",
        discussion: """
            Every figure is compared with a baseline measured in the same run, because the machines \
            this runs on are shared and noisy. Loops are bounded by count and by --time-bound.
            Normally run through scripts/bench (make bench), which provides every option.
            """,
        subcommands: [TableHeader.self, WarmCallRows.self, OneShotRow.self, FanOutRow.self,
                      ConcurrencyRow.self, StartupRow.self, ThroughputRow.self, MemoryRow.self,
                      ManySessionsRow.self, WallRow.self])
}

/// Prints the table's header lines.
struct TableHeader: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "header", abstract: "Print the table header.")

    func run() { print(TableRow.header) }
}

/// Runs a row's measurement; if it fails, prints a row per expected name that says so (so the
/// table stays complete) and the whole error on stderr, then exits 1.
func measureRows(_ names: [String], goal: String, _ body: () async throws -> [TableRow]) async throws {
    do {
        for row in try await body() { row.emit() }
    } catch {
        let reason = "\(error)"
        log("row failed: \(reason)")
        let short = reason.split(separator: "\n").first.map(String.init) ?? reason
        for name in names {
            TableRow(name: name, count: "—", median: "—", p95: "—", baseline: "—", ratio: "—", goal: goal,
                     met: false, note: "failed: \(short.replacingOccurrences(of: "|", with: "/").prefix(160))").emit()
        }
        throw ExitCode(1)
    }
}

/// Progress for the person watching; stdout carries only table rows.
func log(_ message: String) {
    try? writeAll(2, Array("bench: \(message)\n".utf8))
}
