import ArgumentParser
import Foundation
import NodeAccess
import ProxmoxModel

/// Row 9: what the second wall costs per call. A warm `true` through the node-access layer
/// (ConnectionManager, one open session) uncontained, inside the guarded wall (the Perl wrapper)
/// and, for comparison, inside util-linux `unshare` + `setpriv` (the alternative, without the
/// per-submount read-only remounts it would also need), interleaved in rounds in the same run.
struct WallRow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wall", abstract: "Row 9: warm call contained vs uncontained (p50/p99 side by side).")

    @OptionGroup var target: TargetOptions

    @Option(help: "Calls per side.")
    var count = 300

    @Option(help: "Rounds the sides are interleaved in.")
    var rounds = 10

    static let names = ["9a. Warm call inside the containment wall (guarded, Perl wrapper) vs the same call uncontained",
                        "9b. Alternative wall: `unshare` + `setpriv` binaries (no read-only remount) vs uncontained (info)"]

    static let alternative = "exec unshare -m --propagation private setpriv --bounding-set "
        + "-sys_boot,-sys_module,-sys_admin,-sys_rawio,-sys_time --no-new-privs bash -c true"

    func run() async throws {
        try await measureRows(Self.names, goal: "≤ +2 ms p50") { try await measure() }
    }

    private func measure() async throws -> [TableRow] {
        let inventory = try InventoryLoader.load(directory: target.hostsDir, origin: "bench",
                                                 environment: ProcessInfo.processInfo.environment)
        let host = try inventory.host(named: target.host)
        let manager = ConnectionManager()
        let deadline = Deadline(seconds: target.timeBound)
        let clock = ContinuousClock()
        var open = Samples(), walled = Samples(), alternative = Samples()
        func timed(_ command: RemoteCommand) async throws -> Double {
            let start = clock.now
            let output = try await manager.run(command, on: host, timeout: 30)
            guard output.exitCode == 0 else { throw BenchError("`\(command.command)` on \(host.alias) ended with \(output)") }
            return (clock.now - start).milliseconds
        }
        let plain = RemoteCommand("true"), guarded = RemoteCommand("true", containment: .guarded)
        let unshare = RemoteCommand(Self.alternative)
        for _ in 0..<20 {
            _ = try await timed(plain)
            _ = try await timed(guarded)
            _ = try await timed(unshare)
        }
        rounds: for round in 0..<rounds {
            log("wall: round \(round + 1) of \(rounds)")
            let share = count / rounds + (round < count % rounds ? 1 : 0)
            for _ in 0..<share {
                if deadline.passed { break rounds }
                open.append(try await timed(plain))
                walled.append(try await timed(guarded))
                alternative.append(try await timed(unshare))
            }
        }
        await manager.shutdown()
        let note = shortfallNote(walled.count, of: count)
        let added = walled.median - open.median
        var row = TableRow.compare(Self.names[0], ours: walled, baseline: open, baselineName: "uncontained",
                                   goal: "≤ +2 ms p50", maxRatio: .infinity,
                                   note: ["+\(formatMilliseconds(added)) p50, uncontained p99 \(formatMilliseconds(open.percentile(99)))",
                                          note].compactMap { $0 }.joined(separator: "; "))
        row.met = added <= 2
        var info = TableRow.compare(Self.names[1], ours: alternative, baseline: open, baselineName: "uncontained",
                                    goal: "—", maxRatio: .infinity,
                                    note: "+\(formatMilliseconds(alternative.median - open.median)) p50")
        info.met = nil
        return [row, info]
    }
}
