/// Why a command line could not be turned into a `ShellList` the policy can judge and render.
struct ShellSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    var message: String
    /// Byte offset into the parsed text.
    var offset: Int
    var description: String { "\(message) at byte \(offset + 1)" }
}

/// Parses a command line the way bash reads it, into the tree that is judged and then rendered.
///
/// Bounded by construction: every loop moves forward, and nesting (substitutions, subshells, compound
/// commands) deeper than `maximumNesting` is an error, so the recursion can never exhaust a thread's
/// stack (a cooperative-pool thread has 512 KiB). Constructs the policy does not model — function
/// definitions, `[[ ]]`, `(( ))`, `${x…}` operators, arrays, arithmetic with names, `coproc`, `select`,
/// named descriptors — are errors: the policy then denies, because it could not render them faithfully.
struct ShellTreeParser {
    static let maximumNesting = 48

    let bytes: [UInt8]
    var position = 0
    var depth: Int
    /// Here-documents whose bodies start after the next newline.
    var pendingHereDocuments: [PendingHereDocument] = []
    var hereDocumentBodies: [Int: ShellWord] = [:]
    var nextHereDocumentID: Int

    struct PendingHereDocument {
        var id: Int
        var delimiter: [UInt8]
        var stripTabs: Bool
        var literal: Bool
    }

    init(_ bytes: [UInt8], depth: Int = 0, firstHereDocumentID: Int = 0) {
        self.bytes = bytes
        self.depth = depth
        self.nextHereDocumentID = firstHereDocumentID
    }

    /// The whole command line as one list.
    static func parse(_ text: String) throws(ShellSyntaxError) -> ShellList {
        let bytes = Array(text.utf8)
        if let nul = bytes.firstIndex(of: 0) {
            // bash and the SSH channel would both cut the text there, so what runs differs from what was checked.
            throw ShellSyntaxError(message: "the command contains a NUL byte", offset: nul)
        }
        var parser = ShellTreeParser(bytes)
        return try parser.parseComplete()
    }

    mutating func parseComplete() throws(ShellSyntaxError) -> ShellList {
        var list = try parseList(closers: [])
        skipBlanks()
        if position < bytes.count { throw error("unexpected `\(describe(position))`") }
        if !pendingHereDocuments.isEmpty { throw error("a here-document has no end line") }
        HereDocumentFiller(bodies: hereDocumentBodies).fill(&list)
        return list
    }

    // MARK: Lists

    /// A list up to (not including) one of `closers` (keywords such as `fi`, or `)`), `;;` or the end.
    mutating func parseList(closers: Set<String>) throws(ShellSyntaxError) -> ShellList {
        var list = ShellList()
        while true {
            try skipBlanksAndNewlines()
            guard position < bytes.count, !atListEnd(closers) else { return list }
            let andOr = try parseAndOr()
            skipBlanks()
            var background = false
            if peek("&"), !peek("&&"), !peek("&>") {
                position += 1
                background = true
            } else if peek(";"), !peek(";;"), !peek(";&") {
                position += 1
            } else if peek("\n") {
                try consumeNewline()
            } else {
                list.items.append(.init(andOr: andOr, background: false))
                return list
            }
            list.items.append(.init(andOr: andOr, background: background))
        }
    }

    private func atListEnd(_ closers: Set<String>) -> Bool {
        if peek(")") { return true }
        if peek(";;") || peek(";&") { return true }
        if let word = peekKeyword(), closers.contains(word) { return true }
        return false
    }

    mutating func parseAndOr() throws(ShellSyntaxError) -> ShellAndOr {
        var andOr = ShellAndOr(first: try parsePipeline())
        while true {
            skipBlanks()
            let connector: ShellAndOr.Connector
            if peek("&&") { connector = .and } else if peek("||") { connector = .or } else { return andOr }
            position += 2
            try skipBlanksAndNewlines()
            andOr.rest.append((connector, try parsePipeline()))
        }
    }

    mutating func parsePipeline() throws(ShellSyntaxError) -> ShellPipeline {
        skipBlanks()
        var timed = false, posix = false, negated = false
        if peekKeyword() == "time" {
            timed = true
            position += 4
            skipBlanks()
            if peekKeyword() == "-p" { posix = true; position += 2; skipBlanks() }
        }
        while peekKeyword() == "!" {
            if negated { throw error("`!` twice in a pipeline") }
            negated = true
            position += 1
            skipBlanks()
        }
        var pipeline = ShellPipeline(timed: timed, timedPosix: posix, negated: negated, commands: [try parseCommand()])
        while true {
            skipBlanks()
            guard peek("|"), !peek("||") else { return pipeline }
            let both = peek("|&")
            position += both ? 2 : 1
            try skipBlanksAndNewlines()
            // `a |& b` is `a 2>&1 | b` to bash (it adds the redirection): one tree for both spellings.
            if both, let last = pipeline.commands.indices.last {
                pipeline.commands[last] = Self.addingRedirection(
                    ShellRedirection(descriptor: 2, op: .duplicateOutput, target: .literal("1")), to: pipeline.commands[last])
            }
            pipeline.commands.append(try parseCommand())
        }
    }

