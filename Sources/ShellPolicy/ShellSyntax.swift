/// One shell word after parsing: its value with quotes removed, and what the shell would still do to it.
///
/// The policy only trusts `staticValue`: a word whose final text depends on run-time state
/// (a parameter, a command substitution, a glob or brace pattern) has no static value.
struct ShellWord: Sendable, Hashable {
    /// Quote-removed text; expansions stay as they were written (`$Q`, `$(…)`).
    var value: String
    /// The word exactly as written.
    var raw: String
    /// Contains `$x`, `${…}`, `$(…)`, backticks, `$((…))` or `<(…)`.
    var hasExpansion = false
    /// Contains an unquoted `*`, `?`, `[…]` or `{a,b}` / `{1..3}` pattern.
    var hasPattern = false
    /// Contains `$((…))`, which bash evaluates as arithmetic (and arithmetic can run `a[$(…)]`).
    var hasArithmetic = false
    /// Quoted or escaped text that spells a command substitution (`'$(x)'`, `` '`x`' ``):
    /// harmless by itself, dangerous once re-evaluated by arithmetic.
    var quotesSubstitutionText = false
    /// A bash construct that runs code hidden in a value (`${x@P}`), with the reason; the policy denies it.
    var hiddenCode: String?
    /// Scripts found in `$(…)`, backticks and `<(…)` / `>(…)`, in order.
    var substitutions: [ShellScript] = []

    /// The word's text when it is known before the command runs.
    var staticValue: String? { hasExpansion || hasPattern ? nil : value }

    /// A placeholder for an argument only known at run time (an `xargs` item, `find`'s `{}`).
    static func runtime(_ label: String) -> ShellWord {
        ShellWord(value: label, raw: label, hasExpansion: true)
    }

    /// A word known statically, e.g. one split out of an `ssh` command line.
    static func literal(_ text: String) -> ShellWord {
        ShellWord(value: text, raw: text)
    }

    /// Text for explanations: the static value, else the source.
    var display: String { staticValue ?? raw }
}

/// A redirection such as `2>/dev/null`, `>| file`, `<<EOF`.
struct ShellRedirection: Sendable, Hashable {
    /// The operator without the descriptor: `>`, `>>`, `>|`, `<`, `<>`, `&>`, `&>>`, `>&`, `<&`, `<<`, `<<-`, `<<<`.
    var op: String
    /// A leading descriptor (`2` in `2>`), or `{name}`.
    var descriptor: String?
    /// The target word (for here-docs: the delimiter; bodies are kept in `ShellScript.hereDocumentBodies`).
    var target: ShellWord

    /// Opens the target for writing (`>&2` and `2>&1` only duplicate a descriptor).
    var writes: Bool {
        switch op {
        case ">", ">|", "&>", ">>", "&>>", "<>": return true
        case ">&": return !isDescriptorDuplication
        default: return false
        }
    }

    /// Truncates the target (`>>` and `&>>` append).
    var truncates: Bool { writes && op != ">>" && op != "&>>" && op != "<>" }

    private var isDescriptorDuplication: Bool {
        guard let target = target.staticValue else { return false }
        return target == "-" || (!target.isEmpty && target.allSatisfy(\.isNumber))
    }

    /// `2>/dev/null` style text for explanations.
    var display: String {
        op == ">&" || op == "<&" ? "\(descriptor ?? "")\(op)\(target.display)" : "\(descriptor ?? "")\(op) \(target.display)"
    }
}

/// One simple command (or the bits of a compound command that still need checking).
struct ShellCommand: Sendable, Hashable {
    /// Leading `NAME=value` words.
    var assignments: [ShellWord] = []
    /// Verb and arguments.
    var words: [ShellWord] = []
    var redirections: [ShellRedirection] = []
    /// Words that are expanded but not run (`for x in WORDS`, `case WORD`, `[[ … ]]`, `(( … ))`):
    /// only their substitutions are checked.
    var expandedOnly: [ShellWord] = []

    var isEmpty: Bool { assignments.isEmpty && words.isEmpty && redirections.isEmpty && expandedOnly.isEmpty }

    /// Every word the shell will expand, for finding nested substitutions.
    var allWords: [ShellWord] {
        assignments + words + expandedOnly + redirections.map(\.target)
    }
}

/// A parsed command line: its simple commands in source order, flattened out of
/// pipelines, lists and compound commands (every one of them could run).
struct ShellScript: Sendable, Hashable {
    var commands: [ShellCommand] = []
    /// Names given to shell functions (`f() { …; }`, `function f { …; }`).
    var functionNames: Set<String> = []
    /// For each function defined, the command names its body runs (to spot recursion: `:(){ :|:& };:`).
    var functionCalls: [String: Set<String>] = [:]
    /// Uses an arithmetic context (`(( ))`, `$(( ))`, `[[ ]]`, `let`, `declare -i`, `${a[i]}`).
    var usesArithmetic = false
    /// Bodies of every here-document, in order (expanded ones can hold substitutions).
    var hereDocumentBodies: [ShellWord] = []
}

/// Why a command line could not be parsed.
struct ShellSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    var message: String
    /// Offset (in Unicode scalars) into the parsed text.
    var offset: Int
    var description: String { "\(message) at character \(offset + 1)" }
}
