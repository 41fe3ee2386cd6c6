/// Where a run of word text ends.
enum ShellWordContext: Equatable {
    /// An ordinary word: ends at an unquoted blank or metacharacter.
    case unquoted
    /// Inside `${…}`: ends at the matching `}`.
    case braceParameter
    /// Inside `$((…))` / `((…))` / `name=(…)`: ends at the matching `)`.
    case parenthesized
    /// A here-document body: never ends early; only `$`, backticks and `\` are special.
    case hereDocument
}

/// Accumulates one word's value, source range and flags.
struct ShellWordBuilder {
    var value = String.UnicodeScalarView()
    var word = ShellWord(value: "", raw: "")
    private var openBrackets = 0
    private var openBraces = 0
    private var braceHasList = false
    private var previous: Unicode.Scalar?

    mutating func appendQuoted(_ c: Unicode.Scalar) {
        value.append(c)
        previous = nil
    }

    /// Unquoted text: tracks glob and brace-expansion patterns.
    mutating func appendUnquoted(_ c: Unicode.Scalar) {
        switch c {
        case "*", "?": word.hasPattern = true
        case "[": openBrackets += 1
        case "]" where openBrackets > 0: word.hasPattern = true
        case "{": openBraces += 1
        case "," where openBraces > 0: braceHasList = true
        case "." where openBraces > 0 && previous == ".": braceHasList = true
        case "}" where openBraces > 0:
            openBraces -= 1
            if braceHasList { word.hasPattern = true }
        default: break
        }
        value.append(c)
        previous = c
    }

    mutating func appendExpansion(_ text: String.UnicodeScalarView) {
        value.append(contentsOf: text)
        word.hasExpansion = true
        previous = nil
    }

    mutating func absorb(_ inner: ShellWord) {
        word.substitutions += inner.substitutions
        word.hiddenCode = word.hiddenCode ?? inner.hiddenCode
        word.hasArithmetic = word.hasArithmetic || inner.hasArithmetic
        word.quotesSubstitutionText = word.quotesSubstitutionText || inner.quotesSubstitutionText
    }

    mutating func noteQuoted(_ text: String.UnicodeScalarView) {
        let string = String(text)
        if string.contains("$(") || string.contains("`") || string.contains("${") { word.quotesSubstitutionText = true }
    }
}

