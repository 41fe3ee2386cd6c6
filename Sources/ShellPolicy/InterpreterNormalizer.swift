/// Shells, code interpreters, remote and in-guest execution, and builtins that take code as a string.
enum InterpreterNormalizer {
    static let shells: Set<String> = ["sh", "bash", "dash", "zsh", "ksh", "mksh", "ash", "rbash", "ksh93", "lksh",
                                      "posh", "yash", "fish", "csh", "tcsh"]

    /// Code interpreters and the options that take inline code.
    static let inlineCodeOptions: [String: (short: Set<Character>, long: Set<String>)] = [
        "python": (["c"], []), "perl": (["e", "E"], []), "ruby": (["e"], []), "node": (["e", "p"], ["eval", "print"]),
        "nodejs": (["e", "p"], ["eval", "print"]), "php": (["r", "B", "R", "E", "F"], []), "lua": (["e"], []),
        "expect": (["c"], []), "Rscript": (["e"], []), "tclsh": ([], []), "wish": ([], []), "guile": (["c"], []),
        "pwsh": (["c"], ["command"]), "jjs": ([], []), "irb": ([], []),
    ]

    static func steps(_ invocation: Invocation, depth: Int) -> [CommandStep] {
        let verb = invocation.verb
        let args = invocation.arguments
        switch verb {
        case _ where shells.contains(verb):
            return shell(invocation, depth: depth)
        case "eval":
            return [.unknowable("`eval` runs a string assembled at run time, which cannot be checked")]
        case "source", ".":
            return [.unknowable("`\(verb)` runs the commands in a file, which cannot be checked")]
        case "trap":
            let operands = invocation.operands()
            guard let handler = operands.first, operands.count > 1, handler.staticValue != "-" else { return [.run(invocation)] }
            return CommandNormalizer.parsed(handler, by: "trap", depth: depth)
        case "alias":
            // An alias value is shell code; check it as if it ran.
            return args.flatMap { word -> [CommandStep] in
                guard let equals = word.value.firstIndex(of: "=") else { return [] }
                guard word.staticValue != nil else { return [.unknowable("`alias` defines `\(word.raw)`, only known at run time")] }
                return CommandNormalizer.parsed(.literal(String(word.value[word.value.index(after: equals)...])),
                                                by: "alias", depth: depth)
            }
        case "ssh":
            // OpenSSH reads options again after the destination (`ssh host -l root cmd`), until `--`
            // or the first word that is not an option: that word starts the remote command.
            let withValue = OptionsWithValues(short: "BbcDEeFIiJLlmOopQRSWw")
            let host = OptionScanner.firstOperand(args, withValue: withValue)
            let command = host < args.count && args[host].staticValue != nil
                ? OptionScanner.firstOperand(args, from: host + 1, withValue: withValue) : host + 1
            if let denial = sshOptionDenial(Array(args[..<min(command, args.count)]), verb: "ssh") { return [.unknowable(denial)] }
            guard command < args.count else {
                return [.unknowable("`ssh` without a remote command starts a shell that reads commands from stdin")]
            }
            return CommandNormalizer.joinedScript(Array(args[command...]), by: "ssh", depth: depth)
        case "su", "runuser":
            let start = OptionScanner.firstOperand(args, withValue: OptionsWithValues(
                short: "cgGswu", long: ["command", "shell", "group", "supp-group", "whitelist-environment", "session-command", "user"]))
            if let command = OptionScanner.value(of: "c", long: "command", in: args, until: start)
                ?? OptionScanner.value(of: nil, long: "session-command", in: args, until: start) {
                return CommandNormalizer.parsed(command, by: "\(verb) -c", depth: depth)
            }
            if verb == "runuser", invocation.hasOption(short: ["u"], long: ["user"], before: start), start < args.count {
                return CommandNormalizer.steps(for: Array(args[start...]), depth: depth + 1)
            }
            return [.unknowable("`\(verb)` without `-c` starts a shell that reads commands from stdin")]
        case "pct" where args.first?.staticValue == "exec":
            // `pct exec ID [--] command…`: runs inside the container, under the same policy.
            var start = 2
            if start < args.count, args[start].staticValue == "--" { start += 1 }
            guard start < args.count else { return [.unknowable("`pct exec` without a command starts a shell in the container")] }
            return CommandNormalizer.steps(for: Array(args[start...]), depth: depth + 1)
        case "qm" where args.first?.staticValue == "guest" && args.dropFirst().first?.staticValue == "exec":
            let rest = Array(args.dropFirst(3))
            let start = OptionScanner.firstOperand(rest, withValue: OptionsWithValues(
                long: ["timeout", "pass-stdin", "synchronous", "input-data"]))
            guard start < rest.count else { return [.unknowable("`qm guest exec` without a command")] }
            return CommandNormalizer.steps(for: Array(rest[start...]), depth: depth + 1)
        case "lxc-attach":
            guard let dashes = args.firstIndex(where: { $0.staticValue == "--" }), dashes + 1 < args.count else {
                return [.unknowable("`lxc-attach` without `-- command` starts a shell in the container")]
            }
            return CommandNormalizer.steps(for: Array(args[(dashes + 1)...]), depth: depth + 1)
        case "ip":
            let operands = invocation.operands(withValue: OptionsWithValues(short: "n", long: ["netns"]))
            if operands.count >= 3, ["netns", "vrf"].contains(operands[0].staticValue), operands[1].staticValue == "exec" {
                return CommandNormalizer.steps(for: Array(operands.dropFirst(3)), depth: depth + 1)
            }
            return [.run(invocation)]
        default:
            if let family = interpreterFamily(verb) { return interpreter(invocation, family: family) }
            return [.run(invocation)]
        }
    }

