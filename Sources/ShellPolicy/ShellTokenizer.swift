/// A token of bash's grammar: a word, an operator, or a redirection operator (its target follows as a word).
enum ShellToken: Sendable, Hashable {
    case word(ShellWord)
    /// `;` `&` `&&` `||` `|` `|&` `(` `)` `;;` `;&` `;;&`
    case op(String)
    /// `>` `>>` … with an optional descriptor (`2`, `{fd}`).
    case redirect(op: String, descriptor: String?)
    case newline
    case end
}

/// Produces tokens on demand from a shared character buffer, so that a nested `$(…)` can be
/// parsed by the same parser at the same position.
extension ShellParser {
    private static let operators = [";;&", ";;", ";&", ";", "&&", "&", "||", "|&", "|", "(", ")"]
    private static let redirections = ["&>>", "&>", "<<<", "<<-", "<<", "<>", "<&", "<", ">>", ">|", ">&", ">"]

    func peek() throws -> ShellToken {
        if lookahead.isEmpty { lookahead.append(try scanToken()) }
        return lookahead[0]
    }

    func peekSecond() throws -> ShellToken {
        while lookahead.count < 2 { lookahead.append(try scanToken()) }
        return lookahead[1]
    }

    @discardableResult
    func next() throws -> ShellToken {
        if !lookahead.isEmpty { return lookahead.removeFirst() }
        return try scanToken()
    }

    private func scanToken() throws -> ShellToken {
        skipBlanks()
        guard pos < chars.count else { return .end }
        let c = chars[pos]
        if c == "#" {
            while pos < chars.count, chars[pos] != "\n" { pos += 1 }
            return try scanToken()
        }
        if c == "\n" {
            pos += 1
            try readPendingHereDocuments()
            return .newline
        }
        if (c == "<" || c == ">"), at(pos + 1) == "(" {
            return .word(try readWord())
        }
        if let op = match(Self.redirections) {
            pos += op.unicodeScalars.count
            return .redirect(op: op, descriptor: nil)
        }
        if let op = match(Self.operators) {
            pos += op.unicodeScalars.count
            return .op(op)
        }
        if let descriptor = descriptorPrefix() {
            pos += descriptor.unicodeScalars.count
            guard let op = match(Self.redirections) else {
                throw ShellSyntaxError(message: "expected a redirection after `\(descriptor)`", offset: pos)
            }
            pos += op.unicodeScalars.count
            return .redirect(op: op, descriptor: descriptor)
        }
        return .word(try readWord())
    }

    func skipBlanks() {
        while pos < chars.count {
            if chars[pos] == " " || chars[pos] == "\t" || chars[pos] == "\r" {
                pos += 1
            } else if chars[pos] == "\\", at(pos + 1) == "\n" {
                pos += 2
            } else {
                return
            }
        }
    }

    func at(_ index: Int) -> Unicode.Scalar? { index < chars.count ? chars[index] : nil }

    private func match(_ candidates: [String]) -> String? {
        candidates.first { candidate in
            var index = pos
            for scalar in candidate.unicodeScalars {
                guard at(index) == scalar else { return false }
                index += 1
            }
            return true
        }
    }

    /// `2` in `2>file`, `{fd}` in `{fd}>file`: digits or a braced name directly before `<` or `>`.
    private func descriptorPrefix() -> String? {
        var index = pos
        var text = String.UnicodeScalarView()
        if chars[pos] == "{" {
            text.append("{")
            index += 1
            while let c = at(index), c == "_" || c.properties.isAlphabetic || ("0"..."9").contains(c) {
                text.append(c)
                index += 1
            }
            guard at(index) == "}", text.count > 1 else { return nil }
            text.append("}")
            index += 1
        } else {
            while let c = at(index), ("0"..."9").contains(c) {
                text.append(c)
                index += 1
            }
        }
        guard !text.isEmpty, let c = at(index), c == "<" || c == ">" else { return nil }
        return String(text)
    }

    /// Reads the bodies of here-documents whose `<<` appeared on the line just ended.
    private func readPendingHereDocuments() throws {
        let pending = pendingHereDocuments
        pendingHereDocuments = []
        for doc in pending {
            let start = pos
            var bodyEnd = chars.count
            var lineStart = pos
            while lineStart < chars.count {
                var lineEnd = lineStart
                while lineEnd < chars.count, chars[lineEnd] != "\n" { lineEnd += 1 }
                var line = String(String.UnicodeScalarView(chars[lineStart..<lineEnd]))
                if doc.stripsTabs { line = String(line.drop { $0 == "\t" }) }
                if line == doc.delimiter {
                    bodyEnd = lineStart
                    pos = min(lineEnd + 1, chars.count)
                    break
                }
                lineStart = lineEnd + 1
            }
            if bodyEnd == chars.count { pos = chars.count }  // bash accepts a here-doc ended by end of input
            let bodyText = String(String.UnicodeScalarView(chars[start..<bodyEnd]))
            if doc.expands {
                doc.body = try ShellParser.parseHereDocumentBody(bodyText, depth: depth, nesting: nesting)
            } else {
                var body = ShellWord.literal(bodyText)
                body.quotesSubstitutionText = bodyText.contains("$(") || bodyText.contains("`")
                doc.body = body
            }
        }
    }
}

/// A here-document waiting for its body (read after the next newline).
final class PendingHereDocument {
    let delimiter: String
    let stripsTabs: Bool
    /// An unquoted delimiter means the body undergoes `$…` and backtick expansion.
    let expands: Bool
    var body: ShellWord?

    init(delimiter: String, stripsTabs: Bool, expands: Bool) {
        self.delimiter = delimiter
        self.stripsTabs = stripsTabs
        self.expands = expands
    }
}
