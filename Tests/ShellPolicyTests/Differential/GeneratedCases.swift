/// Random command lines from a grammar of the hand-written set's pieces: deterministic (a fixed
/// seed, SplitMix64), bounded (nesting ≤ 3 and a budget of 10 commands and substitutions per line),
/// and about one in eight mutated by a dropped or inserted character so that syntax errors are
/// exercised too.
struct GeneratedCases {
    static let seed: UInt64 = 0x5EED_0017
    static func cases(count: Int = 600, seed: UInt64 = seed) -> [DifferentialCase] {
        var generator = GeneratedCases(seed: seed)
        return (0..<count).map { DifferentialCase(text: generator.commandLine(), origin: "generated#\($0)") }
    }

    private var state: UInt64
    /// Commands and substitutions still allowed in the current line.
    private var budget = 0
    init(seed: UInt64) { state = seed }

    private mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    private mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    private mutating func pick<T>(_ options: [T]) -> T { options[below(options.count)] }
    private mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    mutating func commandLine() -> String {
        budget = 10
        var text = list(depth: 0)
        if chance(15) { text += pick([" # note", " #$(x)", "\r# hidden", "\n# line"]) }
        if chance(12) { text = mutate(text) }
        return text
    }

    private mutating func mutate(_ text: String) -> String {
        var scalars = Array(text.unicodeScalars)
        let position = below(scalars.count + 1)
        if chance(50), position < scalars.count {
            scalars.remove(at: position)
        } else {
            scalars.insert(pick(["'", "\"", "`", "(", ")", "{", "}", ";", "&", "|", "\\", "\n", "<", "$"]), at: position)
        }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars)
        return String(result)
    }

    private mutating func list(depth: Int) -> String {
        var text = andOr(depth: depth)
        for _ in 0..<below(budget > 3 ? 3 : 1) {
            if text.hasSuffix("\n") { text += andOr(depth: depth); continue }
            text += pick([" ; ", ";", " & ", "\n", " &\n"]) + andOr(depth: depth)
        }
        if chance(10), !text.hasSuffix("\n") { text += pick([";", " &"]) }
        return text
    }

    private mutating func andOr(depth: Int) -> String {
        var text = pipeline(depth: depth)
        for _ in 0..<below(budget > 3 ? 3 : 1) where !text.hasSuffix("\n") {
            text += pick([" && ", " || ", "&&", " ||\n"]) + pipeline(depth: depth)
        }
        return text
    }

    private mutating func pipeline(depth: Int) -> String {
        var text = (chance(8) ? "! " : "") + (chance(5) ? "time " : "") + command(depth: depth)
        for _ in 0..<below(budget > 3 ? 3 : 1) where !text.hasSuffix("\n") {
            text += pick([" | ", "|", " |& ", " |\n"]) + command(depth: depth)
        }
        return text
    }

    private mutating func command(depth: Int) -> String {
        budget -= 1
        guard depth < 3, budget > 0, chance(30) else { return chance(8) ? hereDocument() : simpleCommand(depth: depth) }
        let inner = list(depth: depth + 1)
        let body = terminated(inner)
        switch below(10) {
        case 0: return "( \(inner) )"
        case 1: return "{ \(body)}"
        case 2: return "if \(body)then \(terminated(list(depth: depth + 1)))fi"
        case 3: return "while \(body)do \(terminated(list(depth: depth + 1)))done"
        case 4: return "for \(name()) in \(word(depth: depth)) \(word(depth: depth)); do \(body)done"
        case 5: return "case \(word(depth: depth)) in \(pattern())) \(body);; \(pattern())) \(terminated(list(depth: depth + 1)))\(pick([";&", ";;&", ";;"])) esac"
        case 6: return "[[ \(word(depth: depth)) \(pick(["==", "!=", "=~", "<", "-nt"])) \(word(depth: depth)) ]]"
        case 7: return "(( \(arithmetic()) ))"
        case 8: return "\(name())() { \(body)}"
        default: return "\(simpleCommand(depth: depth)) \(redirection(depth: depth))"
        }
    }

    private mutating func simpleCommand(depth: Int) -> String {
        var parts: [String] = []
        for _ in 0..<below(chance(20) ? 3 : 1) { parts.append(assignment(depth: depth)) }
        let words = parts.isEmpty || chance(70) ? 1 + below(4) : 0
        for index in 0..<words { parts.append(index == 0 && chance(60) ? pick(programs) : word(depth: depth)) }
        for _ in 0..<(chance(25) ? 1 + below(2) : 0) { parts.append(redirection(depth: depth)) }
        if chance(8), parts.count > 1 { parts.insert(pick(["\\\n", "\\\n  "]), at: 1 + below(parts.count - 1)) }
        return parts.joined(separator: pick([" ", " ", "  ", "\t"]))
    }

    private let programs = ["echo", "ls", "cat", "qm", "pct", "grep", "printf", "true", ":", "cd", "read", "export"]

    private mutating func word(depth: Int) -> String {
        (0..<(1 + below(chance(30) ? 3 : 1))).map { _ in wordPart(depth: depth) }.joined()
    }

    private mutating func wordPart(depth: Int) -> String {
        switch below(20) {
        case 0: return "'\(pick(["a b", "$x", "\"", "\\", "it", "", "#", "\n", "é"]))'"
        case 1: return "\"\(pick(["a b", "$x", "${y}", "\\\"", "\\$", "\\`", "'", "$(\(simpleCommand(depth: 3)))", "", "\\\n"]))\""
        case 2: return "$'\(pick(["\\n", "\\t", "\\x41", "\\400", "\\101", "\\u00e9", "\\cA", "\\'", "\\\\", "\\e", "\\0", "a b"]))'"
        case 3: return pick(["\\ ", "\\;", "\\'", "\\\"", "\\$", "\\|", "\\#", "\\\\"])
        case 4: return pick(["*", "?", "[ab]", "*.txt", "[!x]"])
        case 5: return pick(["~", "~root", "~/x", "~+"])
        case 6: return pick(["{a,b}", "{1..3}", "{x}", "{,}"])
        case 7: return "$((\(arithmetic())))"
        case 8: return pick(["$x", "${x}", "${x:-d}", "${#x}", "$1", "$@", "$?", "${x[1]}", "${x/a/b}"])
        case 9 where depth < 3 && budget > 0: budget -= 1; return "$(\(list(depth: depth + 1)))"
        case 10 where depth < 3 && budget > 0: budget -= 1; return "`\(simpleCommand(depth: 3))`"
        case 11 where depth < 3 && budget > 0: budget -= 1; return "\(pick(["<", ">"]))(\(list(depth: depth + 1)))"
        case 12: return pick(["é", "😀", "a\u{A0}b", "x\u{01}y", "\u{7F}", "\r"])
        case 13: return pick(["-l", "--all", "-n", "-"])
        default: return pick(["a", "b", "file", "x1", "100", "/tmp/x", "a=b", "if", "then", "done", "}", "{", "!", "in"])
        }
    }

    private mutating func assignment(depth: Int) -> String {
        let target = name()
        switch below(5) {
        case 0: return "\(target)+=\(word(depth: depth))"
        case 1: return "\(target)=(\(word(depth: depth)) \(word(depth: depth)))"
        case 2: return "\(target)[\(below(3))]=\(word(depth: depth))"
        case 3: return "\(target)="
        default: return "\(target)=\(word(depth: depth))"
        }
    }

    private mutating func redirection(depth: Int) -> String {
        let target = chance(70) ? pick(["f", "/tmp/x", "/dev/null", "\"a b\""]) : word(depth: depth)
        switch below(12) {
        case 0: return "2>&1"
        case 1: return ">&2"
        case 2: return "{fd}>\(target)"
        case 3: return "3<&-"
        case 4: return "<<<\(word(depth: depth))"
        default: return pick(["", "1", "2", "10"]) + pick([">", ">>", "<", "&>", "&>>", "<>", ">|"]) + pick(["", " "]) + target
        }
    }

    private mutating func hereDocument() -> String {
        let (operatorText, delimiter, terminator) = pick([
            ("<<", "EOF", "EOF"), ("<<", "'EOF'", "EOF"), ("<<", "\"E F\"", "E F"), ("<<", "E\\OF", "EOF"),
            ("<<-", "EOF", "\tEOF"), ("<<", "E\\\nOF", "EOF"),
        ])
        let tail = pick(["", " | wc -l", " >f", "; echo next", " && true"])
        let body = pick(["body", "$x $(y) `z`", "\\$x", "a\\\nb", "\tindented", "EOF \nx", "", "'\"\\"])
        return "\(pick(["cat", "grep a", "qm"])) \(operatorText)\(delimiter)\(tail)\n\(body)\n\(terminator)\n"
    }

    /// A list followed by a separator, as `then`/`do`/`fi`/`;;` need; a here-doc already ends in one.
    private func terminated(_ list: String) -> String {
        if list.hasSuffix("\n") { return list }
        return list.hasSuffix("&") || list.hasSuffix(";") ? list + " " : list + "; "
    }
    private mutating func pattern() -> String { pick(["a", "a|b", "*", "[ab]*", "\"q\"", "(x)", "$v", "?"]) }
    private mutating func name() -> String { pick(["x", "y", "a_1", "PATH", "IFS", "f"]) }
    private mutating func arithmetic() -> String { pick(["1+2", "x*(y-1)", "x++", "a[1]", "1 ? 2 : 3", "2**3", "-1"]) }
}
