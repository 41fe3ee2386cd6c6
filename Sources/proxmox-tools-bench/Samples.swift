/// Timings (milliseconds) of one side of a row. Medians and p95 only: on a shared, noisy machine
/// the mean is dragged by whichever neighbour happened to compile at the time.
struct Samples: Sendable {
    private(set) var values: [Double] = []

    mutating func append(_ value: Double) { values.append(value) }

    var count: Int { values.count }

    var median: Double { percentile(50) }
    var p95: Double { percentile(95) }
    var slowest: Double { values.max() ?? .nan }

    /// Nearest-rank percentile; `nan` for no samples, so an empty side can never pass a goal.
    func percentile(_ p: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        if p == 50 && sorted.count % 2 == 0 {
            return (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        }
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}

/// A time bound for one row's loops: the row stops early rather than overrun `make bench`.
struct Deadline: Sendable {
    private let end: ContinuousClock.Instant

    init(seconds: Double) {
        end = ContinuousClock.now.advanced(by: .milliseconds(Int64(seconds * 1000)))
    }

    var passed: Bool { ContinuousClock.now >= end }
}

/// Formats a duration in milliseconds with precision that suits its size.
func formatMilliseconds(_ value: Double) -> String {
    guard value.isFinite else { return "—" }
    if value < 10 { return "\(format(value, places: 2)) ms" }
    if value < 100 { return "\(format(value, places: 1)) ms" }
    return "\(format(value, places: 0)) ms"
}

/// A ratio as `0.42×`.
func formatRatio(_ value: Double) -> String {
    guard value.isFinite else { return "—" }
    return "\(format(value, places: value < 0.1 ? 3 : 2))×"
}

/// Fixed-point formatting without Foundation's `String(format:)`.
func format(_ value: Double, places: Int) -> String {
    guard value.isFinite else { return "—" }
    var scale = 1.0
    for _ in 0..<places { scale *= 10 }
    let scaled = (abs(value) * scale).rounded()
    let whole = Int(scaled / scale)
    let fraction = Int(scaled - Double(whole) * scale)
    let sign = value < 0 && scaled != 0 ? "-" : ""
    guard places > 0 else { return "\(sign)\(whole)" }
    let digits = String(fraction)
    return "\(sign)\(whole).\(String(repeating: "0", count: places - digits.count))\(digits)"
}
