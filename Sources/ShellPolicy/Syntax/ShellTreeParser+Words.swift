/// Words: quotes, escapes, `$'…'`, expansions, substitutions, globs and tildes.
extension ShellTreeParser {
    /// Collects a word's parts, merging adjacent literal bytes.
    struct PartsBuilder {
        var parts: [ShellWordPart] = []
        var literal: [UInt8] = []

        mutating func append(_ byte: UInt8) { literal.append(byte) }
        mutating func append(_ bytes: [UInt8]) { literal += bytes }
        mutating func append(_ part: ShellWordPart) {
            flush()
            parts.append(part)
        }
        mutating func flush() {
            guard !literal.isEmpty else { return }
            parts.append(.literal(String(decoding: literal, as: UTF8.self)))
            literal = []
        }
        mutating func finish() -> ShellWord {
            flush()
            return ShellWord(parts.isEmpty ? [.literal("")] : parts)
        }
    }

    /// One word up to the next unquoted metacharacter; `quoted` is true when any quoting or escape was used
    /// (a quoted here-document delimiter, a word that cannot be an assignment).
    mutating func readWord() throws(ShellSyntaxError) -> (word: ShellWord, quoted: Bool) {
        var builder = PartsBuilder()
        var quoted = false
        let start = position
        var openBrackets = 0
        while position < bytes.count {
            let byte = bytes[position]
            if position == start, peekProcessSubstitution(after: position) {
                let input = byte == UInt8(ascii: "<")
                position += 2
                let list = try substitutionList()
                builder.append(.processSubstitution(input: input, list))
                continue
            }
            if Self.isMeta(byte) { break }
            switch byte {
            case UInt8(ascii: "\\"):
                quoted = true
                position += 1
                if position < bytes.count {
                    if bytes[position] != 0x0A { builder.append(bytes[position]) }
                    position += 1
                } else {
                    builder.append(UInt8(ascii: "\\"))
                }
            case UInt8(ascii: "'"):
                quoted = true
                position += 1
                guard let end = bytes[position...].firstIndex(of: UInt8(ascii: "'")) else { throw error("a `'` quote is not closed") }
                builder.append(Array(bytes[position..<end]))
                position = end + 1
            case UInt8(ascii: "\""):
                quoted = true
                position += 1
                try readDoubleQuoted(into: &builder)
            case UInt8(ascii: "$"):
                if position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "'") {
                    quoted = true
                    position += 2
                    builder.append(try readANSIC())
                } else if position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "\"") {
                    quoted = true
                    position += 2
                    try readDoubleQuoted(into: &builder)
                } else {
                    try readDollar(into: &builder, quoted: false)
                }
            case UInt8(ascii: "`"):
                builder.append(.commandSubstitution(try readBackticks(), quoted: false))
            case UInt8(ascii: "*"), UInt8(ascii: "?"):
                builder.append(.glob(Character(UnicodeScalar(byte))))
                position += 1
            case UInt8(ascii: "["):
                if closingBracketFollows() {
                    openBrackets += 1
                    builder.append(.glob("["))
                } else {
                    builder.append(byte)
                }
                position += 1
            case UInt8(ascii: "]"):
                if openBrackets > 0 {
                    openBrackets -= 1
                    builder.append(.glob("]"))
                } else {
                    builder.append(byte)
                }
                position += 1
            case UInt8(ascii: "~") where position == start:
                position += 1
                var end = position
                while end < bytes.count, !Self.isMeta(bytes[end]), bytes[end] != UInt8(ascii: "/"),
                      Self.isNameByte(bytes[end], first: false) || bytes[end] == UInt8(ascii: "-")
                        || bytes[end] == UInt8(ascii: ".") || bytes[end] == UInt8(ascii: "+") { end += 1 }
                if end == bytes.count || Self.isMeta(bytes[end]) || bytes[end] == UInt8(ascii: "/") {
                    builder.append(.tilde(String(decoding: bytes[position..<end], as: UTF8.self)))
                    position = end
                } else {
                    builder.append(UInt8(ascii: "~"))
                }
            default:
                builder.append(byte)
                position += 1
            }
        }
        // Every caller expects progress: a word of nothing (at `<`, `>` or the end) is a syntax error, never a loop.
        if position == start { throw error("unexpected `\(describe(position))` where a word should be") }
        return (builder.finish(), quoted)
    }

    /// Whether an unquoted `]` follows in this word (bash treats `[` as a pattern only then).
    private func closingBracketFollows() -> Bool {
        var index = position + 1
        while index < bytes.count, !Self.isMeta(bytes[index]) {
            if bytes[index] == UInt8(ascii: "]") { return true }
            index += 1
        }
        return false
    }

    /// After the opening `"`: literal text, `$…` and backticks up to the closing `"`.
    private mutating func readDoubleQuoted(into builder: inout PartsBuilder) throws(ShellSyntaxError) {
        while true {
            guard position < bytes.count else { throw error("a `\"` quote is not closed") }
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                return
            case UInt8(ascii: "\\"):
                position += 1
                guard position < bytes.count else { throw error("a `\"` quote is not closed") }
                let next = bytes[position]
                switch next {
                case UInt8(ascii: "$"), UInt8(ascii: "`"), UInt8(ascii: "\""), UInt8(ascii: "\\"): builder.append(next)
                case 0x0A: break
                default: builder.append([UInt8(ascii: "\\"), next])
                }
                position += 1
            case UInt8(ascii: "$"): try readDollar(into: &builder, quoted: true)
            case UInt8(ascii: "`"): builder.append(.commandSubstitution(try readBackticks(), quoted: true))
            default:
                builder.append(byte)
                position += 1
            }
        }
    }

    /// A here-document body that expands: `$…` and backticks; `\` escapes only `$`, `` ` ``, `\` and newline.
    mutating func readHereDocumentContent() throws(ShellSyntaxError) -> ShellWord {
        var builder = PartsBuilder()
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\\"):
                position += 1
                guard position < bytes.count else { builder.append(byte); break }
                let next = bytes[position]
                switch next {
                case UInt8(ascii: "$"), UInt8(ascii: "`"), UInt8(ascii: "\\"): builder.append(next)
                case 0x0A: break
                default: builder.append([UInt8(ascii: "\\"), next])
                }
                position += 1
            case UInt8(ascii: "$"): try readDollar(into: &builder, quoted: true)
            case UInt8(ascii: "`"): builder.append(.commandSubstitution(try readBackticks(), quoted: true))
            default:
                builder.append(byte)
                position += 1
            }
        }
        return builder.finish()
    }

    /// `$name`, `${name}`, `$(…)`, `$((…))`, special parameters; a `$` before anything else is literal.
    private mutating func readDollar(into builder: inout PartsBuilder, quoted: Bool) throws(ShellSyntaxError) {
        position += 1
        guard position < bytes.count else { builder.append(UInt8(ascii: "$")); return }
        let next = bytes[position]
        if next == UInt8(ascii: "(") {
            if position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "(") {
                builder.append(.arithmetic(try readArithmetic(), quoted: quoted))
                return
            }
            position += 1
            builder.append(.commandSubstitution(try substitutionList(), quoted: quoted))
            return
        }
        if next == UInt8(ascii: "{") {
            position += 1
            guard let end = bytes[position...].prefix(256).firstIndex(of: UInt8(ascii: "}")) else {
                throw error("`${` is not closed, or holds more than a parameter name")
            }
            let name = String(decoding: bytes[position..<end], as: UTF8.self)
            guard Self.isName(name) || Self.isSpecialParameter(name) else {
                throw error("`${\(name.prefix(40))}` is not supported by the checker: only `${name}` is (no operators, arrays or indirection)")
            }
            position = end + 1
            builder.append(.parameter(name, quoted: quoted))
            return
        }
        if Self.isNameByte(next, first: true) {
            var end = position
            while end < bytes.count, Self.isNameByte(bytes[end], first: false) { end += 1 }
            builder.append(.parameter(String(decoding: bytes[position..<end], as: UTF8.self), quoted: quoted))
            position = end
            return
        }
        let special = String(UnicodeScalar(next))
        if Self.isSpecialParameter(special) {
            builder.append(.parameter(special, quoted: quoted))
            position += 1
            return
        }
        builder.append(UInt8(ascii: "$"))
    }

    static func isSpecialParameter(_ name: String) -> Bool {
        name.count == 1 && "0123456789?#$!@*-".contains(name)
    }

    /// The list inside `$(…)` / `<(…)`, after the opening parenthesis, through the closing one.
    private mutating func substitutionList() throws(ShellSyntaxError) -> ShellList {
        let list = try nested { (parser: inout ShellTreeParser) throws(ShellSyntaxError) in try parser.parseList(closers: []) }
        try skipBlanksAndNewlines()
        guard peek(")") else { throw error("a `$(`, `<(` or `>(` is not closed") }
        position += 1
        return list
    }

    /// `$(( … ))` holding only numbers and operators: names could hold `a[$(…)]`, which arithmetic runs.
    private mutating func readArithmetic() throws(ShellSyntaxError) -> String {
        position += 2
        let start = position
        var parentheses = 0
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "(") { parentheses += 1 }
            else if byte == UInt8(ascii: ")") {
                if parentheses == 0 {
                    guard position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: ")") else { break }
                    let text = String(decoding: bytes[start..<position], as: UTF8.self)
                    position += 2
                    return text
                }
                parentheses -= 1
            } else if !Self.isArithmeticByte(byte) {
                throw error("`$(( … ))` may hold only numbers and operators here (names and `$` could run code hidden in a value)")
            }
            position += 1
        }
        throw error("a `$((` is not closed")
    }

    static func isArithmeticByte(_ byte: UInt8) -> Bool {
        (byte >= 48 && byte <= 57) || " \t+-*/%<>=!&|^~?:,".utf8.contains(byte)
    }

    /// `` `…` `` : the text up to the closing backtick with `\\`, `` \` `` and `\$` unescaped, parsed anew.
    private mutating func readBackticks() throws(ShellSyntaxError) -> ShellList {
        position += 1
        var inner: [UInt8] = []
        while true {
            guard position < bytes.count else { throw error("a backtick is not closed") }
            let byte = bytes[position]
            if byte == UInt8(ascii: "`") { position += 1; break }
            if byte == UInt8(ascii: "\\"), position + 1 < bytes.count,
               [UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: "$")].contains(bytes[position + 1]) {
                inner.append(bytes[position + 1])
                position += 2
                continue
            }
            inner.append(byte)
            position += 1
        }
        guard depth < Self.maximumNesting else { throw error("the command is nested more than \(Self.maximumNesting) levels deep") }
        var parser = ShellTreeParser(inner, depth: depth + 1, firstHereDocumentID: nextHereDocumentID + 1_000_000)
        do {
            return try parser.parseComplete()
        } catch {
            throw ShellSyntaxError(message: "inside backticks: \(error.message)", offset: position)
        }
    }

    /// `$'…'` after the opening quote: ANSI-C escapes decoded (bash keeps 8 bits of `\nnn`; a NUL ends
    /// the word in bash, so it is refused here).
    private mutating func readANSIC() throws(ShellSyntaxError) -> [UInt8] {
        var out: [UInt8] = []
        while true {
            guard position < bytes.count else { throw error("a `$'` quote is not closed") }
            let byte = bytes[position]
            position += 1
            if byte == UInt8(ascii: "'") { break }
            guard byte == UInt8(ascii: "\\"), position < bytes.count else { out.append(byte); continue }
            let escape = bytes[position]
            position += 1
            switch escape {
            case UInt8(ascii: "a"): out.append(7)
            case UInt8(ascii: "b"): out.append(8)
            case UInt8(ascii: "e"), UInt8(ascii: "E"): out.append(27)
            case UInt8(ascii: "f"): out.append(12)
            case UInt8(ascii: "n"): out.append(10)
            case UInt8(ascii: "r"): out.append(13)
            case UInt8(ascii: "t"): out.append(9)
            case UInt8(ascii: "v"): out.append(11)
            case UInt8(ascii: "\\"), UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "?"): out.append(escape)
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var value = Int(escape - 48)
                for _ in 0..<2 where position < bytes.count && bytes[position] >= 48 && bytes[position] <= 55 {
                    value = value * 8 + Int(bytes[position] - 48)
                    position += 1
                }
                out.append(UInt8(value & 0xFF))
            case UInt8(ascii: "x"):
                out.append(UInt8(try hexValue(maxDigits: 2, escape: "\\x") & 0xFF))
            case UInt8(ascii: "u"), UInt8(ascii: "U"):
                let value = try hexValue(maxDigits: escape == UInt8(ascii: "u") ? 4 : 8, escape: "\\u")
                guard let scalar = UnicodeScalar(UInt32(value)) else { throw error("`$'\\u…'` names no Unicode character") }
                out += Array(String(Character(scalar)).utf8)
            case UInt8(ascii: "c"):
                guard position < bytes.count else { throw error("a `$'` quote is not closed") }
                out.append(bytes[position] == UInt8(ascii: "?") ? 0x7F : bytes[position] & 0x1F)  // bash: `\c?` is DEL
                position += 1
            default:
                out += [UInt8(ascii: "\\"), escape]
            }
        }
        if out.contains(0) { throw error("`$'…'` makes a NUL byte, which ends the word in bash") }
        guard String(validating: out, as: UTF8.self) != nil else { throw error("`$'…'` makes bytes that are not UTF-8") }
        return out
    }

    private mutating func hexValue(maxDigits: Int, escape: String) throws(ShellSyntaxError) -> Int {
        var value = 0, digits = 0
        while digits < maxDigits, position < bytes.count, let digit = Int(String(UnicodeScalar(bytes[position])), radix: 16) {
            value = value * 16 + digit
            digits += 1
            position += 1
        }
        guard digits > 0 else { throw error("`\(escape)` without hex digits") }
        return value
    }
}
