/// Decides whether a command line may run on a host, by parsing it as bash would and judging
/// every simple command that could run against the host's `PolicyMode` and `PolicyRules`.
///
/// - `guarded`: a simple command is **allowed** only when it is on a curated list of known-safe
///   programs, subcommands and options (`GuardedAllowList`) or a host `allow:` rule; it is **denied**
///   when what would run cannot be known before it runs (`$VERB`, `eval`, `… | sh`, inline code,
///   script files, hidden-code bash constructs, unparsable input) or a host `deny:` rule matches;
///   everything else is **ask**: statically known, but destructive or not known to be safe.
/// - `read-only`: allow or deny only (never ask).
/// - `unrestricted`: allows everything (the commands are still listed).
///
/// The line takes the strictest verdict of its parts; the reason names the first such part.
public enum CommandPolicy {
    /// Longer command lines are refused rather than parsed (they are not typed by people).
    public static let maximumLength = 100_000

    /// The verdict for `command` under `mode` and the host's `rules`. Pure: nothing is run or read.
    public static func evaluate(_ command: String, mode: PolicyMode, rules: PolicyRules = .none) -> PolicyVerdict {
        var verdict = legacyEvaluate(command, mode: mode, rules: rules)
        if verdict.verdict != .deny { verdict.canonical = command }
        return verdict
    }

    static func legacyEvaluate(_ command: String, mode: PolicyMode, rules: PolicyRules) -> PolicyVerdict {
        let script: ShellScript
        do {
            guard command.unicodeScalars.count <= maximumLength else {
                throw ShellSyntaxError(message: "the command is longer than \(maximumLength) characters", offset: maximumLength)
            }
            if let nul = command.unicodeScalars.firstIndex(of: "\0") {
                // bash and the SSH channel would both cut the text there, so what runs differs from what was checked.
                throw ShellSyntaxError(message: "the command contains a NUL character",
                                       offset: command.unicodeScalars.distance(from: command.unicodeScalars.startIndex, to: nul))
            }
            script = try ShellParser.parse(command)
        } catch {
            if mode == .unrestricted { return PolicyVerdict(verdict: .allow, mode: mode) }
            return PolicyVerdict(verdict: .deny, mode: mode,
                                 reason: "the command could not be parsed (\(error)), so it cannot be checked; this host's policy is \(mode.rawValue)")
        }
        var collector = LeafCollector()
        collector.collect(script)
        let commands = collector.leaves.map(\.text)
        guard mode != .unrestricted else { return PolicyVerdict(verdict: .allow, mode: mode, commands: commands) }

        let evaluation = PolicyEvaluation(mode: mode, rules: rules, collector: collector)
        var strictest: (finding: PolicyFinding, index: Int)?
        for (index, leaf) in collector.leaves.enumerated() {
            guard let finding = evaluation.finding(for: leaf) else { continue }
            if strictest == nil || finding.verdict > strictest!.finding.verdict { strictest = (finding, index) }
            if finding.verdict == .deny { break }
        }
        if strictest?.finding.verdict != .deny, collector.usesArithmetic, let index = collector.quotedSubstitutionTextAt,
           index < collector.leaves.count {
            let message = "quoted `$(…)` text combined with arithmetic evaluation (`(( ))`, `[[ ]]`, `let`, `${!x}`) can run it"
            strictest = (PolicyFinding(.deny, message), index)
        }
        guard let (found, index) = strictest else { return PolicyVerdict(verdict: .allow, mode: mode, commands: commands) }
        var finding = found
        var suffix = "this host's policy is \(mode.rawValue)"
        if finding.verdict == .ask, rules.approval == .deny {
            finding.verdict = .deny
            suffix += " and its approval setting is deny, so nobody is asked"
        } else if finding.verdict == .ask {
            suffix += ", so a person must approve it"
        }
        let leaf = collector.leaves[index]
        return PolicyVerdict(verdict: finding.verdict, mode: mode,
                             reason: "\(finding.message) (segment \(index + 1): `\(leaf.text)`); \(suffix)", commands: commands)
    }
}

/// What the policy found about one simple command.
struct PolicyFinding: Sendable, Hashable {
    var verdict: Verdict
    var message: String

    init(_ verdict: Verdict, _ message: String) {
        self.verdict = verdict
        self.message = message
    }
}

/// The per-leaf checks for guarded and read-only mode.
struct PolicyEvaluation {
    let mode: PolicyMode
    let rules: PolicyRules
    let collector: LeafCollector
    /// Basenames of files this command line writes (for "write a script, then run it").
    let writtenNames: Set<String>
    let writesUnknownPath: Bool

    init(mode: PolicyMode, rules: PolicyRules = .none, collector: LeafCollector) {
        self.mode = mode
        self.rules = rules
        self.collector = collector
        let targets = collector.leaves.flatMap { $0.writes.map(\.word) }
        writtenNames = Set(targets.compactMap { $0.staticValue.map(Self.basename) })
        writesUnknownPath = targets.contains { $0.staticValue == nil }
    }