    /// ssh/scp options that run a local program: `-o ProxyCommand=…`, `LocalCommand`, `KnownHostsCommand`,
    /// `Match exec`, or `-F FILE` (a config file can hold any of them).
    static func sshOptionDenial(_ words: [ShellWord], verb: String) -> String? {
        var index = 0
        while index < words.count {
            guard let value = words[index].staticValue else { index += 1; continue }
            if value == "-F" || (value.hasPrefix("-F") && !value.hasPrefix("--")) {
                return "`\(verb) -F` reads a config file that can run commands (ProxyCommand, LocalCommand)"
            }
            if value.hasPrefix("-"), !value.hasPrefix("--"), let o = value.firstIndex(of: "o") {
                let attached = String(value[value.index(after: o)...])
                let option = attached.isEmpty ? (index + 1 < words.count ? words[index + 1].staticValue : nil) : attached
                guard let option else { return "`\(verb) -o` is given an option only known at run time" }
                let lowered = String(option.lowercased().filter { $0 != " " })
                if ["proxycommand", "localcommand", "permitlocalcommand", "knownhostscommand", "match", "include", "remotecommand"]
                    .contains(where: { lowered.hasPrefix($0) }) {
                    return "`\(verb) -o \(option)` runs a local command that cannot be checked"
                }
                if attached.isEmpty { index += 1 }
            }
            index += 1
        }
        return nil
    }

    /// `python3.11` → `python`, `perl5.36` → `perl`.
    static func interpreterFamily(_ verb: String) -> String? {
        let stem = String(verb.prefix { !$0.isNumber && $0 != "." && $0 != "-" })
        return inlineCodeOptions[stem] != nil ? stem : nil
    }

    private static func shell(_ invocation: Invocation, depth: Int) -> [CommandStep] {
        let args = invocation.arguments
        let verb = invocation.verb
        let start = OptionScanner.firstOperand(args, withValue: OptionsWithValues(
            short: "oO", long: ["rcfile", "init-file"]))
        // `+o name` / `+O name` are option words too; `-c` may sit in a cluster (`-lc`, `-ec`).
        var first = start
        while first < args.count, let value = args[first].staticValue, value == "+o" || value == "+O" { first += 2 }
        if invocation.hasOption(short: ["c"], before: first) {
            return CommandNormalizer.parsed(first < args.count ? args[first] : nil, by: "\(verb) -c", depth: depth)
        }
        if invocation.hasOption(short: ["s", "i"], before: first) || first >= args.count || args[first].staticValue == "-" {
            return [.unknowable("`\(verb)` without a script reads commands from stdin, which cannot be checked")]
        }
        return [.runFile(args[first], by: verb)]
    }

    private static func interpreter(_ invocation: Invocation, family: String) -> [CommandStep] {
        let args = invocation.arguments
        let inline = inlineCodeOptions[family] ?? ([], [])
        let start = OptionScanner.firstOperand(args, withValue: OptionsWithValues(short: "WXIMm", long: ["require", "input-type"]))
        if invocation.hasOption(short: inline.short, long: inline.long, before: start) {
            return [.unknowable("`\(invocation.verb)` runs inline code given on the command line, which cannot be checked")]
        }
        if family == "python", invocation.hasOption(short: ["m"], before: start) { return [.run(invocation)] }
        if invocation.hasOption(short: ["i"], before: start) || start >= args.count || args[start].staticValue == "-" {
            return [.unknowable("`\(invocation.verb)` without a script reads code from stdin, which cannot be checked")]
        }
        return [.runFile(args[start], by: invocation.verb)]
    }
}
