/// Durations as people write them in hosts.d: `30`, `2.5` (seconds), `500ms`, `30s`, `2m`, `1h`.
public enum DurationSeconds {
    private static let units: [(suffix: String, factor: Double)] = [
        ("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600),
    ]

    /// The duration in seconds, or `nil` if `text` is not a positive, finite duration.
    public static func parse(_ text: String) -> Double? {
        guard let seconds = UnitQuantity.parse(text, units: units) else { return nil }
        guard seconds > 0, seconds.isFinite else { return nil }
        return seconds
    }
}
