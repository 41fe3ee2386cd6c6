/// Policy v3 specs: shells and the programs that start one (`su`, `runuser`, `script`). Code given
/// as an argument is an `InnerCommand.script` the judge parses, checks and re-renders; code in a file
/// or read from input cannot be checked and is denied.
enum ShellSpecs {
    typealias O = OptionSpec

    static let shellOptions: [OptionSpec] = O.list([
        OptionSpec(["--rcfile", "--init-file"], .required, .runsFile),
        .runs("-i", because: "starts an interactive shell that reads commands from its input"),
        .runs("-s", because: "reads commands from its input"),
        .value("-o"), .value("-O"),
    ], O.letters("abcCeEfhHklmnpPrtuvxBT"), O.longFlags("norc", "noprofile", "login", "posix", "restricted",
        "verbose", "noediting", "help", "version", "pretty-print"))

    static let suOptions: [OptionSpec] = [
        .value("-c", "--command"), .value("--session-command"), .value("-g", "--group"), .value("-G", "--supp-group"),
        .value("-s", "--shell"), .value("-w", "--whitelist-environment"),
        .flag("-l", "--login"), .flag("-m", "-p", "--preserve-environment"), .flag("-f", "--fast"), .flag("-P", "--pty"),
        .flag("-h", "--help"), .flag("-V", "--version"),
    ]

    static let all: [ProgramSpec] = [
        ProgramSpec("sh", style: .gnuStopAtOperand, options: shellOptions, refine: SpecRefinements.shell),
        ProgramSpec("bash", style: .gnuStopAtOperand, options: shellOptions, refine: SpecRefinements.shell),
        ProgramSpec("dash", style: .gnuStopAtOperand, options: shellOptions, refine: SpecRefinements.shell),
        // util-linux su and runuser permute (`su - root -c CMD`); `runuser -u U -- CMD` needs its `--`.
        ProgramSpec("su", options: suOptions, refine: SpecRefinements.su(runuser: false)),
        ProgramSpec("runuser", options: O.list([.value("-u", "--user")], suOptions),
                    refine: SpecRefinements.su(runuser: true)),
        ProgramSpec("script", options: O.list([
            .value("-c", "--command"), .writes("-I", "--log-in"), .writes("-O", "--log-out"), .writes("-B", "--log-io"),
            .writes("-T", "--log-timing"), .writes("-t", "--timing", argument: .optional), .value("-E", "--echo"),
            .value("-m", "--logging-format"), .value("-o", "--output-limit"),
        ], O.letters("aefqhV"), O.longFlags("append", "return", "flush", "force", "quiet", "help", "version")),
                    refine: SpecRefinements.script),
    ]
}

extension SpecRefinements {
    /// Shells that may run code are the standard ones; `su -s /tmp/x` would run any program.
    static let standardShells: Set<String> = ["/bin/sh", "/bin/bash", "/bin/dash", "/usr/bin/sh", "/usr/bin/bash",
                                              "/usr/bin/dash", "sh", "bash", "dash"]

    /// `sh -c CODE [NAME ARGS…]`, `sh FILE`, `sh` (reads input).
    static let shell: SpecRefinement = { parsed, judgement in
        let program = judgement.normalized.program
        if let plus = parsed.operands.first?.literal, plus.hasPrefix("+") {
            judgement.effect = judgement.effect.joined(.deny("`\(program) \(OptionParserClip.clip(plus))`: `+` options are not read here"))
            return
        }
        if !options(parsed, named: "-c").isEmpty {
            guard !parsed.operands.isEmpty else {
                judgement.effect = judgement.effect.joined(.ask("`\(program) -c` needs code; the shell would refuse it"))
                return
            }
            judgement.inner.append(.script(argumentIndex: parsed.operandIndices[0]))
        } else if let file = parsed.operands.first {
            judgement.paths.append(PathUse(path: file, access: .execute, by: "`\(program)`"))
            judgement.effect = judgement.effect.joined(.deny("`\(program) \(OptionParserClip.clip(file.display))` runs a script file, which cannot be checked"))
        } else {
            judgement.effect = judgement.effect.joined(.deny("`\(program)` without `-c` reads its commands from input, which cannot be checked"))
        }
    }

    /// `su [-] [USER] -c CODE`, `runuser -u USER -- CMD…`.
    static func su(runuser: Bool) -> SpecRefinement {
        { parsed, judgement in
            let program = judgement.normalized.program
            if let shell = options(parsed, named: "-s").last?.value {
                guard let text = shell.literal, standardShells.contains(text) else {
                    judgement.effect = judgement.effect.joined(.deny("`\(program) -s \(OptionParserClip.clip(shell.display))` runs that program as the shell"))
                    return
                }
            }
            if runuser, !options(parsed, named: "-u").isEmpty {
                guard !parsed.operands.isEmpty else {
                    judgement.effect = judgement.effect.joined(.deny("`runuser -u` without a command starts a shell that reads its input"))
                    return
                }
                return innerCommand(parsed, from: 0, into: &judgement)
            }
            var operands = parsed.operands[...]
            if operands.first == .literal("-") { operands = operands.dropFirst() }
            if let user = operands.first, user.literal == nil {
                judgement.effect = judgement.effect.joined(.deny("`\(program)` user `\(OptionParserClip.clip(user.display))` is only known at run time"))
            }
            operands = operands.dropFirst()
            let code = options(parsed, named: "-c").last ?? options(parsed, named: "--session-command").last
            guard let code else {
                judgement.effect = judgement.effect.joined(.deny("`\(program)` without `-c` starts a shell that reads its commands from input"))
                return
            }
            guard operands.isEmpty else {
                judgement.effect = judgement.effect.joined(.deny("`\(program)` passes extra arguments to the shell, which may read them as a script file"))
                return
            }
            guard let index = code.valueIndex else {
                judgement.effect = judgement.effect.joined(.deny("`\(program) \(code.written)` code attached to its option cannot be checked in place; pass it as its own argument"))
                return
            }
            judgement.inner.append(.script(argumentIndex: index))
        }
    }

    /// util-linux `script [-c CODE] [FILE]`: writes FILE (default `typescript`); without `-c` it runs
    /// an interactive shell reading its input.
    static let script: SpecRefinement = { parsed, judgement in
        let output = parsed.operands.first ?? .literal("typescript")
        let append = !options(parsed, named: "-a").isEmpty
        judgement.paths.append(PathUse(path: output, access: .write(truncates: !append), by: "`script`"))
        judgement.effect = judgement.effect.joined(.change("`script` records a session into a file"))
        guard let code = options(parsed, named: "-c").last else {
            judgement.effect = judgement.effect.joined(.deny("`script` without `-c` starts a shell that reads its commands from input"))
            return
        }
        guard let index = code.valueIndex else {
            judgement.effect = judgement.effect.joined(.deny("`script \(code.written)` code attached to its option cannot be checked in place; pass it as its own argument"))
            return
        }
        judgement.inner.append(.script(argumentIndex: index))
    }
}
