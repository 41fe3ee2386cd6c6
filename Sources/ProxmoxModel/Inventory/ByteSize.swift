/// Byte counts as people write them in hosts.d: `1048576`, `512KiB`, `4MiB`, `1MB`, `1GiB`.
/// Binary units (KiB, MiB, GiB) are powers of 1024, decimal ones (kB, MB, GB) powers of 1000,
/// as in IEC 80000-13; the unit is matched case-insensitively and may follow a space.
public enum ByteSize {
    private static let units: [(suffix: String, factor: Double)] = [
        ("kib", 1024), ("mib", 1_048_576), ("gib", 1_073_741_824),
        ("kb", 1e3), ("mb", 1e6), ("gb", 1e9),
        ("b", 1),
    ]

    /// The number of bytes, or `nil` if `text` is not a positive size that fits in an `Int`.
    public static func parse(_ text: String) -> Int? {
        guard let value = UnitQuantity.parse(text, units: units) else { return nil }
        let bytes = value.rounded(.down)
        guard bytes >= 1, bytes < Double(Int.max) else { return nil }
        return Int(bytes)
    }

    /// The largest exact binary unit: `1048576` → `1 MiB`, `1500` → `1500 B`.
    public static func format(_ bytes: Int) -> String {
        for (suffix, shift) in [("GiB", 30), ("MiB", 20), ("KiB", 10)] where bytes >= 1 << shift && bytes % (1 << shift) == 0 {
            return "\(bytes >> shift) \(suffix)"
        }
        return "\(bytes) B"
    }
}

extension String {
    /// Without leading and trailing whitespace (Foundation-free, for the unit parsers).
    var trimmedForInventory: String {
        var text = Substring(self)
        while text.first?.isWhitespace == true { text = text.dropFirst() }
        while text.last?.isWhitespace == true { text = text.dropLast() }
        return String(text)
    }
}
