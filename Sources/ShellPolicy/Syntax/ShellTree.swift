/// Policy v3's syntax tree of a command line: exactly what the judge checks and what
/// `ShellRendering` turns back into text for the node. Nothing is flattened or dropped: a construct
/// the tree cannot hold is a parse error (and so `deny`), never approximated.

/// A list: and-or items run one after the other (`;`, newline) or in the background (`&`).
struct ShellList: Sendable, Hashable {
    struct Item: Sendable, Hashable {
        var andOr: ShellAndOr
        var background: Bool
    }
    var items: [Item] = []
}

/// Pipelines joined by `&&` / `||`.
struct ShellAndOr: Sendable, Hashable {
    enum Connector: String, Sendable, Hashable { case and = "&&", or = "||" }
    var first: ShellPipeline
    var rest: [(connector: Connector, pipeline: ShellPipeline)] = []

    static func == (lhs: ShellAndOr, rhs: ShellAndOr) -> Bool {
        lhs.first == rhs.first && lhs.rest.count == rhs.rest.count
            && zip(lhs.rest, rhs.rest).allSatisfy { $0.connector == $1.connector && $0.pipeline == $1.pipeline }
    }
    func hash(into hasher: inout Hasher) {
        hasher.combine(first)
        for link in rest { hasher.combine(link.connector); hasher.combine(link.pipeline) }
    }
}

/// `[time [-p]] [!] cmd | cmd |& cmd`.
struct ShellPipeline: Sendable, Hashable {
    var timed = false
    var timedPosix = false
    var negated = false
    /// Joined by `|` (`|&` is parsed as `2>&1 |`, as bash reads it).
    var commands: [ShellCommandNode]
}

/// One command of a pipeline.
indirect enum ShellCommandNode: Sendable, Hashable {
    case simple(ShellSimpleCommand)
    case subshell(ShellList, [ShellRedirection])
    case group(ShellList, [ShellRedirection])
    case ifClause(ShellIf, [ShellRedirection])
    case loop(ShellLoop, [ShellRedirection])
    case forLoop(ShellFor, [ShellRedirection])
    case caseClause(ShellCase, [ShellRedirection])
}

struct ShellIf: Sendable, Hashable {
    /// `if C1; then B1; elif C2; then B2; …`
    var branches: [(condition: ShellList, body: ShellList)]
    var elseBody: ShellList?

    static func == (lhs: ShellIf, rhs: ShellIf) -> Bool {
        lhs.elseBody == rhs.elseBody && lhs.branches.count == rhs.branches.count
            && zip(lhs.branches, rhs.branches).allSatisfy { $0.condition == $1.condition && $0.body == $1.body }
    }
    func hash(into hasher: inout Hasher) {
        hasher.combine(elseBody)
        for branch in branches { hasher.combine(branch.condition); hasher.combine(branch.body) }
    }
}

/// `while C; do B; done` or `until C; do B; done`.
struct ShellLoop: Sendable, Hashable {
    var until: Bool
    var condition: ShellList
    var body: ShellList
}

/// `for NAME [in WORDS]; do B; done`.
struct ShellFor: Sendable, Hashable {
    var name: String
    /// nil: no `in` (iterates over "$@").
    var words: [ShellWord]?
    var body: ShellList
}

/// `case WORD in P1|P2) LIST ;; … esac`.
struct ShellCase: Sendable, Hashable {
    struct Item: Sendable, Hashable {
        var patterns: [ShellWord]
        var body: ShellList
        /// `;;`, `;&` or `;;&`.
        var terminator: String
    }
    var word: ShellWord
    var items: [Item]
}

/// `NAME=value` or `NAME+=value` before a command (or alone).
struct ShellAssignment: Sendable, Hashable {
    var name: String
    var append: Bool
    var value: ShellWord
}

struct ShellSimpleCommand: Sendable, Hashable {
    var assignments: [ShellAssignment] = []
    var words: [ShellWord] = []
    var redirections: [ShellRedirection] = []
}

/// A redirection: `[fd]op target`, or a here-document.
struct ShellRedirection: Sendable, Hashable {
    enum Operator: String, Sendable, Hashable, CaseIterable {
        case input = "<", output = ">", append = ">>", clobber = ">|", readWrite = "<>"
        case duplicateInput = "<&", duplicateOutput = ">&", outputBoth = "&>", appendBoth = "&>>"
        case hereString = "<<<"
        case hereDocument = "<<"
    }
    var descriptor: Int?
    var op: Operator
    /// The target word; for a here-document, its body (see `hereDocumentLiteral`).
    var target: ShellWord
    /// A here-document whose delimiter was quoted: its body is literal text (no expansions).
    var hereDocumentLiteral = false
    /// While parsing: which pending body belongs here (nil once filled in).
    var hereDocumentID: Int? = nil

    /// Opens the target for writing (`>&2` only duplicates a descriptor).
    var writes: Bool {
        switch op {
        case .output, .append, .clobber, .readWrite, .outputBoth, .appendBoth: return true
        case .duplicateOutput: return !isDescriptorDuplication
        default: return false
        }
    }
    /// Opens the target for reading.
    var reads: Bool {
        switch op {
        case .input, .readWrite: return true
        case .duplicateInput: return !isDescriptorDuplication
        default: return false
        }
    }
    var isDescriptorDuplication: Bool {
        guard let text = target.literalValue else { return false }
        return text == "-" || (!text.isEmpty && text.utf8.allSatisfy { $0 >= 48 && $0 <= 57 })
    }
}

/// A word: pieces the shell concatenates after expanding them.
struct ShellWord: Sendable, Hashable {
    var parts: [ShellWordPart]

    init(_ parts: [ShellWordPart]) { self.parts = parts }
    static func literal(_ text: String) -> ShellWord { ShellWord([.literal(text)]) }

    /// The exact text the program receives, when nothing in it is expanded at run time.
    var literalValue: String? {
        var text = ""
        for part in parts {
            guard case .literal(let piece) = part else { return nil }
            text += piece
        }
        return text
    }

    /// The literal text before the first part that is only known at run time.
    var literalPrefix: String {
        var text = ""
        for part in parts {
            guard case .literal(let piece) = part else { break }
            text += piece
        }
        return text
    }

    /// Substitutions anywhere in the word (to judge them as commands).
    var substitutions: [ShellList] {
        parts.flatMap { part -> [ShellList] in
            switch part {
            case .commandSubstitution(let list, _), .processSubstitution(_, let list): return [list]
            default: return []
            }
        }
    }
}

/// One piece of a word. Literal text has its quotes already removed; the renderer re-quotes it.
enum ShellWordPart: Sendable, Hashable {
    /// Text taken as it is (from quotes, escapes, or plain characters).
    case literal(String)
    /// `$name`, `${name}`, `$1`, `$?`, `$@` …; `quoted` when inside double quotes (no splitting, no globbing).
    case parameter(String, quoted: Bool)
    /// `$(list)` or backticks.
    case commandSubstitution(ShellList, quoted: Bool)
    /// `$(( expression ))`, with only numbers and operators (names could hide `a[$(…)]`).
    case arithmetic(String, quoted: Bool)
    /// `<(list)` (true) or `>(list)` (false).
    case processSubstitution(input: Bool, ShellList)
    /// An unquoted `*`, `?`, `[` or `]`: pathname expansion.
    case glob(Character)
    /// A leading unquoted `~` or `~user`.
    case tilde(String)
}
