/// A number with an optional unit suffix, as hosts.d values are written (`512KiB`, `2.5`, `30s`).
enum UnitQuantity {
    /// The number times the factor of the first unit in `units` that `text` ends with (no unit: 1),
    /// or `nil` when the rest is not a plain decimal number. The unit is matched case-insensitively
    /// and may follow a space.
    static func parse(_ text: String, units: [(suffix: String, factor: Double)]) -> Double? {
        let lowered = text.trimmedForInventory.lowercased()
        var number = lowered
        var factor: Double = 1
        for unit in units where lowered.hasSuffix(unit.suffix) {
            number = String(lowered.dropLast(unit.suffix.count)).trimmedForInventory
            factor = unit.factor
            break
        }
        guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              let value = Double(number) else { return nil }
        return value * factor
    }
}