    // MARK: Commands

    mutating func parseCommand() throws(ShellSyntaxError) -> ShellCommandNode {
        skipBlanks()
        guard position < bytes.count else { throw error("a command is missing at the end") }
        if peek("((") { throw error("`(( … ))` arithmetic commands are not supported by the checker") }
        if peek("(") {
            position += 1
            let body = try nestedList(closers: [])
            try expect(")")
            return .subshell(body, try parseRedirections())
        }
        switch peekKeyword() {
        case "{":
            position += 1
            let body = try nestedList(closers: ["}"])
            try expectKeyword("}")
            return .group(body, try parseRedirections())
        case "if": return try parseIf()
        case "while", "until": return try parseLoop()
        case "for": return try parseFor()
        case "case": return try parseCase()
        case "[[": throw error("`[[ … ]]` is not supported by the checker; use `[ … ]` (test)")
        case "function": throw error("function definitions are not supported by the checker; write the commands out")
        case "select", "coproc": throw error("`\(peekKeyword()!)` is not supported by the checker")
        case "then", "else", "elif", "fi", "do", "done", "esac", "}", "in", "]]":
            throw error("unexpected `\(peekKeyword()!)`")
        default: return .simple(try parseSimpleCommand())
        }
    }

    static func addingRedirection(_ redirection: ShellRedirection, to node: ShellCommandNode) -> ShellCommandNode {
        switch node {
        case .simple(var simple): simple.redirections.append(redirection); return .simple(simple)
        case .subshell(let list, let redirections): return .subshell(list, redirections + [redirection])
        case .group(let list, let redirections): return .group(list, redirections + [redirection])
        case .ifClause(let clause, let redirections): return .ifClause(clause, redirections + [redirection])
        case .loop(let loop, let redirections): return .loop(loop, redirections + [redirection])
        case .forLoop(let loop, let redirections): return .forLoop(loop, redirections + [redirection])
        case .caseClause(let clause, let redirections): return .caseClause(clause, redirections + [redirection])
        }
    }

    private mutating func nestedList(closers: Set<String>) throws(ShellSyntaxError) -> ShellList {
        let list = try nested { (parser: inout ShellTreeParser) throws(ShellSyntaxError) in try parser.parseList(closers: closers) }
        if list.items.isEmpty { throw error("an empty command list (bash requires at least one command here)") }
        return list
    }

    /// Runs `body` one nesting level deeper, refusing input nested past the bound.
    mutating func nested<T>(_ body: (inout ShellTreeParser) throws(ShellSyntaxError) -> T) throws(ShellSyntaxError) -> T {
        guard depth < Self.maximumNesting else {
            throw error("the command is nested more than \(Self.maximumNesting) levels deep")
        }
        depth += 1
        defer { depth -= 1 }
        return try body(&self)
    }

    private mutating func parseIf() throws(ShellSyntaxError) -> ShellCommandNode {
        position += 2
        var clause = ShellIf(branches: [], elseBody: nil)
        while true {
            let condition = try nestedList(closers: ["then"])
            try expectKeyword("then")
            let body = try nestedList(closers: ["elif", "else", "fi"])
            clause.branches.append((condition, body))
            if peekKeyword() == "elif" { position += 4; continue }
            if peekKeyword() == "else" {
                position += 4
                clause.elseBody = try nestedList(closers: ["fi"])
            }
            try expectKeyword("fi")
            // `elif` is `else if … fi` to bash: one tree for both spellings.
            while clause.branches.count > 1 {
                let last = clause.branches.removeLast()
                let inner = ShellIf(branches: [last], elseBody: clause.elseBody)
                clause.elseBody = ShellList(items: [.init(andOr: ShellAndOr(first: ShellPipeline(commands: [.ifClause(inner, [])])),
                                                          background: false)])
            }
            return .ifClause(clause, try parseRedirections())
        }
    }

    private mutating func parseLoop() throws(ShellSyntaxError) -> ShellCommandNode {
        let until = peekKeyword() == "until"
        position += until ? 5 : 5
        let condition = try nestedList(closers: ["do"])
        try expectKeyword("do")
        let body = try nestedList(closers: ["done"])
        try expectKeyword("done")
        return .loop(ShellLoop(until: until, condition: condition, body: body), try parseRedirections())
    }

    private mutating func parseFor() throws(ShellSyntaxError) -> ShellCommandNode {
        position += 3
        skipBlanks()
        if peek("((") { throw error("`for (( … ))` is not supported by the checker") }
        guard let name = peekKeyword(), Self.isName(name) else { throw error("`for` needs a variable name") }
        position += name.utf8.count
        skipBlanks()
        var words: [ShellWord]?
        if peek(";") { position += 1 }
        try skipBlanksAndNewlines()
        if peekKeyword() == "in" {
            position += 2
            var list: [ShellWord] = []
            while true {
                skipBlanks()
                if peek(";") { position += 1; break }
                if peek("\n") || position >= bytes.count { break }
                guard !atOperator else { throw error("unexpected `\(describe(position))` in the `for` word list") }
                list.append(try readWord().word)
            }
            words = list
            try skipBlanksAndNewlines()
        }
        // `for x; do` is `for x in "$@"; do` to bash.
        if words == nil { words = [ShellWord([.parameter("@", quoted: true)])] }
        try expectKeyword("do")
        let body = try nestedList(closers: ["done"])
        try expectKeyword("done")
        return .forLoop(ShellFor(name: name, words: words, body: body), try parseRedirections())
    }

