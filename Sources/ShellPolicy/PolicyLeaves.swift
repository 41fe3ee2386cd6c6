/// One command the policy judges (a "segment"), in source order: a program with its
/// arguments, plus what the shell does around it (writes, assignments, fail-closed findings).
struct PolicyLeaf {
    var text: String
    var invocation: Invocation?
    /// Reasons found while normalizing (unknowable verbs, dangerous assignments); any one denies.
    var problems: [String] = []
    var writes: [(word: ShellWord, truncates: Bool, by: String)] = []
    /// A script file an interpreter runs.
    var runsFile: (word: ShellWord, by: String)?

    var isEmpty: Bool { invocation == nil && problems.isEmpty && writes.isEmpty && runsFile == nil }
}

/// Flattens a parsed script, its substitutions and the code its wrappers run, into leaves,
/// and records the script-wide facts some checks need.
struct LeafCollector {
    var leaves: [PolicyLeaf] = []
    var functionNames: Set<String> = []
    var functionCalls: [String: Set<String>] = [:]

    /// A function that can reach itself through the functions it calls (`:(){ :|:& };:` is a fork bomb).
    func isRecursive(_ name: String) -> Bool {
        var seen: Set<String> = []
        var pending = Array(functionCalls[name] ?? [])
        while let next = pending.popLast() {
            if next == name { return true }
            if seen.insert(next).inserted { pending += functionCalls[next] ?? [] }
        }
        return false
    }
    var usesArithmetic = false
    /// First leaf with quoted `$(…)`/backtick text, which arithmetic evaluation would run.
    var quotedSubstitutionTextAt: Int?
    var changesDirectory = false

    /// Environment variables that change which code a command runs.
    static let dangerousVariables: Set<String> = [
        "PATH", "BASH_ENV", "ENV", "PROMPT_COMMAND", "PS4", "SHELLOPTS", "BASHOPTS", "LESSOPEN", "LESSCLOSE", "PAGER",
        "MANPAGER", "SYSTEMD_PAGER", "SYSTEMD_EDITOR", "SYSTEMD_PAGERSECURE", "SYSTEMD_LESS", "GIT_PAGER", "EDITOR", "VISUAL", "SUDO_EDITOR", "GIT_SSH", "GIT_SSH_COMMAND",
        "GIT_EXTERNAL_DIFF", "PYTHONSTARTUP", "PYTHONPATH", "PERL5LIB", "PERL5OPT", "PERLLIB", "RUBYOPT", "RUBYLIB",
        "NODE_OPTIONS", "BROWSER", "GCONV_PATH", "HOSTALIASES", "SSH_ASKPASS", "SUDO_ASKPASS", "TAR_OPTIONS",
    ]
    private static let declarationVerbs: Set<String> = ["export", "declare", "typeset", "local", "readonly"]

    mutating func collect(_ script: ShellScript) {
        usesArithmetic = usesArithmetic || script.usesArithmetic
        functionNames.formUnion(script.functionNames)
        functionCalls.merge(script.functionCalls) { $0.union($1) }
        for command in script.commands { collect(command) }
        for body in script.hereDocumentBodies {
            if body.quotesSubstitutionText, quotedSubstitutionTextAt == nil { quotedSubstitutionTextAt = max(leaves.count - 1, 0) }
            body.substitutions.forEach { collect($0) }
        }
    }

    private mutating func collect(_ command: ShellCommand) {
        var first = PolicyLeaf(text: "")
        first.writes = command.redirections.filter(\.writes).map { ($0.target, $0.truncates, $0.op) }
        command.assignments.forEach { noteAssignment($0, in: &first) }
        var extra: [PolicyLeaf] = []
        if quotedSubstitutionTextAt == nil, command.allWords.contains(where: \.quotesSubstitutionText) {
            quotedSubstitutionTextAt = leaves.count
        }
        if let hidden = command.allWords.lazy.compactMap(\.hiddenCode).first { first.problems.append(hidden) }
        var scripts: [ShellScript] = []
        for step in CommandNormalizer.steps(for: command.words) {
            switch step {
            case .run(let invocation):
                noteInvocation(invocation, in: &first)
                let writes = WritePaths.targets(of: invocation).map { ($0.word, $0.truncates, invocation.verb) }
                if first.invocation == nil && extra.isEmpty {
                    first.invocation = invocation
                    first.writes += writes
                } else {
                    extra.append(PolicyLeaf(text: invocation.text, invocation: invocation, writes: writes))
                }
            case .script(let script): scripts.append(script)
            case .write(let word, let truncates, let by): first.writes.append((word, truncates, by))
            case .runFile(let word, let by): first.runsFile = (word, by)
            case .assign(let word): noteAssignment(word, in: &first)
            case .unknowable(let reason): first.problems.append(reason)
            }
        }
        let redirections = command.redirections.map(\.display)
        let program = first.invocation.map { [$0.text] } ?? command.words.map(\.display)
        first.text = (command.assignments.map(\.display) + program + redirections).joined(separator: " ")
        let onlyExpanded = command.words.isEmpty && command.assignments.isEmpty && command.redirections.isEmpty
        if !first.isEmpty || (scripts.isEmpty && !onlyExpanded) { leaves.append(first) }
        leaves += extra
        scripts.forEach { collect($0) }
        for word in command.allWords { word.substitutions.forEach { collect($0) } }
    }

    private mutating func noteInvocation(_ invocation: Invocation, in leaf: inout PolicyLeaf) {
        switch invocation.verb {
        case "cd", "pushd", "popd": changesDirectory = true
        case "let": usesArithmetic = true
        case _ where Self.declarationVerbs.contains(invocation.verb):
            if invocation.hasOption(short: ["i"]) { usesArithmetic = true }
            invocation.arguments.filter { $0.value.contains("=") && !$0.value.hasPrefix("-") }.forEach { noteAssignment($0, in: &leaf) }
        default: break
        }
    }

    private mutating func noteAssignment(_ word: ShellWord, in leaf: inout PolicyLeaf) {
        let name = String(word.value.prefix { $0 != "=" && $0 != "+" && $0 != "[" })
        if Self.dangerousVariables.contains(name) || name.hasPrefix("LD_") || name.hasPrefix("BASH_FUNC_") {
            leaf.problems.append("setting `\(name)` changes which code commands run, so they cannot be checked")
        }
    }
}
