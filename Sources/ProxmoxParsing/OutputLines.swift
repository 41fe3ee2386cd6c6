/// One line of command output with its 1-based number, so errors can point at it.
struct NumberedLine {
    var number: Int
    var text: Substring

    /// The whitespace-separated fields. Slices of `text`, so their indices can cut `text` between
    /// two fields (used to keep the inner space of a `VM 101` name).
    var fields: [Substring] { text.split(whereSeparator: { $0 == " " || $0 == "\t" }) }

    var isBlank: Bool { text.allSatisfy(\.isWhitespace) }
}

extension String {
    /// The lines of `self`. The newline that ends the last line does not start another one.
    /// `\r\n` counts as one line end: Swift treats it as a single `Character`.
    var numberedLines: [NumberedLine] {
        var parts = split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        if parts.last?.isEmpty == true { parts.removeLast() }
        return parts.enumerated().map { NumberedLine(number: $0.offset + 1, text: $0.element) }
    }

    /// The data rows of a list that starts with a header line (`qm list`, `pct list`, `pvesm status`),
    /// blank lines dropped. Empty output gives `[]`: Proxmox lists print nothing, not even the
    /// header, when there is nothing to list. A header that `isHeader` rejects is a `ParseError`
    /// naming the line and `expectedHeader`.
    func tableRows(command: String, expectedHeader: String,
                   isHeader: ([Substring]) -> Bool) throws(ParseError) -> ArraySlice<NumberedLine> {
        let lines = numberedLines.filter { !$0.isBlank }
        guard let header = lines.first else { return [] }
        guard isHeader(header.fields) else {
            throw ParseError(command: command, line: header.number, text: String(header.text),
                             expected: "the header `\(expectedHeader)`")
        }
        return lines.dropFirst()
    }

    /// True for output that is empty or only whitespace: Proxmox lists print nothing at all,
    /// not even a header, when there is nothing to list.
    var isBlankOutput: Bool { allSatisfy(\.isWhitespace) }
}

extension StringProtocol {
    /// `self` without leading and trailing spaces, tabs and line ends (no Foundation needed).
    package func strippingPadding() -> SubSequence {
        guard let first = firstIndex(where: { !$0.isWhitespace }),
              let last = lastIndex(where: { !$0.isWhitespace }) else { return self[endIndex...] }
        return self[first...last]
    }
}

/// Splits `label: value` lines (pvecm's `printf "%-17s %s"` and corosync's aligned labels) at the
/// first colon. The value keeps internal spacing but loses padding.
func splitLabeledLine(_ line: Substring) -> (label: Substring, value: Substring)? {
    guard let colon = line.firstIndex(of: ":") else { return nil }
    return (line[..<colon].strippingPadding(), line[line.index(after: colon)...].strippingPadding())
}
