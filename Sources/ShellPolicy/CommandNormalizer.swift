/// What one simple command amounts to once its wrappers are peeled off.
enum CommandStep: Sendable, Hashable {
    /// A program that runs (possibly one of several: `find … -exec rm {} \;` yields `find` and `rm`).
    case run(Invocation)
    /// Shell code handed over as a string (`sh -c`, `su -c`, `ssh host …`, `watch`), already parsed.
    case script(ShellScript)
    /// A file a wrapper opens for writing (`time -o F`, `find -fprint F`, `strace -o F`).
    case write(ShellWord, truncates: Bool, by: String)
    /// A script file an interpreter runs (`bash x.sh`, `python3 x.py`).
    case runFile(ShellWord, by: String)
    /// Environment assignments a wrapper makes (`env PATH=… cmd`, `sudo LD_PRELOAD=… cmd`).
    case assign(ShellWord)
    /// The real command cannot be known statically; the reason says why (fail closed).
    case unknowable(String)
}

/// Removes wrappers to find what really runs (`sudo -u root rm …` → `rm …`).
enum CommandNormalizer {
    static let maximumDepth = 16

    static func steps(for words: [ShellWord], depth: Int = 0) -> [CommandStep] {
        guard let first = words.first else { return [] }
        guard depth < maximumDepth else { return [.unknowable("wrappers are nested more than \(maximumDepth) deep")] }
        guard let path = first.staticValue else {
            return [.unknowable("the command name `\(first.raw)` is only known at run time: it contains an expansion or a pattern")]
        }
        let invocation = Invocation(path: path, arguments: Array(words.dropFirst()))
        let args = invocation.arguments
        let inner = { (start: Int) in steps(for: Array(args[min(start, args.count)...]), depth: depth + 1) }

        switch invocation.verb {
        case "sudo":
            let start = OptionScanner.firstOperand(args, withValue: OptionsWithValues(
                short: "ugpChDrtTUR", long: ["user", "group", "prompt", "close-from", "host", "chdir", "role", "type",
                                          "command-timeout", "other-user", "chroot"]))
            return assignmentsThen(args, from: start, verb: "sudo", depth: depth) {
                invocation.hasOption(short: ["i", "s"], long: ["login", "shell"], before: start)
                    ? [.unknowable("`sudo -i`/`-s` without a command starts a shell that reads commands from stdin")] : []
            }
        case "doas":
            let start = OptionScanner.firstOperand(args, withValue: OptionsWithValues(short: "uC"))
            if start == args.count, invocation.hasOption(short: ["s"], before: start) {
                return [.unknowable("`doas -s` starts a shell that reads commands from stdin")]
            }
            return inner(start)
        case "env":
            let start = OptionScanner.firstOperand(args, withValue: OptionsWithValues(
                short: "uCS", long: ["unset", "chdir", "split-string"]))
            if let split = OptionScanner.value(of: "S", long: "split-string", in: args, until: start) {
                return parsed(split, by: "env -S", depth: depth)
            }
            return assignmentsThen(args, from: start, verb: "env", depth: depth) { [] }
        case "command":
            let start = OptionScanner.firstOperand(args, withValue: .none)
            if invocation.hasOption(short: ["v", "V"], before: start) { return [] }  // a lookup, nothing runs
            return inner(start)
        case "builtin", "nohup", "coproc":
            return inner(OptionScanner.firstOperand(args, withValue: .none))
        case "exec":
            return inner(OptionScanner.firstOperand(args, withValue: OptionsWithValues(short: "a")))
        case "nice":
            return inner(OptionScanner.firstOperand(args, withValue: OptionsWithValues(short: "n", long: ["adjustment"])))
        case "ionice":
            let start = OptionScanner.firstOperand(args, withValue: OptionsWithValues(short: "cn", long: ["class", "classdata"]))
            if invocation.hasOption(short: ["p", "P", "u"], long: ["pid", "pgid", "uid"], before: start) { return [.run(invocation)] }
            return inner(start)
        case "setsid", "stdbuf", "pkexec":
            return inner(OptionScanner.firstOperand(args, withValue: OptionsWithValues(
                short: "ioe", long: ["input", "output", "error", "user"])))
        case "time":
            let start = OptionScanner.firstOperand(args, withValue: OptionsWithValues(short: "fo", long: ["format", "output"]))
            let output = OptionScanner.value(of: "o", long: "output", in: args, until: start)
            let append = invocation.hasOption(short: ["a"], long: ["append"], before: start)
            return (output.flatMap { $0 }.map { [CommandStep.write($0, truncates: !append, by: "time -o")] } ?? []) + inner(start)
        case "timeout":
            let start = OptionScanner.firstOperand(args, withValue: OptionsWithValues(short: "sk", long: ["signal", "kill-after"]))
            return inner(start + 1)  // skip the duration
        case "chrt", "taskset":
            let start = OptionScanner.firstOperand(args, withValue: OptionsWithValues(
                long: ["sched-runtime", "sched-deadline", "sched-period", "cpu-list"]))
            if invocation.hasOption(short: ["p"], long: ["pid"], before: start) { return [.run(invocation)] }
            return start == args.count ? [.run(invocation)] : inner(start + 1)  // skip the priority / mask
        case "xargs":
            let start = OptionScanner.firstOperand(args, withValue: OptionsWithValues(
                short: "aEdILnPs", long: ["arg-file", "delimiter", "eof", "replace", "max-lines", "max-args",
                                          "max-procs", "max-chars", "process-slot-var"]))
            guard start < args.count else { return [] }  // runs `echo`
            // The items read from stdin become arguments nobody can see in advance.
            return steps(for: Array(args[start...]) + [.runtime("<xargs input>")], depth: depth + 1)
        case "watch":
            let start = OptionScanner.firstOperand(args, withValue: OptionsWithValues(short: "n", long: ["interval"]))
            return joinedScript(Array(args[min(start, args.count)...]), by: "watch", depth: depth)
        case "flock":
            let start = OptionScanner.firstOperand(args, withValue: OptionsWithValues(short: "wE", long: ["timeout", "conflict-exit-code"]))
            // `flock [options] FILE -c STRING` (the `-c` may also come before FILE).
            let afterFile = Array(args[min(start + 1, args.count)...])
            if let command = OptionScanner.value(of: "c", long: "command", in: args, until: start)
                ?? OptionScanner.value(of: "c", long: "command", in: afterFile, until: min(1, afterFile.count)) {
                return parsed(command, by: "flock -c", depth: depth)
            }
            return inner(start + 1)  // skip the lock file
        case "chroot":
            let start = OptionScanner.firstOperand(args, withValue: OptionsWithValues(long: ["userspec", "groups"]))
            if start + 1 >= args.count { return [.unknowable("`chroot` without a command starts a shell that reads commands from stdin")] }
            return inner(start + 1)
        case "busybox":
            let start = OptionScanner.firstOperand(args, withValue: .none)
            return start == 0 && !args.isEmpty ? inner(0) : [.run(invocation)]
        case "lvm":
            return args.isEmpty ? [.unknowable("`lvm` without a subcommand reads commands from stdin")] : inner(0)
        case "nsenter", "unshare":
            let start = OptionScanner.firstOperand(args, withValue: OptionsWithValues(
                short: "tSGR", long: ["target", "setuid", "setgid", "root", "wd", "propagation", "setgroups",
                                      "map-user", "map-group", "map-users", "map-groups"]))
            if start == args.count { return [.unknowable("`\(invocation.verb)` without a command starts a shell that reads commands from stdin")] }
            return inner(start)
        case "systemd-run":
            let start = OptionScanner.firstOperand(args, withValue: OptionsWithValues(
                short: "upEHM", long: ["unit", "property", "setenv", "description", "slice", "host", "machine", "uid", "gid",
                                       "nice", "working-directory", "on-active", "on-boot", "on-startup", "on-unit-active",
                                       "on-unit-inactive", "on-calendar", "timer-property", "path-property",
                                       "socket-property", "service-type"]))
            if start == args.count { return [.unknowable("`systemd-run` without a command starts a shell that reads commands from stdin")] }
            return inner(start)
        case "strace", "ltrace":
            let start = OptionScanner.firstOperand(args, withValue: OptionsWithValues(short: "oeEpPsuSIXabO", long: ["output"]))
            let output = OptionScanner.value(of: "o", long: "output", in: args, until: start)
            let writes = output.flatMap { $0 }.map { [CommandStep.write($0, truncates: true, by: "\(invocation.verb) -o")] } ?? []
            return writes + (start == args.count ? [] : inner(start))
        case "chronic", "eatmydata", "nocache":
            return inner(OptionScanner.firstOperand(args, withValue: .none))
        case "ifne", "unbuffer":
            return inner(OptionScanner.firstOperand(args, withValue: .none))
        case "logsave":
            // `logsave [-asv] LOGFILE cmd…`: writes the log, then runs the command.
            let start = OptionScanner.firstOperand(args, withValue: .none)
            guard start < args.count else { return [.run(invocation)] }
            let append = invocation.hasOption(short: ["a"], before: start)
            return [.write(args[start], truncates: !append, by: "logsave")] + inner(start + 1)
        case "prlimit":
            let start = OptionScanner.firstOperand(args, withValue: OptionsWithValues(short: "p", long: ["pid", "output"]))
            return start == args.count ? [.run(invocation)] : inner(start)
        case "systemd-cat":
            let start = OptionScanner.firstOperand(args, withValue: OptionsWithValues(
                short: "tp", long: ["identifier", "priority", "stderr-priority", "namespace"]))
            return start == args.count ? [.run(invocation)] : inner(start)
        case "script":
            let start = OptionScanner.firstOperand(args, withValue: OptionsWithValues(
                short: "cEIOTBm", long: ["command", "echo", "log-in", "log-out", "log-timing", "log-io", "logging-format", "output-limit"]))
            if let command = OptionScanner.value(of: "c", long: "command", in: args, until: start) {
                return parsed(command, by: "script -c", depth: depth)
            }
            return [.unknowable("`script` without `-c` starts a shell that reads commands from stdin")]
        case "sg":
            // `sg GROUP -c STRING` and `sg GROUP STRING` both hand the string to /bin/sh.
            let start = OptionScanner.firstOperand(args, withValue: OptionsWithValues(short: "c"))
            if let command = OptionScanner.value(of: "c", long: nil, in: args) { return parsed(command, by: "sg -c", depth: depth) }
            return start + 1 < args.count ? joinedScript(Array(args[(start + 1)...]), by: "sg", depth: depth)
                : [.unknowable("`sg` without a command starts a shell that reads commands from stdin")]
        case "find":
            return FindExpression.steps(invocation, depth: depth)
        default:
            return InterpreterNormalizer.steps(invocation, depth: depth)
        }
    }