extension ShellParser {
    static func isMetacharacter(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case " ", "\t", "\r", "\n", ";", "&", "|", "(", ")", "<", ">": return true
        default: return false
        }
    }

    func readWord() throws -> ShellWord {
        let start = pos
        var builder = ShellWordBuilder()
        try readParts(&builder, context: .unquoted, wordStart: start)
        return finish(builder, from: start)
    }

    func finish(_ builder: ShellWordBuilder, from start: Int) -> ShellWord {
        var word = builder.word
        word.value = String(builder.value)
        word.raw = String(String.UnicodeScalarView(chars[start..<pos]))
        return word
    }

    static func parseHereDocumentBody(_ text: String, depth: Int, nesting: Int) throws -> ShellWord {
        let parser = ShellParser(text, depth: depth + 1, nesting: nesting)
        var builder = ShellWordBuilder()
        try parser.readParts(&builder, context: .hereDocument, wordStart: 0)
        return parser.finish(builder, from: 0)
    }

    /// Reads word text until `context` ends it, handling quotes, escapes and expansions.
    func readParts(_ b: inout ShellWordBuilder, context: ShellWordContext, wordStart: Int) throws {
        var nesting = 0
        while pos < chars.count {
            let c = chars[pos]
            switch context {
            case .unquoted where Self.isMetacharacter(c):
                if c == "<" || c == ">", at(pos + 1) == "(" {
                    pos += 2
                    b.word.substitutions.append(try parseNestedSubstitution(opener: "\(c)("))
                    b.appendExpansion("\(c)(…)".unicodeScalars)
                    continue
                }
                if c == "(", isArrayAssignmentStart(from: wordStart) {
                    pos += 1
                    var inner = ShellWordBuilder()
                    try readParts(&inner, context: .parenthesized, wordStart: pos)
                    pos += 1
                    b.absorb(inner.word)
                    b.value.append(contentsOf: "(".unicodeScalars + inner.value + ")".unicodeScalars)
                    b.word.hasExpansion = b.word.hasExpansion || inner.word.hasExpansion
                    continue
                }
                return
            case .braceParameter:
                if c == "{" { nesting += 1 }
                if c == "}" {
                    if nesting == 0 { return }
                    nesting -= 1
                }
            case .parenthesized:
                if c == "(" {
                    nesting += 1
                    // bash's arithmetic evaluator recurses per parenthesis: refuse what it might not survive.
                    guard nesting + self.nesting <= Self.maximumNesting else {
                        throw ShellSyntaxError(message: "parentheses are nested more than \(Self.maximumNesting) deep", offset: pos)
                    }
                }
                if c == ")" {
                    if nesting == 0 { return }
                    nesting -= 1
                }
            default: break
            }
            switch c {
            case "\\": readEscape(&b, inHereDocument: context == .hereDocument)
            case "'" where context != .hereDocument: try readSingleQuoted(&b)
            case "\"" where context != .hereDocument: try readDoubleQuoted(&b)
            case "$": try readDollar(&b, inDoubleQuotes: context == .hereDocument)
            case "`": try readBacktick(&b)
            default:
                if context == .unquoted { b.appendUnquoted(c) } else { b.appendQuoted(c) }
                pos += 1
            }
        }
        if context == .braceParameter || context == .parenthesized {
            throw ShellSyntaxError(message: context == .braceParameter ? "`${` is not closed by `}`" : "`(` is not closed by `)`",
                                   offset: wordStart)
        }
    }

    private func isArrayAssignmentStart(from start: Int) -> Bool {
        guard pos > start, chars[pos - 1] == "=" else { return false }
        let name = String(String.UnicodeScalarView(chars[start..<pos]))
        return Self.isAssignment(ShellWord(value: name, raw: name))
    }

    private func readEscape(_ b: inout ShellWordBuilder, inHereDocument: Bool) {
        guard let next = at(pos + 1) else {
            b.appendQuoted("\\")
            pos += 1
            return
        }
        if next == "\n" {
            pos += 2
        } else if inHereDocument, !["$", "`", "\\"].contains(next) {
            b.appendQuoted("\\")
            pos += 1
        } else {
            if next == "$" || next == "`" { b.word.quotesSubstitutionText = true }
            b.appendQuoted(next)
            pos += 2
        }
    }

    private func readSingleQuoted(_ b: inout ShellWordBuilder) throws {
        let open = pos
        pos += 1
        var text = String.UnicodeScalarView()
        while pos < chars.count, chars[pos] != "'" {
            text.append(chars[pos])
            pos += 1
        }
        guard pos < chars.count else { throw ShellSyntaxError(message: "unterminated single quote", offset: open) }
        pos += 1
        b.noteQuoted(text)
        text.forEach { b.appendQuoted($0) }
    }

    func readDoubleQuoted(_ b: inout ShellWordBuilder) throws {
        try enterNesting()
        defer { nesting -= 1 }
        let open = pos
        pos += 1
        while pos < chars.count, chars[pos] != "\"" {
            let c = chars[pos]
            if c == "\\", let next = at(pos + 1), ["$", "`", "\"", "\\", "\n"].contains(next) {
                if next == "$" || next == "`" { b.word.quotesSubstitutionText = true }
                if next != "\n" { b.appendQuoted(next) }
                pos += 2
            } else if c == "$" {
                try readDollar(&b, inDoubleQuotes: true)
            } else if c == "`" {
                try readBacktick(&b)
            } else {
                b.appendQuoted(c)
                pos += 1
            }
        }
        guard pos < chars.count else { throw ShellSyntaxError(message: "unterminated double quote", offset: open) }
        pos += 1
    }

    private func readBacktick(_ b: inout ShellWordBuilder) throws {
        try enterNesting()
        defer { nesting -= 1 }
        let open = pos
        pos += 1
        var inner = String.UnicodeScalarView()
        while pos < chars.count, chars[pos] != "`" {
            if chars[pos] == "\\", let next = at(pos + 1), ["`", "\\", "$"].contains(next) {
                inner.append(next)
                pos += 2
            } else {
                inner.append(chars[pos])
                pos += 1
            }
        }
        guard pos < chars.count else { throw ShellSyntaxError(message: "unterminated backtick", offset: open) }
        pos += 1
        guard depth < Self.maximumDepth else {
            throw ShellSyntaxError(message: "substitutions are nested too deeply", offset: open)
        }
        b.word.substitutions.append(try ShellParser.parse(String(inner), depth: depth + 1, nesting: nesting))
        b.appendExpansion(String.UnicodeScalarView(chars[open..<pos]))
    }

    /// After `$(` or `<(`: parses a nested list with this same parser up to its `)`.
    func parseNestedSubstitution(opener: String) throws -> ShellScript {
        let open = pos
        guard depth < Self.maximumDepth else {
            throw ShellSyntaxError(message: "substitutions are nested too deeply", offset: open)
        }
        let savedLookahead = lookahead
        let savedOutput = output
        lookahead = []
        output = ShellScript()
        depth += 1
        defer { depth -= 1 }
        try parseList()
        guard case .op(")") = try next(), lookahead.isEmpty else {
            throw ShellSyntaxError(message: "`\(opener)` is not closed by `)`", offset: open)
        }
        let script = output
        output = savedOutput
        lookahead = savedLookahead
        return script
    }

    /// The body of `((…))` or `$((…))` after its opening parentheses; consumes the closing `))`.
    func readArithmeticBody(openedAt open: Int) throws -> ShellWord {
        try enterNesting()
        defer { nesting -= 1 }
        let start = pos
        var builder = ShellWordBuilder()
        try readParts(&builder, context: .parenthesized, wordStart: start)
        guard at(pos) == ")", at(pos + 1) == ")" else {
            throw ShellSyntaxError(message: "`((` is not closed by `))`", offset: open)
        }
        pos += 2
        var word = finish(builder, from: start)
        word.hasExpansion = true
        word.hasArithmetic = true
        return word
    }
}
