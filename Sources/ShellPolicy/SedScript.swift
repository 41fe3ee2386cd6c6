/// A small reader for sed scripts that finds what matters to the policy: the `e` command or
/// `s///e` flag (runs the pattern space as a shell command) and `w file` writes.
enum SedScript {
    struct Effects {
        var executes = false
        var writes: [String] = []
    }

    /// nil when the script uses something this reader does not know (the policy fails closed).
    static func effects(of script: String) -> Effects? {
        var reader = Reader(chars: Array(script))
        var effects = Effects()
        while true {
            reader.skip { $0.isWhitespace || $0 == ";" }
            guard let _ = reader.peek else { return effects }
            guard reader.address() else { return nil }
            if reader.peek == "," {
                reader.index += 1
                guard reader.address() else { return nil }
            }
            reader.skip { $0 == " " || $0 == "\t" || $0 == "!" }
            guard let command = reader.next() else { return nil }
            switch command {
            case "{", "}", "=", "d", "D", "g", "G", "h", "H", "n", "N", "p", "P", "x", "z", "F":
                continue
            case "#", "a", "i", "c", "r", "R":
                reader.restOfLine(joinContinuations: "aic".contains(command))
            case ":", "b", "t", "T", "v", "q", "Q", "l", "L":
                reader.skip { $0 != ";" && $0 != "\n" && $0 != "}" }
            case "w", "W":
                effects.writes.append(reader.restOfLine(joinContinuations: false).trimmingLeadingBlanks)
            case "e":
                effects.executes = true
                reader.restOfLine(joinContinuations: false)
            case "s", "y":
                guard let delimiter = reader.next(), delimiter != "\n", delimiter != "\\",
                      reader.delimited(by: delimiter), reader.delimited(by: delimiter) else { return nil }
                if command == "s" {
                    while let flag = reader.peek, flag.isLetter || flag.isNumber {
                        reader.index += 1
                        if flag == "e" { effects.executes = true }
                        if flag == "w" {
                            effects.writes.append(reader.restOfLine(joinContinuations: false).trimmingLeadingBlanks)
                            break
                        }
                    }
                }
            default:
                return nil
            }
        }
    }

    private struct Reader {
        let chars: [Character]
        var index = 0

        var peek: Character? { index < chars.count ? chars[index] : nil }

        mutating func next() -> Character? {
            defer { index += 1 }
            return peek
        }

        mutating func skip(while predicate: (Character) -> Bool) {
            while let c = peek, predicate(c) { index += 1 }
        }

        /// `12`, `$`, `/re/I`, `\%re%`, `first~step`, `+N`, `~N`: true unless a regex is unterminated.
        mutating func address() -> Bool {
            switch peek {
            case "/"?:
                index += 1
                guard delimited(by: "/") else { return false }
            case "\\"?:
                index += 1
                guard let delimiter = next(), delimited(by: delimiter) else { return false }
            case "$"?:
                index += 1
            default:
                skip { $0.isNumber || $0 == "~" || $0 == "+" }
            }
            skip { $0 == "I" || $0 == "M" }
            return true
        }

        /// Skips text up to an unescaped `delimiter`; false when there is none.
        mutating func delimited(by delimiter: Character) -> Bool {
            while let c = next() {
                if c == "\\" { index += 1; continue }
                if c == delimiter { return true }
            }
            return false
        }

        @discardableResult
        mutating func restOfLine(joinContinuations: Bool) -> String {
            var text = ""
            while let c = next() {
                if c == "\\", joinContinuations, let following = peek {
                    text.append(following)
                    index += 1
                    continue
                }
                if c == "\n" { break }
                text.append(c)
            }
            return text
        }
    }
}

private extension String {
    var trimmingLeadingBlanks: String { String(drop { $0 == " " || $0 == "\t" }) }
}
