import Foundation
import MCP

/// Plain-text tables for the human output of the CLI, and the small formatters they use.
enum TableRenderer {
    /// Left-aligned columns separated by two spaces; no trailing spaces.
    static func render(header: [String], rows: [[String]]) -> String {
        let all = [header] + rows
        // A short row (a failed node's error message) ends in free text that must not widen
        // the column it starts in.
        let widths = header.indices.map { column in
            all.map { row in
                row.indices.contains(column) && (row.count == header.count || column < row.count - 1) ? row[column].count : 0
            }.max() ?? 0
        }
        return all.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }.joined(separator: "\n")
    }

    /// The text of a scalar JSON value as a person reads it (`-` when absent).
    static func text(_ value: Value?) -> String {
        switch value {
        case nil, .null?: "-"
        case .string(let text)?: text
        case .int(let number)?: String(number)
        case .double(let number)?: number.rounded() == number ? String(Int(number)) : String(format: "%.2f", number)
        case .bool(let flag)?: flag ? "yes" : "no"
        case let other?: other.description
        }
    }

    /// `17179869184` → `16.0G` (binary units, as `free -h` prints them).
    static func bytes(_ value: Value?) -> String {
        guard let number = value.flatMap(number) else { return "-" }
        let units = ["B", "K", "M", "G", "T", "P"]
        var size = number, unit = 0
        while size >= 1024 && unit < units.count - 1 { size /= 1024; unit += 1 }
        return unit == 0 ? "\(Int(size))B" : String(format: "%.1f%@", size, units[unit])
    }

    /// `93784` → `1d 2h 3m`.
    static func duration(_ value: Value?) -> String {
        guard let seconds = value.flatMap(number).map(Int.init) else { return "-" }
        let days = seconds / 86_400, hours = seconds % 86_400 / 3600, minutes = seconds % 3600 / 60
        return days > 0 ? "\(days)d \(hours)h \(minutes)m" : "\(hours)h \(minutes)m"
    }

    static func number(_ value: Value) -> Double? {
        switch value {
        case .int(let number): Double(number)
        case .double(let number): number
        case .string(let text): Double(text)
        default: nil
        }
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}

extension Value {
    /// Member `key` of an object (nil for anything else), for reading tool results.
    subscript(key: String) -> Value? { objectValue?[key] }
}
