/// `$…` forms: parameters, `${…}`, `$(…)`, `$((…))`, `$'…'` and `$"…"`.
extension ShellParser {
    func readDollar(_ b: inout ShellWordBuilder, inDoubleQuotes: Bool) throws {
        try enterNesting()
        defer { nesting -= 1 }
        let start = pos
        let next = at(pos + 1)
        switch next {
        case "'" where !inDoubleQuotes:
            pos += 2
            try readANSICQuoted(&b, openedAt: start)
        case "\"" where !inDoubleQuotes:
            pos += 1
            try readDoubleQuoted(&b)
        case "(":
            if at(pos + 2) == "(" {
                pos += 3
                let body = try readArithmeticBody(openedAt: start)
                output.usesArithmetic = true
                b.absorb(body)
                b.word.hasArithmetic = true
            } else {
                pos += 2
                b.word.substitutions.append(try parseNestedSubstitution(opener: "$("))
            }
            b.appendExpansion(String.UnicodeScalarView(chars[start..<pos]))
        case "{":
            pos += 2
            let innerStart = pos
            var inner = ShellWordBuilder()
            try readParts(&inner, context: .braceParameter, wordStart: start)
            let text = String(String.UnicodeScalarView(chars[innerStart..<pos]))
            pos += 1  // `}`
            // `${a[i]}` and `${s:offset}` evaluate arithmetic.
            if text.contains("[") || Self.hasSubstringOffset(text) { output.usesArithmetic = true }
            // `${!x}` expands the variable named by x's value, and a name like `a[$(cmd)]` runs cmd.
            if text.hasPrefix("!") { output.usesArithmetic = true }
            // `${x@P}` expands x's value as a prompt string, which runs the `$(…)` inside it.
            if text.hasSuffix("@P") {
                b.word.hiddenCode = "`\(String(String.UnicodeScalarView(chars[start..<pos])))` expands a value as a prompt, which runs any `$(…)` in it"
            }
            b.absorb(inner.word)
            b.appendExpansion(String.UnicodeScalarView(chars[start..<pos]))
        case "[":
            throw ShellSyntaxError(message: "`$[…]` arithmetic is not supported; use `$((…))`", offset: start)
        case let c? where Self.isSpecialParameter(c):
            pos += 2
            b.appendExpansion(String.UnicodeScalarView(chars[start..<pos]))
        case let c? where c == "_" || (c.isASCII && c.properties.isAlphabetic):
            pos += 1
            while let c = at(pos), c == "_" || (c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c))) {
                pos += 1
            }
            b.appendExpansion(String.UnicodeScalarView(chars[start..<pos]))
        default:
            b.appendQuoted("$")  // a lone `$` is literal
            pos += 1
        }
    }

    private static func isSpecialParameter(_ c: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(c) || ["@", "*", "#", "?", "$", "!", "-"].contains(c)
    }

    /// `${s:1}` / `${s: -1:2}` (an offset), as opposed to `${s:-default}` and friends.
    private static func hasSubstringOffset(_ text: String) -> Bool {
        guard let colon = text.firstIndex(of: ":") else { return false }
        let after = text[text.index(after: colon)...]
        guard let first = after.first else { return false }
        return !["-", "=", "?", "+"].contains(first)
    }

    /// `$'…'`: bash decodes the escapes, so `$'\x72m'` is `rm`.
    private func readANSICQuoted(_ b: inout ShellWordBuilder, openedAt open: Int) throws {
        var text = String.UnicodeScalarView()
        while pos < chars.count, chars[pos] != "'" {
            if chars[pos] == "\\", let escape = at(pos + 1) {
                pos += 2
                if let decoded = decodeANSICEscape(escape) {
                    // bash cuts the word at a decoded NUL (`$'reboot\0junk'` runs `reboot`): refuse it.
                    guard decoded != "\0" else {
                        throw ShellSyntaxError(message: "`$'…'` decodes to a NUL character, where bash would cut the word", offset: open)
                    }
                    text.append(decoded)
                }
            } else {
                text.append(chars[pos])
                pos += 1
            }
        }
        guard pos < chars.count else { throw ShellSyntaxError(message: "unterminated `$'` quote", offset: open) }
        pos += 1
        b.noteQuoted(text)
        text.forEach { b.appendQuoted($0) }
    }

    /// Decodes the escape after `\` (already consumed); reads any further digits it needs.
    private func decodeANSICEscape(_ escape: Unicode.Scalar) -> Unicode.Scalar? {
        switch escape {
        case "a": return "\u{07}"
        case "b": return "\u{08}"
        case "e", "E": return "\u{1B}"
        case "f": return "\u{0C}"
        case "n": return "\n"
        case "r": return "\r"
        case "t": return "\t"
        case "v": return "\u{0B}"
        case "x": return readCode(radix: 16, maxDigits: 2)
        case "u": return readCode(radix: 16, maxDigits: 4)
        case "U": return readCode(radix: 16, maxDigits: 8)
        case "c":
            guard let c = at(pos) else { return nil }
            pos += 1
            return Unicode.Scalar(c.value & 0x1F)
        case "0"..."7":
            pos -= 1
            return readCode(radix: 8, maxDigits: 3)
        default: return escape  // `\\`, `\'`, `\"`, `\?` and unknown escapes keep the character
        }
    }

    private func readCode(radix: UInt32, maxDigits: Int) -> Unicode.Scalar? {
        var value: UInt32 = 0
        var digits = 0
        while digits < maxDigits, let c = at(pos), let digit = Self.digitValue(c), digit < radix {
            value = value * radix + digit
            digits += 1
            pos += 1
        }
        return digits == 0 ? nil : Unicode.Scalar(value)
    }

    private static func digitValue(_ c: Unicode.Scalar) -> UInt32? {
        switch c {
        case "0"..."9": return c.value - 48
        case "a"..."f": return c.value - 87
        case "A"..."F": return c.value - 55
        default: return nil
        }
    }
}