    private mutating func parseCase() throws(ShellSyntaxError) -> ShellCommandNode {
        position += 4
        skipBlanks()
        let word = try readWord().word
        try skipBlanksAndNewlines()
        try expectKeyword("in")
        var clause = ShellCase(word: word, items: [])
        while true {
            try skipBlanksAndNewlines()
            if peekKeyword() == "esac" { position += 4; break }
            if peek("(") { position += 1; skipBlanks() }
            var patterns: [ShellWord] = []
            while true {
                skipBlanks()
                guard !atOperator, position < bytes.count else { throw error("a `case` pattern is missing") }
                patterns.append(try readWord().word)
                skipBlanks()
                if peek("|") { position += 1; continue }
                try expect(")")
                break
            }
            let body = try nestedList(closers: ["esac"])
            skipBlanks()
            var terminator = ";;"
            if peek(";;&") { terminator = ";;&" } else if peek(";;") { terminator = ";;" } else if peek(";&") { terminator = ";&" }
            else if peekKeyword() == "esac" {
                clause.items.append(.init(patterns: patterns, body: body, terminator: ";;"))
                position += 4
                break
            } else { throw error("a `case` item must end with `;;`") }
            position += terminator.utf8.count
            clause.items.append(.init(patterns: patterns, body: body, terminator: terminator))
        }
        return .caseClause(clause, try parseRedirections())
    }

    private mutating func parseSimpleCommand() throws(ShellSyntaxError) -> ShellSimpleCommand {
        var command = ShellSimpleCommand()
        while true {
            skipBlanks()
            guard position < bytes.count else { break }
            if peekProcessSubstitution {
                command.words.append(try readWord().word)
                continue
            }
            if let redirection = try parseRedirection() {
                command.redirections.append(redirection)
                continue
            }
            if atOperator { break }
            if bytes[position] == UInt8(ascii: "#") { skipComment(); break }
            let start = position
            let (word, _) = try readWord()
            if command.words.isEmpty, let assignment = try assignment(word, from: start) {
                command.assignments.append(assignment)
                continue
            }
            if command.words.isEmpty, peek("(") {
                throw error("function definitions are not supported by the checker; write the commands out")
            }
            command.words.append(word)
        }
        if command.assignments.isEmpty, command.words.isEmpty, command.redirections.isEmpty {
            throw error(position < bytes.count ? "unexpected `\(describe(position))`" : "a command is missing")
        }
        return command
    }

    private var peekProcessSubstitution: Bool {
        (peek("<(") || peek(">("))
    }

    /// `NAME=value` / `NAME+=value` before the command name (the raw text decides, as in bash).
    private func assignment(_ word: ShellWord, from start: Int) throws(ShellSyntaxError) -> ShellAssignment? {
        var index = start
        while index < bytes.count, Self.isNameByte(bytes[index], first: index == start) { index += 1 }
        guard index > start, index < bytes.count else { return nil }
        let name = String(decoding: bytes[start..<index], as: UTF8.self)
        if bytes[index] == UInt8(ascii: "[") {
            throw ShellSyntaxError(message: "array assignments (`\(name)[…]=`) are not supported by the checker", offset: start)
        }
        var append = false
        if bytes[index] == UInt8(ascii: "+"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "=") {
            append = true
            index += 1
        }
        guard bytes[index] == UInt8(ascii: "=") else { return nil }
        if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "(") {
            throw ShellSyntaxError(message: "array assignments (`\(name)=(…)`) are not supported by the checker", offset: start)
        }
        // The value is the word after `NAME=`: drop that many literal characters from its first part.
        var parts = word.parts
        let prefixLength = name.utf8.count + (append ? 2 : 1)
        guard case .literal(let head) = parts.first, head.utf8.count >= prefixLength else { return nil }
        let rest = String(decoding: Array(head.utf8).dropFirst(prefixLength), as: UTF8.self)
        if rest.isEmpty { parts.removeFirst() } else { parts[0] = .literal(rest) }
        return ShellAssignment(name: name, append: append, value: ShellWord(parts))
    }

    static func isName(_ text: String) -> Bool {
        let utf8 = Array(text.utf8)
        return !utf8.isEmpty && utf8.indices.allSatisfy { isNameByte(utf8[$0], first: $0 == 0) }
    }

    static func isNameByte(_ byte: UInt8, first: Bool) -> Bool {
        (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || byte == 95 || (!first && byte >= 48 && byte <= 57)
    }
}
