/// Compound commands: `{ }`, `if`, `while`/`until`, `for`/`select`, `case`, `function`, `[[ ]]`, `(( ))`, `coproc`.
/// Their bodies are flattened into the same command list; the words they only expand
/// (`for x in WORDS`, `case WORD`, `[[ … ]]`) are kept so their substitutions are checked.
extension ShellParser {
    func parseCompound(_ keyword: String) throws {
        switch keyword {
        case "{":
            try parseList()
            try expect(keyword: "}", closing: "{")
        case "if":
            try parseList()
            try expect(keyword: "then", closing: "if")
            try parseList()
            while case .word(let word) = try peek(), isKeyword(word, in: ["elif", "else"]) {
                try next()
                try parseList()
                if word.value == "elif" {
                    try expect(keyword: "then", closing: "elif")
                    try parseList()
                }
            }
            try expect(keyword: "fi", closing: "if")
        case "while", "until":
            try parseList()
            try parseDoGroup(keyword)
        case "for", "select":
            try parseForHeader(keyword)
            try parseDoGroup(keyword)
        case "case":
            try parseCase()
        case "function":
            guard case .word(let name) = try next() else {
                throw ShellSyntaxError(message: "expected a function name after `function`", offset: pos)
            }
            output.functionNames.insert(name.value)
            if case .op("(") = try peek() {
                try next()
                try expect(op: ")", closing: "(")
            }
            while case .newline = try peek() { try next() }
            try parseFunctionBody(named: name.value)
            return
        case "[[":
            try parseConditional()
        default:  // coproc [NAME] command
            if case .word = try peek(), case .word(let second) = try peekSecond(), isKeyword(second, in: ["{"]) {
                try next()
            }
            try parseCommand()
            return
        }
        try parseTrailingRedirections()
    }

    func parseDoGroup(_ keyword: String) throws {
        while case .newline = try peek() { try next() }
        if case .word(let word) = try peek(), isKeyword(word, in: ["{"]) {  // bash also accepts `for …; { …; }`
            try next()
            try parseList()
            return try expect(keyword: "}", closing: keyword)
        }
        try expect(keyword: "do", closing: keyword)
        try parseList()
        try expect(keyword: "done", closing: "do")
    }

    func parseForHeader(_ keyword: String) throws {
        if case .op("(") = try peek(), at(pos) == "(" {
            try next()
            try parseArithmeticCommand()
        } else {
            guard case .word = try next() else {
                throw ShellSyntaxError(message: "expected a variable name after `\(keyword)`", offset: pos)
            }
            while case .newline = try peek() { try next() }
            if case .word(let word) = try peek(), isKeyword(word, in: ["in"]) {
                try next()
                var list = ShellCommand()
                while case .word(let item) = try peek() {
                    try next()
                    list.expandedOnly.append(item)
                }
                if !list.isEmpty { output.commands.append(list) }
            }
        }
        if case .op(";") = try peek() { try next() }
    }

    func parseCase() throws {
        guard case .word(let subject) = try next() else {
            throw ShellSyntaxError(message: "expected a word after `case`", offset: pos)
        }
        output.commands.append(ShellCommand(expandedOnly: [subject]))
        while case .newline = try peek() { try next() }
        try expect(keyword: "in", closing: "case")
        while true {
            while case .newline = try peek() { try next() }
            if case .word(let word) = try peek(), isKeyword(word, in: ["esac"]) { break }
            if case .op("(") = try peek() { try next() }
            var patterns = ShellCommand()
            patternLoop: while true {
                switch try next() {
                case .word(let pattern): patterns.expandedOnly.append(pattern)
                case .op("|"): continue
                case .op(")"): break patternLoop
                default: throw ShellSyntaxError(message: "expected `)` after a `case` pattern", offset: pos)
                }
            }
            output.commands.append(patterns)
            try parseList()
            switch try peek() {
            case .op(";;"), .op(";&"), .op(";;&"): try next()
            default: break
            }
            if case .end = try peek() { break }
        }
        try expect(keyword: "esac", closing: "case")
    }

    /// `[[ … ]]`: operators inside are operands, not redirections or separators.
    func parseConditional() throws {
        output.usesArithmetic = true
        var test = ShellCommand()
        while true {
            switch try next() {
            case .word(let word) where word.raw == "]]":
                output.commands.append(test)
                return
            case .word(let word): test.expandedOnly.append(word)
            case .end: throw ShellSyntaxError(message: "`[[` is not closed by `]]`", offset: pos)
            default: continue
            }
        }
    }

    /// `(( … ))` after its first `(` was consumed: the body is read like `$(( … ))`.
    func parseArithmeticCommand() throws {
        output.usesArithmetic = true
        pos += 1  // the second `(`
        let body = try readArithmeticBody(openedAt: pos - 2)
        output.commands.append(ShellCommand(expandedOnly: [body]))
    }
}
