/// Decides whether a command line may run on a host, by parsing it as bash would and checking
/// every simple command that could run against the host's `PolicyMode`.
///
/// Guarded and read-only modes fail closed: a command line that cannot be parsed, or whose real
/// command cannot be known before it runs (`$VERB`, `eval`, `sh -c "$X"`, `… | sh`), is refused.
public enum CommandPolicy {
    /// Longer command lines are refused rather than parsed (they are not typed by people).
    static let maximumLength = 100_000

    /// The verdict for `command` under `mode`. Pure: nothing is run or read.
    public static func evaluate(_ command: String, mode: PolicyMode) -> PolicyVerdict {
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
            if mode == .unrestricted { return PolicyVerdict(allowed: true, mode: mode) }
            return PolicyVerdict(allowed: false, mode: mode,
                                 reason: "the command could not be parsed (\(error)), so it cannot be checked; this host's policy is \(mode.rawValue)")
        }
        var collector = LeafCollector()
        collector.collect(script)
        let commands = collector.leaves.map(\.text)
        guard mode != .unrestricted else { return PolicyVerdict(allowed: true, mode: mode, commands: commands) }

        let evaluation = PolicyEvaluation(mode: mode, collector: collector)
        for (index, leaf) in collector.leaves.enumerated() {
            if let message = evaluation.denial(for: leaf) {
                return PolicyVerdict(allowed: false, mode: mode, reason: evaluation.reason(message, segment: index, leaf: leaf),
                                     commands: commands)
            }
        }
        if collector.usesArithmetic, let index = collector.quotedSubstitutionTextAt, index < collector.leaves.count {
            let message = "quoted `$(…)` text combined with arithmetic evaluation (`(( ))`, `[[ ]]`, `let`) can run it"
            return PolicyVerdict(allowed: false, mode: mode,
                                 reason: evaluation.reason(message, segment: index, leaf: collector.leaves[index]), commands: commands)
        }
        return PolicyVerdict(allowed: true, mode: mode, commands: commands)
    }
}

/// The per-leaf checks for guarded and read-only mode.
struct PolicyEvaluation {
    let mode: PolicyMode
    let collector: LeafCollector
    /// Basenames of files this command line writes (for "write a script, then run it").
    let writtenNames: Set<String>
    let writesUnknownPath: Bool

    init(mode: PolicyMode, collector: LeafCollector) {
        self.mode = mode
        self.collector = collector
        let targets = collector.leaves.flatMap { $0.writes.map(\.word) }
        writtenNames = Set(targets.compactMap { $0.staticValue.map(Self.basename) })
        writesUnknownPath = targets.contains { $0.staticValue == nil }
    }

    func reason(_ message: String, segment index: Int, leaf: PolicyLeaf) -> String {
        "\(message) (segment \(index + 1): `\(leaf.text)`); this host's policy is \(mode.rawValue)"
    }

    func denial(for leaf: PolicyLeaf) -> String? {
        if let problem = leaf.problems.first { return problem }
        for write in leaf.writes {
            if let message = writeDenial(write.word, truncates: write.truncates, by: write.by) { return message }
        }
        if let (word, interpreter) = leaf.runsFile {
            if mode == .readOnly { return "`\(interpreter)` runs a script file, which the read-only policy cannot check" }
            if let message = executedFileDenial(word, by: interpreter) { return message }
        }
        guard let invocation = leaf.invocation else { return nil }
        if invocation.path.contains("/"), let message = executedFileDenial(.literal(invocation.path), by: invocation.verb) {
            return message
        }
        switch mode {
        case .readOnly:
            if collector.functionNames.contains(invocation.verb) { return nil }  // its body was checked where defined
            // Guarded's classes still apply to allow-listed verbs with dangerous options (`find -delete`).
            return ReadOnlyRules.denial(invocation) ?? GuardedRules.denial(invocation)
        case .guarded: return GuardedRules.denial(invocation)
        case .unrestricted: return nil
        }
    }

    private func writeDenial(_ word: ShellWord, truncates: Bool, by operation: String) -> String? {
        guard let path = word.staticValue else {
            return "`\(operation)` writes to `\(word.raw)`, a path only known at run time"
        }
        let target = WritePaths.classify(path, relativeIsUnknown: collector.changesDirectory, appending: !truncates)
        if mode == .readOnly {
            if target == .sink, path != "/dev/zero", path != "/dev/full", path != "/dev/kmsg" { return nil }
            return "`\(operation) \(path)` writes a file; read-only mode allows output only to /dev/null"
        }
        switch target {
        case .sink, .ordinary: return nil
        case .protected(let what): return "`\(operation) \(path)` would overwrite \(what)"
        case .unknown(let why): return "`\(operation)` writes where the policy cannot tell: \(why)"
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

    static func basename(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
