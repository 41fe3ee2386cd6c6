/// Decides whether a command line may run on a host (policy v3): **parse → judge → re-emit**.
///
/// The line is parsed as bash reads it (`ShellTreeParser`), every command that could run is judged —
/// programs by their declarative spec (`ProgramCatalog`), shell state by `ShellBuiltins` and
/// `EnvironmentRules`, files by `PathRules` — and the node is sent `PolicyVerdict.canonical`, the
/// re-rendered tree (`ShellRendering`), never the original text. A construct the tree cannot hold is
/// denied, so a disagreement between this parser and bash cannot change what runs.
///
/// Modes: `read-only` allows `.read` only; `guarded` allows `.read` and `.change`, asks for `.ask`;
/// `unrestricted` allows everything and sends the text as written. The line takes its strictest part.
public enum CommandPolicy {
    /// Longer command lines are refused rather than parsed (nothing longer is sent anyway: 32 KiB).
    public static let maximumLength = 65_536

    /// Builds what the first verdict would otherwise build (the compiled program catalog, the
    /// secret and writable-place tables): tens of milliseconds, once. A server calls it at start
    /// so no client's first call pays for it. Safe to call from any thread, any number of times.
    public static func prepare() {
        for mode in PolicyMode.allCases {
            _ = evaluate("ls -l /tmp | grep -c x > /tmp/x; cat /etc/hostname; qm list; export LANG=C", mode: mode)
        }
    }

    /// The verdict for `command` under `mode` and the host's `rules`. Pure: nothing is run or read.
    public static func evaluate(_ command: String, mode: PolicyMode, rules: PolicyRules = .none) -> PolicyVerdict {
        let suffix = "this host's policy is \(mode.rawValue)"
        var list: ShellList
        do {
            guard command.utf8.count <= maximumLength else {
                throw ShellSyntaxError(message: "the command is longer than \(maximumLength) bytes", offset: maximumLength)
            }
            if let nul = command.utf8.firstIndex(of: 0) {
                // bash and the SSH channel would both cut the text there, so what runs differs from what was checked.
                throw ShellSyntaxError(message: "the command contains a NUL byte",
                                       offset: command.utf8.distance(from: command.utf8.startIndex, to: nul))
            }
            list = try ShellTreeParser.parse(command)
        } catch {
            if mode == .unrestricted { return PolicyVerdict(verdict: .allow, mode: mode, canonical: command) }
            return PolicyVerdict(verdict: .deny, mode: mode, reason: "the command could not be parsed (\(error)), so it cannot be checked; \(suffix)",
                                 finding: .unparsable)
        }
        var judge = PolicyJudge(mode: mode, rules: rules)
        judge.judge(&list)
        guard mode != .unrestricted else { return PolicyVerdict(verdict: .allow, mode: mode, commands: judge.commands, canonical: command) }
        let canonical = ShellRendering.render(list)
        guard let finding = judge.strictest, let verdict = verdict(for: finding.effect.kind, mode: mode) as Verdict?,
              verdict != .allow else {
            return PolicyVerdict(verdict: .allow, mode: mode, commands: judge.commands, canonical: canonical,
                                 containment: judge.needsHost ? Containment.none : nil)
        }
        var final = verdict
        var ending = suffix
        if final == .ask, rules.approval == .deny {
            final = .deny
            ending += " and its approval setting is deny, so nobody is asked"
        } else if final == .ask {
            ending += ", so a person must approve it"
        }
        let segment = finding.segment < judge.commands.count ? judge.commands[finding.segment] : ""
        let reason = "\(finding.effect.reason ?? "not allowed") (segment \(finding.segment + 1): `\(segment)`); \(ending)"
        let kind: PolicyFinding = final == .ask ? .needsApproval
            : finding.effect.kind == .deny ? .unknowable : rules.approval == .deny && verdict == .ask ? .approvalDisabled : .notAllowedInMode
        return PolicyVerdict(verdict: final, mode: mode, reason: reason, commands: judge.commands,
                             canonical: final == .deny ? nil : canonical, finding: kind)
    }

    static func verdict(for kind: EffectClass, mode: PolicyMode) -> Verdict {
        switch (kind, mode) {
        case (_, .unrestricted), (.read, _): return .allow
        case (.change, .guarded): return .allow
        case (.ask, .guarded): return .ask
        default: return .deny
        }
    }
}
