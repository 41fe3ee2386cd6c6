/// A recursive-descent parser for the part of bash's grammar a command line can use.
///
/// It does not build a full syntax tree: the policy only needs every simple command that
/// could run, so pipelines, lists, groups, subshells, `if`/`for`/`while`/`until`/`case`,
/// function bodies and substitutions are all flattened into `ShellScript.commands`.
/// Anything it does not understand is a `ShellSyntaxError` (the policy then fails closed).
final class ShellParser {
    let chars: [Unicode.Scalar]
    var pos = 0
    var lookahead: [ShellToken] = []
    var pendingHereDocuments: [PendingHereDocument] = []
    var allHereDocuments: [PendingHereDocument] = []
    var output = ShellScript()
    /// Nesting depth of substitutions, so a hostile input cannot exhaust the stack.
    var depth: Int
    /// Nesting of every construct that recurses (groups, subshells, compound commands, `${…}`,
    /// `$(…)`, `$((…))`, backticks): deeper input is refused before the stack is at risk, and
    /// refusing is immediate, so hostile input costs linear time.
    var nesting: Int

    static let maximumDepth = 32
    /// 100, not more: measured in a release build, 199 nested `{ … }` overflow a 512 KiB thread stack
    /// (the size of Swift's cooperative threads on macOS) while 149 fit; people nest a handful.
    static let maximumNesting = 100
    private static let closers: Set<String> = ["then", "elif", "else", "fi", "do", "done", "esac", "}"]

    init(_ text: String, depth: Int = 0, nesting: Int = 0) {
        chars = Array(text.unicodeScalars)
        self.depth = depth
        self.nesting = nesting
    }

    /// Parses a whole command line.
    static func parse(_ text: String, depth: Int = 0, nesting: Int = 0) throws -> ShellScript {
        let parser = ShellParser(text, depth: depth, nesting: nesting)
        guard depth <= maximumDepth else {
            throw ShellSyntaxError(message: "substitutions are nested more than \(maximumDepth) deep", offset: 0)
        }
        try parser.parseList()
        switch try parser.peek() {
        case .end: break
        case .op(let op): throw ShellSyntaxError(message: "unexpected `\(op)`", offset: parser.pos)
        case .word(let word): throw ShellSyntaxError(message: "unexpected `\(word.raw)`", offset: parser.pos)
        default: throw ShellSyntaxError(message: "unexpected token", offset: parser.pos)
        }
        parser.output.hereDocumentBodies = parser.allHereDocuments.map { $0.body ?? .literal("") }
        return parser.output
    }

    // MARK: Lists and pipelines

    /// `and_or ((; | & | newline) and_or)*`, stopping before a closer (`)`, `}`, `fi`, `;;`, …).
    func parseList() throws {
        while true {
            while case .newline = try peek() { try next() }
            if try atListEnd() { return }
            try parseAndOr()
            switch try peek() {
            case .op(";"), .op("&"), .newline: try next()
            default: return
            }
        }
    }

    private func atListEnd() throws -> Bool {
        switch try peek() {
        case .end, .op(")"), .op(";;"), .op(";&"), .op(";;&"): return true
        case .word(let word): return isKeyword(word, in: Self.closers)
        default: return false
        }
    }

    private func parseAndOr() throws {
        try parsePipeline()
        while case .op(let op) = try peek(), op == "&&" || op == "||" {
            try next()
            while case .newline = try peek() { try next() }
            try parsePipeline()
        }
    }

    private func parsePipeline() throws {
        while case .word(let word) = try peek(), isKeyword(word, in: ["!", "time"]) {
            try next()
            if word.value == "time", case .word(let option) = try peek(), option.raw == "-p" { try next() }
        }
        try parseCommand()
        while case .op(let op) = try peek(), op == "|" || op == "|&" {
            try next()
            while case .newline = try peek() { try next() }
            try parseCommand()
        }
    }

    // MARK: Commands

    func parseCommand() throws {
        try enterNesting()
        defer { nesting -= 1 }
        let token = try peek()
        if case .op("(") = token {
            if at(pos) == "(", lookahead.count == 1 {  // `((` … `))`: an arithmetic command
                try next()
                try parseArithmeticCommand()
            } else {
                try next()
                try parseList()
                try expect(op: ")", closing: "(")
            }
            return try parseTrailingRedirections()
        }
        guard case .word(let word) = token else {
            if case .redirect = token { return try parseSimpleCommand() }
            throw ShellSyntaxError(message: "expected a command, found \(describe(token))", offset: pos)
        }
        if isKeyword(word, in: ["{", "if", "while", "until", "for", "select", "case", "function", "[[", "coproc"]) {
            try next()
            try parseCompound(word.value)
        } else if isKeyword(word, in: Self.closers) {
            throw ShellSyntaxError(message: "unexpected `\(word.value)`", offset: pos)
        } else {
            try parseSimpleCommand()
        }
    }