    /// `NAME=value` words before the command of `env` and `sudo`, then the command.
    private static func assignmentsThen(_ args: [ShellWord], from start: Int, verb: String, depth: Int,
                                        whenNoCommand: () -> [CommandStep]) -> [CommandStep] {
        var index = start
        var result: [CommandStep] = []
        while index < args.count, let value = args[index].staticValue, value.contains("="), !value.hasPrefix("-") {
            result.append(.assign(args[index]))
            index += 1
        }
        if index < args.count, args[index].staticValue == nil, args[index].value.contains("=") {
            return [.unknowable("`\(verb)` is given `\(args[index].raw)`, only known at run time")]
        }
        guard index < args.count else { return result + whenNoCommand() }
        return result + steps(for: Array(args[index...]), depth: depth + 1)
    }

    /// Parses a shell string given to a wrapper (`sh -c STRING`), or fails closed.
    static func parsed(_ word: ShellWord?, by wrapper: String, depth: Int) -> [CommandStep] {
        guard let word else { return [.unknowable("`\(wrapper)` is missing its command string")] }
        guard let code = word.staticValue else {
            return [.unknowable("`\(wrapper)` runs `\(word.raw)`, a string only known at run time")]
        }
        do {
            return [.script(try ShellParser.parse(code, depth: depth + 1))]
        } catch {
            return [.unknowable("`\(wrapper)` runs a string that could not be parsed (\(error))")]
        }
    }

    /// Wrappers that join their arguments with spaces and hand them to a shell (`watch`, `ssh host …`).
    static func joinedScript(_ words: [ShellWord], by wrapper: String, depth: Int) -> [CommandStep] {
        guard !words.isEmpty else { return [] }
        if let dynamic = words.first(where: { $0.staticValue == nil }) {
            return [.unknowable("`\(wrapper)` runs shell code containing `\(dynamic.raw)`, only known at run time")]
        }
        return parsed(.literal(words.compactMap(\.staticValue).joined(separator: " ")), by: wrapper, depth: depth)
    }
}
