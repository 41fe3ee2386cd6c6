/// Tokenizes an awk program (gawk, mawk, busybox) well enough to find what the policy cares about:
/// `system`, pipes (`|`, `|&`, not `||`), `getline` from a file, `print`/`printf` redirections
/// (`>`/`>>` at the statement's own level, not comparisons inside parentheses or in patterns),
/// `@include`/`@load`/indirect calls, and gawk's `/inet/` network files.
/// Strings, regex literals and comments are skipped as awk's lexer skips them (a `"` inside a
/// comment opens no string). One pass over the program.
struct AwkProgramScan {
    var denied: String? = nil
    var writes: [ArgumentValue] = []
    var reads: [ArgumentValue] = []

    static func scan(_ program: String) -> AwkProgramScan {
        var scanner = Scanner(chars: Array(program.unicodeScalars))
        return scanner.run()
    }

    private enum Token: Equatable {
        case word(String), string(String), regex, number, symbol(String), newline
    }

    private struct Scanner {
        let chars: [Unicode.Scalar]
        var index = 0
        var result = AwkProgramScan()
        var previous: Token? = nil
        /// Inside a `print`/`printf` statement: the parenthesis depth it started at.
        var printDepth: Int? = nil
        var depth = 0
        /// The last redirection operator seen, waiting for its target.
        var pending: String? = nil
        /// A string target waiting for the next token: `> "/tmp/" $1` concatenates, so it is no literal.
        var literalTarget: (text: String, operatorText: String)? = nil
        /// `getline` was seen in this statement, so a `<` at its level reads a file.
        var getlineDepth: Int? = nil

        func at(_ offset: Int) -> Unicode.Scalar? { index + offset < chars.count ? chars[index + offset] : nil }

        static let operandKeywords: Set<String> = ["print", "printf", "return", "in", "case", "getline"]

        /// A `/` starts a regex where an operand is expected (after an operator or at the start).
        var regexAllowed: Bool {
            switch previous {
            case nil, .newline: return true
            case .word(let word): return Self.operandKeywords.contains(word)
            case .string, .regex, .number: return false
            case .symbol(let symbol): return symbol != ")" && symbol != "]" && symbol != "$" && symbol != "++" && symbol != "--"
            }
        }

        mutating func run() -> AwkProgramScan {
            while index < chars.count, result.denied == nil {
                let c = chars[index]
                if c == "\\" && at(1) == "\n" { index += 2; continue }
                if c == " " || c == "\t" || c == "\r" { index += 1; continue }
                if c == "#" { while index < chars.count, chars[index] != "\n" { index += 1 }; continue }
                if c == "\n" { emit(.newline); index += 1; continue }
                if c == "\"" { emit(.string(readString())); continue }
                if c == "/" && regexAllowed { skipRegex(); emit(.regex); continue }
                if c == "/", case .symbol(")")? = previous, ambiguousSlash() {
                    result.denied = "a `/` after `)` that awk may read as a regex holding a `\"` or `#`; the program cannot be read reliably"
                    continue
                }
                if c == "_" || c.properties.isAlphabetic {
                    var word = String.UnicodeScalarView()
                    while index < chars.count, chars[index] == "_" || chars[index].properties.isAlphabetic
                            || ("0"..."9").contains(chars[index]) {
                        word.append(chars[index]); index += 1
                    }
                    emit(.word(String(word)))
                    continue
                }
                if ("0"..."9").contains(c) || c == "." {
                    while index < chars.count, ("0"..."9").contains(chars[index]) || chars[index] == "."
                            || chars[index].properties.isAlphabetic { index += 1 }
                    emit(.number)
                    continue
                }
                emit(.symbol(readSymbol()))
            }
            if let waiting = literalTarget { record(.literal(waiting.text), after: waiting.operatorText) }
            return result
        }

        mutating func readString() -> String {
            index += 1
            var text = String.UnicodeScalarView()
            while index < chars.count, chars[index] != "\"" {
                if chars[index] == "\\", index + 1 < chars.count { text.append(chars[index]); index += 1 }
                if chars[index] == "\n" { break }
                text.append(chars[index]); index += 1
            }
            index += 1
            return String(text)
        }

        /// `if (x) /"/ …`: awk's grammar reads a regex here, an expression `(x) / y` reads division. Only
        /// awk's parser knows which; when the regex reading would hide a `"` or `#` from a division
        /// reading (or the other way round), neither reading can be trusted.
        func ambiguousSlash() -> Bool {
            var probe = index + 1
            while probe < chars.count, chars[probe] != "\n", chars[probe] != "/" {
                if chars[probe] == "\"" || chars[probe] == "#" { return true }
                probe += chars[probe] == "\\" ? 2 : 1
            }
            return false
        }

        mutating func skipRegex() {
            index += 1
            var inBracket = false
            while index < chars.count, chars[index] != "\n" {
                let c = chars[index]
                if c == "\\" { index += 2; continue }
                if inBracket {
                    if c == "]" { inBracket = false }
                } else if c == "[" {
                    inBracket = true
                    // `[]…]` and `[^]…]`: a leading `]` is a member, not the end.
                    if at(1) == "^" { index += 1 }
                    if at(1) == "]" { index += 1 }
                } else if c == "/" {
                    break
                }
                index += 1
            }
            index += 1
        }