    func parseTrailingRedirections() throws {
        var command = ShellCommand()
        while case .redirect = try peek() { command.redirections.append(try parseRedirection()) }
        if !command.isEmpty { output.commands.append(command) }
    }

    private func parseSimpleCommand() throws {
        var command = ShellCommand()
        loop: while true {
            switch try peek() {
            case .redirect:
                command.redirections.append(try parseRedirection())
            case .word(let word):
                try next()
                if command.words.isEmpty, Self.isAssignment(word) {
                    command.assignments.append(word)
                } else {
                    command.words.append(word)
                }
            default:
                break loop
            }
        }
        if command.words.count == 1, command.assignments.isEmpty, case .op("(") = try peek(),
           case .op(")") = try peekSecond() {
            try next()
            try next()
            output.functionNames.insert(command.words[0].value)
            while case .newline = try peek() { try next() }
            try parseFunctionBody(named: command.words[0].value)  // its commands are checked like any others
            return
        }
        output.commands.append(command)
    }

    private func parseRedirection() throws -> ShellRedirection {
        guard case .redirect(let op, let descriptor) = try next() else {
            throw ShellSyntaxError(message: "expected a redirection", offset: pos)
        }
        guard case .word(let target) = try next() else {
            throw ShellSyntaxError(message: "`\(op)` needs a target", offset: pos)
        }
        if op == "<<" || op == "<<-" {
            let doc = PendingHereDocument(
                delimiter: target.value, stripsTabs: op == "<<-",
                expands: !target.raw.contains(where: { $0 == "'" || $0 == "\"" || $0 == "\\" }))
            pendingHereDocuments.append(doc)
            allHereDocuments.append(doc)
        }
        return ShellRedirection(op: op, descriptor: descriptor, target: target)
    }

    /// Parses a function body and records the commands it runs.
    func parseFunctionBody(named name: String) throws {
        let start = output.commands.count
        try parseCommand()
        let calls = output.commands[min(start, output.commands.count)...].compactMap { $0.words.first?.value }
        output.functionCalls[name, default: []].formUnion(calls)
    }

    // MARK: Helpers

    /// Counts one more level of nesting; the caller leaves it with `defer { nesting -= 1 }`.
    func enterNesting() throws {
        nesting += 1
        guard nesting <= Self.maximumNesting else {
            throw ShellSyntaxError(message: "the command nests groups, subshells or substitutions more than \(Self.maximumNesting) deep",
                                   offset: pos)
        }
    }

    /// A reserved word counts only unquoted and in command position.
    func isKeyword(_ word: ShellWord, in set: Set<String>) -> Bool {
        word.raw == word.value && set.contains(word.value)
    }

    /// `NAME=…`, `NAME+=…` or `NAME[…]=…` with an unquoted name.
    static func isAssignment(_ word: ShellWord) -> Bool {
        let raw = word.raw.unicodeScalars
        guard let first = raw.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else { return false }
        var index = raw.startIndex
        while index < raw.endIndex {
            let c = raw[index]
            if c == "=" { return true }
            if c == "+" { return raw.index(after: index) < raw.endIndex && raw[raw.index(after: index)] == "=" }
            if c == "[" { return raw.contains("]") && raw.contains("=") }
            guard c == "_" || (c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c))) else { return false }
            index = raw.index(after: index)
        }
        return false
    }

    func expect(keyword: String, closing opener: String) throws {
        guard case .word(let word) = try next(), isKeyword(word, in: [keyword]) else {
            throw ShellSyntaxError(message: "expected `\(keyword)` to close `\(opener)`", offset: pos)
        }
    }

    func expect(op: String, closing opener: String) throws {
        guard case .op(op) = try next() else {
            throw ShellSyntaxError(message: "expected `\(op)` to close `\(opener)`", offset: pos)
        }
    }

    private func describe(_ token: ShellToken) -> String {
        switch token {
        case .word(let word): return "`\(word.raw)`"
        case .op(let op): return "`\(op)`"
        case .redirect(let op, _): return "`\(op)`"
        case .newline: return "a newline"
        case .end: return "the end of the command"
        }
    }
}
