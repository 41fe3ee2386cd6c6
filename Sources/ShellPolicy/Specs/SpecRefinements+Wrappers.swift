/// Refinements for wrappers: where the inner command starts and what it receives.
extension SpecRefinements {
    /// Environment names a wrapper may set without asking (locale, time zone, terminal geometry).
    static let harmlessEnvironmentNames: Set<Substring> = ["LANG", "LANGUAGE", "TZ", "COLUMNS", "LINES", "TERM", "NO_COLOR", "LC_ALL"]

    static func isHarmlessEnvironmentName(_ name: Substring) -> Bool {
        harmlessEnvironmentNames.contains(name)
            || (name.hasPrefix("LC_") && name.dropFirst(3).allSatisfy { $0.isUppercase || $0 == "_" })
    }

    /// `NAME=value` words before the command (`env A=1 cmd`, `sudo A=1 cmd`): reported for the judge,
    /// and anything but a harmless locale-style name asks (`LD_PRELOAD=`, `PATH=`, `BASH_ENV=`).
    static func splitAssignments(_ parsed: ParsedArguments, program: String, into judgement: inout ProgramJudgement) -> Int {
        var start = 0
        for operand in parsed.operands {
            guard let text = operand.literal, let equals = text.firstIndex(of: "="), equals != text.startIndex else { break }
            let name = text[..<equals]
            guard name.allSatisfy({ $0 == "_" || $0.isLetter || $0.isNumber }) else { break }
            judgement.environment.append(operand)
            if !isHarmlessEnvironmentName(name) {
                judgement.effect = judgement.effect.joined(.ask("`\(program) \(OptionParserClip.clip(String(name)))=…` sets an environment variable the command may obey"))
            }
            start += 1
        }
        return start
    }

    static func innerCommand(_ parsed: ParsedArguments, from start: Int, into judgement: inout ProgramJudgement) {
        guard start < parsed.operands.count else { return }
        judgement.inner.append(.argv(Array(parsed.operands[start...])))
    }

    static let assignmentsThenCommand: SpecRefinement = { parsed, judgement in
        let start = splitAssignments(parsed, program: judgement.normalized.program, into: &judgement)
        innerCommand(parsed, from: start, into: &judgement)
    }

    static let sudo: SpecRefinement = { parsed, judgement in
        let start = splitAssignments(parsed, program: "sudo", into: &judgement)
        let shell = !options(parsed, named: "-i").isEmpty || !options(parsed, named: "-s").isEmpty
        if start >= parsed.operands.count {
            if shell { judgement.effect = judgement.effect.joined(.deny("`sudo -i`/`-s` without a command starts a shell that reads its commands from input")) }
            return
        }
        if !options(parsed, named: "-e").isEmpty {
            for file in parsed.operands[start...] { judgement.paths.append(PathUse(path: file, access: .write(truncates: true), by: "`sudo -e`")) }
            return
        }
        innerCommand(parsed, from: start, into: &judgement)
    }

    /// `ionice -p PID…`: the operands are processes, not a command.
    static func commandUnless(_ names: [String]) -> SpecRefinement {
        { parsed, judgement in
            if names.contains(where: { !options(parsed, named: $0).isEmpty }) { return }
            innerCommand(parsed, from: 0, into: &judgement)
        }
    }

    /// `taskset MASK CMD…` or `taskset -p [MASK] PID`.
    static let taskset: SpecRefinement = { parsed, judgement in
        if !options(parsed, named: "-p").isEmpty { return }
        innerCommand(parsed, from: 1, into: &judgement)
    }

    /// `chrt [POLICY] PRIORITY CMD…`, `chrt -p [PRIORITY] PID`, `chrt -m`.
    static let chrt: SpecRefinement = { parsed, judgement in
        if !options(parsed, named: "-p").isEmpty || !options(parsed, named: "-m").isEmpty { return }
        innerCommand(parsed, from: 1, into: &judgement)
    }

    /// `flock FILE CMD…`, `flock FILE -c CODE` (flock reads `-c` after FILE itself), `flock FD`:
    /// the lock file is created if missing.
    static let flock: SpecRefinement = { parsed, judgement in
        guard let lock = parsed.operands.first else { return }
        if !(lock.literal?.allSatisfy(\.isNumber) ?? false) {
            judgement.paths.append(PathUse(path: lock, access: .write(truncates: false), by: "`flock`"))
        }
        let operands = parsed.operands
        if operands.count > 1, operands[1] == .literal("-c") || operands[1] == .literal("--command") {
            guard operands.count == 3 else {
                judgement.effect = judgement.effect.joined(.ask("`flock FILE -c` takes exactly one command string"))
                return
            }
            judgement.inner.append(.script(argumentIndex: parsed.operandIndices[2]))
            return
        }
        if let code = options(parsed, named: "-c").last {
            guard let index = code.valueIndex else {
                judgement.effect = judgement.effect.joined(.deny("`flock \(code.written)` code attached to its option cannot be checked in place; pass it as its own argument"))
                return
            }
            judgement.inner.append(.script(argumentIndex: index))
            return
        }
        innerCommand(parsed, from: 1, into: &judgement)
    }

    /// `xargs CMD…`: CMD gets items read from input — appended, or (with `-I`/`-i`) replacing the
    /// replace-string anywhere inside its arguments.
    static let xargs: SpecRefinement = { parsed, judgement in
        var command = parsed.operands.isEmpty ? [ArgumentValue.literal("echo")] : parsed.operands
        let replace = options(parsed, named: "-I").last.map { $0.value?.literal ?? "" }
            ?? options(parsed, named: "-i").last.map { $0.value?.literal ?? "{}" }
        if let replace {
            command = command.map { word in
                guard let text = word.literal else { return word }
                return !replace.isEmpty && TextSearch.contains(text, replace) ? .unknown(text) : word
            }
            if replace.isEmpty { judgement.effect = judgement.effect.joined(.deny("`xargs -I` with a replace-string only known at run time")) }
        } else {
            command.append(.unknown("an item xargs reads from its input"))
        }
        judgement.inner.append(.argv(command))
    }

    /// procps `watch CMD`: one operand is shell code; several are joined into shell code (unless `-x`).
    static let watch: SpecRefinement = { parsed, judgement in
        guard !parsed.operands.isEmpty else { return }
        if !options(parsed, named: "-x").isEmpty { return innerCommand(parsed, from: 0, into: &judgement) }
        if parsed.operands.count == 1 {
            judgement.inner.append(.script(argumentIndex: parsed.operandIndices[0]))
        } else {
            judgement.effect = judgement.effect.joined(.deny("`watch` joins its arguments into shell code; quote the command as one argument or use `watch -x`"))
        }
    }

    static let chroot: SpecRefinement = { parsed, judgement in
        judgement.changesDirectory = true
        if parsed.operands.count == 1 {
            judgement.effect = judgement.effect.joined(.deny("`chroot DIR` without a command starts a shell that reads its commands from input"))
        }
    }

    /// `unshare`/`nsenter` without a command start `$SHELL`, which reads its commands from input.
    static func namespaceShell(unshare: Bool) -> SpecRefinement {
        { parsed, judgement in
            if !unshare { judgement.changesDirectory = true }
            guard !parsed.operands.isEmpty else {
                judgement.effect = judgement.effect.joined(.deny("`\(unshare ? "unshare" : "nsenter")` without a command starts a shell that reads its commands from input"))
                return
            }
            innerCommand(parsed, from: 0, into: &judgement)
        }
    }
}
