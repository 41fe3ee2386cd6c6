/// Rebuilds the nested hash that qemu-server's `print_recursive_hash` printed with TAB indentation:
/// ```
/// blockstat:
/// <TAB>scsi0:
/// <TAB><TAB>rd_bytes: 8123456512
/// <TAB><TAB>timed_stats:
/// nics:
/// ```
/// Array items are printed one TAB deeper than their `key:` line and without keys: a scalar item
/// as its bare value, a hash item as its members **two** TABs deeper with no line of its own.
/// Consecutive hash items are told apart where a key repeats — Perl hash keys are unique, so a
/// repeated key can only start the next item.
struct IndentedTreeReader {
    private struct Line {
        var number: Int
        var depth: Int
        var text: Substring
        /// The key of a `key: value` or `key:` line; nil for a bare array item.
        var key: Substring?
        /// The scalar after `key: `; nil for a `key:` header (or a bare item).
        var value: Substring?
    }

    private let command: String
    private let lines: [Line]
    private var position = 0

    init(command: String, text: String) {
        self.command = command
        self.lines = text.numberedLines.filter { !$0.isBlank }.map(Self.classify)
    }

    private static func classify(_ line: NumberedLine) -> Line {
        let depth = line.text.prefix(while: { $0 == "\t" }).count
        let text = line.text.dropFirst(depth)
        let isKeyChar: (Character) -> Bool = { $0.isLetter || $0.isNumber || "_-.".contains($0) }
        if let range = text.firstRange(of: ": "), text[..<range.lowerBound].allSatisfy(isKeyChar),
           range.lowerBound > text.startIndex {
            return Line(number: line.number, depth: depth, text: line.text,
                        key: text[..<range.lowerBound], value: text[range.upperBound...])
        }
        let bare = text.strippingPadding()
        if bare.hasSuffix(":"), bare.count > 1, bare.dropLast().allSatisfy(isKeyChar) {
            return Line(number: line.number, depth: depth, text: line.text, key: bare.dropLast(), value: nil)
        }
        return Line(number: line.number, depth: depth, text: line.text, key: nil, value: text)
    }

    mutating func readDocument() throws(ParseError) -> [String: StatusValue] {
        guard !lines.isEmpty else {
            throw ParseError(command: command, expected: "at least a `status: …` line, but the output was empty")
        }
        let document = try readObject(depth: 0, splitOnRepeat: false)
        if position < lines.count {
            throw failure(lines[position], "a line indented like the one before it (one TAB per level)")
        }
        return document
    }

    /// Reads `key: value` / `key:` lines at exactly `depth`.
    private mutating func readObject(depth: Int, splitOnRepeat: Bool) throws(ParseError) -> [String: StatusValue] {
        var members: [String: StatusValue] = [:]
        while position < lines.count, lines[position].depth == depth {
            let line = lines[position]
            guard let key = line.key.map(String.init) else {
                throw failure(line, "a `key: value` or `key:` line")
            }
            if members[key] != nil {
                if splitOnRepeat { break }
                throw failure(line, "each key only once at one level, but `\(key)` repeats")
            }
            position += 1
            if let value = line.value {
                members[key] = .string(String(value))
            } else {
                members[key] = try readChildren(of: line)
            }
        }
        return members
    }

    /// Reads what follows a `key:` line: a hash, an array, or nothing (an empty array).
    private mutating func readChildren(of header: Line) throws(ParseError) -> StatusValue {
        let depth = header.depth + 1
        guard position < lines.count, lines[position].depth > header.depth else { return .array([]) }
        let first = lines[position]
        if first.depth == depth, first.key != nil {
            return .object(try readObject(depth: depth, splitOnRepeat: false))
        }
        if first.depth > depth + 1 {
            throw failure(first, "at most one more TAB than the `\(header.key ?? "")` line above it")
        }
        var items: [StatusValue] = []
        while position < lines.count {
            let line = lines[position]
            if line.depth == depth, line.key == nil {
                items.append(.string(String(line.value ?? "")))
                position += 1
            } else if line.depth == depth + 1 {
                items.append(.object(try readObject(depth: depth + 1, splitOnRepeat: true)))
            } else if line.depth > header.depth {
                throw failure(line, "an array item of `\(header.key ?? "")` (a bare value, or a hash one TAB deeper)")
            } else {
                break
            }
        }
        return .array(items)
    }

    private func failure(_ line: Line, _ expected: String) -> ParseError {
        ParseError(command: command, line: line.number, text: String(line.text), expected: expected)
    }
}
