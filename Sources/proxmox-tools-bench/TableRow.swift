/// One line of the BENCHMARKS.md table:
/// `| Row | n | Median | p95 / p99 / max | Baseline median | Ratio | Goal | Met? |`.
struct TableRow: Sendable {
    var name: String
    /// Samples on our side / on the baseline side, e.g. `500 / 40`.
    var count: String
    var median: String
    var p95: String
    var baseline: String
    var ratio: String
    var goal: String
    /// nil when the row has no verdict (informational rows).
    var met: Bool?
    /// Appended to the name cell: what to know when reading the number (a reduced n, a caveat).
    var note: String? = nil

    static let header = """
        | Row | n | Median | p95 / p99 / max | Baseline median | Ratio | Goal | Met? |
        | --- | --- | --- | --- | --- | --- | --- | --- |
        """

    var markdown: String {
        let verdict = met.map { $0 ? "yes" : "**no**" } ?? "—"
        let label = note.map { "\(name) (\($0))" } ?? name
        return "| \(label) | \(count) | \(median) | \(p95) | \(baseline) | \(ratio) | \(goal) | \(verdict) |"
    }

    /// A row comparing two timed sides by the ratio of their medians (ours / baseline).
    static func compare(_ name: String, ours: Samples, baseline: Samples, baselineName: String,
                        goal: String, maxRatio: Double, note: String? = nil) -> TableRow {
        let ratio = ours.median / baseline.median
        return TableRow(
            name: name, count: "\(ours.count) / \(baseline.count)",
            median: formatMilliseconds(ours.median),
            // The tail, not just the middle: one stalled call in 250 (issue 14) only shows in max.
            p95: [ours.p95, ours.percentile(99), ours.slowest].map(formatMilliseconds).joined(separator: " / "),
            baseline: "\(formatMilliseconds(baseline.median)) (\(baselineName))",
            ratio: formatRatio(ratio), goal: goal,
            met: ratio.isFinite ? ratio <= maxRatio : false, note: note)
    }

    /// Prints the row on stdout, where `scripts/bench` collects it.
    func emit() { print(markdown) }
}

/// "stopped at the time bound" when a loop ran fewer iterations than asked.
func shortfallNote(_ done: Int, of wanted: Int) -> String? {
    done < wanted ? "time bound reached after \(done) of \(wanted)" : nil
}