    /// nil when the leaf may run; otherwise ask or deny with the reason.
    func finding(for leaf: PolicyLeaf) -> PolicyFinding? {
        if let problem = leaf.problems.first { return PolicyFinding(.deny, problem) }
        var strictest: PolicyFinding?
        for write in leaf.writes {
            guard let finding = writeFinding(write.word, truncates: write.truncates, by: write.by) else { continue }
            if finding.verdict == .deny { return finding }
            strictest = strictest ?? finding
        }
        if let (word, interpreter) = leaf.runsFile {
            if let message = executedFileDenial(word, by: interpreter) { return PolicyFinding(.deny, message) }
            let shown = word.staticValue ?? word.raw
            return PolicyFinding(.deny, "`\(interpreter)` runs the script file `\(shown)`, whose contents the policy cannot check")
        }
        guard let invocation = leaf.invocation else { return strictest }
        if invocation.path.contains("/") {
            if let message = executedFileDenial(.literal(invocation.path), by: invocation.verb) { return PolicyFinding(.deny, message) }
            if !Self.isSystemProgram(invocation.path) {
                return PolicyFinding(.deny, "`\(invocation.path)` runs a file outside the system's program directories, whose contents the policy cannot check")
            }
        }
        if collector.functionNames.contains(invocation.verb) {
            if collector.isRecursive(invocation.verb) {
                return PolicyFinding(mode == .readOnly ? .deny : .ask,
                                     "the function `\(invocation.verb)` calls itself, which can exhaust the host (a fork bomb)")
            }
            return strictest  // its body was checked where defined
        }
        if let message = HiddenCodeRules.denial(invocation) ?? ExecutionRules.denial(invocation) {
            return PolicyFinding(.deny, message)
        }
        if let rule = rules.deny.first(where: { $0.matches(invocation) }) {
            return PolicyFinding(.deny, "this host's `deny:` rule `\(rule)` matches")
        }
        switch mode {
        case .readOnly:
            if let message = ReadOnlyRules.denial(invocation) ?? GuardedRules.denial(invocation) {
                return PolicyFinding(.deny, message)
            }
            return strictest.map { PolicyFinding(.deny, $0.message) }
        case .guarded:
            let knownStatically = invocation.arguments.allSatisfy { $0.staticValue != nil }
            if knownStatically, rules.allow.contains(where: { $0.matches(invocation) }) { return strictest }
            if let message = GuardedRules.denial(invocation) {
                // A subcommand or target that is only known at run time cannot be shown to a person either.
                return message.contains("only known at run time") ? PolicyFinding(.deny, message) : ask(message, invocation)
            }
            if let strictest { return strictest }
            if let message = GuardedAllowList.notSafe(invocation, changesDirectory: collector.changesDirectory) {
                return ask(message, invocation)
            }
            return nil
        case .unrestricted:
            return nil
        }
    }

    /// Ask a person, unless an argument is only known at run time (`rm $F`, `xargs rm`, `find -exec rm {}`):
    /// then nobody can see what they would approve, and it is denied.
    private func ask(_ message: String, _ invocation: Invocation) -> PolicyFinding {
        guard let dynamic = invocation.arguments.first(where: { $0.staticValue == nil }) else { return PolicyFinding(.ask, message) }
        return PolicyFinding(.deny, "\(message), and its argument `\(dynamic.raw)` is only known at run time, so nobody can see what they would approve")
    }

    private func writeFinding(_ word: ShellWord, truncates: Bool, by operation: String) -> PolicyFinding? {
        guard let path = word.staticValue else {
            return PolicyFinding(.deny, "`\(operation)` writes to `\(word.raw)`, a path only known at run time")
        }
        let target = WritePaths.classify(path, relativeIsUnknown: collector.changesDirectory, appending: !truncates)
        if mode == .readOnly {
            if target == .sink, path != "/dev/zero", path != "/dev/full", path != "/dev/kmsg" { return nil }
            return PolicyFinding(.deny, "`\(operation) \(path)` writes a file; read-only mode allows output only to /dev/null")
        }
        switch target {
        case .sink: return nil
        case .ordinary:
            if !truncates, let what = WritePaths.systemArea(path) {
                return PolicyFinding(.ask, "`\(operation) \(path)` appends to \(what)")
            }
            return nil
        case .protected(let what): return PolicyFinding(.ask, "`\(operation) \(path)` would overwrite \(what)")
        case .unknown(let why): return PolicyFinding(.deny, "`\(operation)` writes where the policy cannot tell: \(why)")
        }
    }

    /// "Write a script, then run it": the contents were made by this same command line and were never checked.
    private func executedFileDenial(_ word: ShellWord, by runner: String) -> String? {
        guard let path = word.staticValue else { return "`\(runner)` runs `\(word.raw)`, a file only known at run time" }
        if writesUnknownPath || writtenNames.contains(Self.basename(path)) {
            return "`\(runner)` runs `\(path)`, which this command line writes first, so what runs cannot be checked"
        }
        return nil
    }

    /// Programs installed by packages, as opposed to scripts someone put somewhere (`/tmp/x.sh`, `./x`).
    static func isSystemProgram(_ path: String) -> Bool {
        guard let normalized = WritePaths.normalize(path) else { return false }
        let directories = ["/bin/", "/sbin/", "/usr/bin/", "/usr/sbin/", "/usr/lib/", "/usr/libexec/", "/lib/"]
        return directories.contains { normalized.hasPrefix($0) } && !path.contains("..")
    }

    static func basename(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