        /// Two-character operators, by their first character; only these matter or could hide a `|`/`>`.
        static let pairs: [Unicode.Scalar: [Unicode.Scalar: String]] = [
            "|": ["|": "||", "&": "|&"], "&": ["&": "&&"], ">": [">": ">>", "=": ">="], "+": ["+": "++", "=": "+="],
            "-": ["-": "--", "=": "-="], "=": ["=": "=="], "!": ["=": "!="], "<": ["=": "<="], "*": ["=": "*="],
            "/": ["=": "/="], "%": ["=": "%="], "^": ["=": "^="],
        ]
        static let singles: [Unicode.Scalar: String] = {
            var table: [Unicode.Scalar: String] = [:]
            for value in UInt8(33)...UInt8(126) { table[Unicode.Scalar(value)] = String(Unicode.Scalar(value)) }
            return table
        }()

        mutating func readSymbol() -> String {
            let first = chars[index]
            if let second = at(1), let pair = Self.pairs[first]?[second] {
                index += 2
                return pair
            }
            index += 1
            return Self.singles[first] ?? String(first)
        }

        mutating func emit(_ token: Token) {
            if let waiting = literalTarget {
                literalTarget = nil
                let ends: Bool
                switch token {
                case .newline, .symbol(";"), .symbol("}"), .symbol(")"), .symbol(","): ends = true
                default: ends = false
                }
                record(ends ? .literal(waiting.text) : .unknown("awk expression"), after: waiting.operatorText)
            }
            if let operatorText = pending {
                pending = nil
                target(token, after: operatorText)
            }
            switch token {
            case .word(let word):
                if word == "system" { result.denied = "`system` runs a command" }
                if word == "print" || word == "printf" { printDepth = depth }
                if word == "getline" { getlineDepth = depth }
            case .symbol(let symbol):
                switch symbol {
                case "(": depth += 1
                case ")": depth -= 1
                case "{", "}", ";": printDepth = nil; getlineDepth = nil
                case "|", "|&": result.denied = "`\(symbol)` pipes to or from a command"
                case "@": result.denied = "`@` directives and indirect calls (`@include`, `@load`, `@f()`) run other code"
                case ">", ">>":
                    if let printDepth, depth == printDepth { pending = symbol }
                case "<":
                    if let getlineDepth, depth == getlineDepth { pending = "<" }
                default: break
                }
            case .newline:
                printDepth = nil
                getlineDepth = nil
            case .string, .regex, .number:
                break
            }
            previous = token
        }

        mutating func target(_ token: Token, after operatorText: String) {
            if case .string(let text) = token, !text.contains("\\") {
                literalTarget = (text, operatorText)
            } else {
                record(.unknown("awk expression"), after: operatorText)
            }
        }

        mutating func record(_ path: ArgumentValue, after operatorText: String) {
            if let text = path.literal, text.hasPrefix("/inet") {
                result.denied = "`\(text)` opens a network connection"
                return
            }
            if operatorText == "<" {
                result.reads.append(path)
            } else if path != .literal("/dev/stdout") && path != .literal("/dev/stderr") {
                result.writes.append(path)
            }
        }
    }
}

extension SpecRefinements {
    /// `awk`/`gawk`/`mawk`: the program (every `-e`/`--source`, or the first operand unless `-f`
    /// gave one); operands after it are files, except `name=value` assignments.
    static let awk: SpecRefinement = { parsed, judgement in
        let program = judgement.normalized.program
        let sources = options(parsed, named: "-e").compactMap(\.value)
        let hasFile = !options(parsed, named: "-f").isEmpty
        var programs = sources
        var files = parsed.operands[...]
        if sources.isEmpty && !hasFile, let first = files.first {
            programs = [first]
            files = files.dropFirst()
        }
        for text in programs {
            guard let literal = text.literal else {
                judgement.effect = judgement.effect.joined(.deny("an `\(program)` program only known at run time may run commands"))
                return
            }
            let scan = AwkProgramScan.scan(literal)
            if let denied = scan.denied { judgement.effect = judgement.effect.joined(.deny("`\(program)` program: \(denied)")) }
            for path in scan.writes { judgement.paths.append(PathUse(path: path, access: .write(truncates: true), by: "`\(program)` print >")) }
            for path in scan.reads { judgement.paths.append(PathUse(path: path, access: .read, by: "`\(program)` getline <")) }
        }
        // The spec reads no operand as a file: the program and `x=1` assignments are not files.
        for file in files where file != .literal("-") {
            if let text = file.literal, let equals = text.firstIndex(of: "="), equals != text.startIndex,
               text[..<equals].allSatisfy({ $0 == "_" || $0.isLetter || $0.isNumber }) { continue }
            judgement.paths.append(PathUse(path: file, access: .read, by: "`\(program)`"))
        }
    }
}
