/// `kill`, `pkill` and `killall` aimed at PID 1, every process, or the processes that keep the
/// node reachable (`HostAvailabilityRules.protectedProcesses`).
enum ProcessKillRules {
    static func killDenial(_ invocation: Invocation) -> String? {
        let args = invocation.arguments
        var index = 0
        if let first = args.first?.staticValue {
            if first == "-l" || first == "-L" { return nil }
            if first == "-s" || first == "-n" { index = 2 } else if first.hasPrefix("-"), first != "--" { index = 1 }
        }
        if index < args.count, args[index].staticValue == "--" { index += 1 }
        for word in args.dropFirst(index) {
            guard let target = word.staticValue else {
                return "`kill` targets `\(word.raw)`, a process only known at run time"
            }
            if target == "1" { return "`kill 1` signals PID 1 (systemd), which takes the host down" }
            if target == "-1" { return "`kill -1` signals every process on the host" }
        }
        return nil
    }

    static func pkillDenial(_ invocation: Invocation) -> String? {
        let args = withoutSignal(invocation.arguments)
        let withValue = OptionsWithValues(short: "gGPstuUFdq", long: ["pgroup", "group", "parent", "session", "terminal", "euid",
                                                                     "uid", "pidfile", "delimiter", "ns", "nslist", "signal", "queue"])
        let scoped = Invocation(path: invocation.path, arguments: args)
        if scoped.hasOption(short: ["v"], long: ["inverse"]) { return "`pkill -v` signals every process that does not match" }
        if scoped.hasOption(short: ["F"], long: ["pidfile"]) { return "`pkill -F` reads the processes to signal from a file" }
        for (short, long) in [("u", "euid"), ("U", "uid"), ("g", "pgroup"), ("G", "group"), ("P", "parent"), ("s", "session")] {
            if let value = OptionScanner.value(of: Character(short), long: long, in: args), let word = value {
                guard let selector = word.staticValue else { return "`pkill -\(short)` is given `\(word.raw)`, only known at run time" }
                if selector.split(separator: ",").contains(where: { ["root", "0", "1"].contains($0) }) {
                    return "`pkill -\(short) \(selector)` signals system processes (sshd, pveproxy, corosync, …)"
                }
            }
        }
        guard let pattern = OptionScanner.firstOperand(args, withValue: withValue) < args.count
            ? args[OptionScanner.firstOperand(args, withValue: withValue)] : nil else { return nil }
        guard let text = pattern.staticValue else { return "`pkill` is given the pattern `\(pattern.raw)`, only known at run time" }
        let full = scoped.hasOption(short: ["f"], long: ["full"])
        let exact = scoped.hasOption(short: ["x"], long: ["exact"])
        let ignoreCase = scoped.hasOption(short: ["i"], long: ["ignore-case"])
        if let hit = matchesProtected(regex: text, fullCommandLine: full, exact: exact, ignoreCase: ignoreCase) {
            return "`pkill \(text)` would signal `\(hit)`, which keeps the node reachable"
        }
        return nil
    }

    static func killallDenial(_ invocation: Invocation) -> String? {
        let args = withoutSignal(invocation.arguments)
        let scoped = Invocation(path: invocation.path, arguments: args)
        let names = scoped.operands(withValue: OptionsWithValues(short: "suoynZ", long: ["signal", "user", "older-than", "younger-than", "ns", "context"]))
        let regex = scoped.hasOption(short: ["r"], long: ["regexp"])
        let ignoreCase = scoped.hasOption(short: ["I"], long: ["ignore-case"])
        if names.isEmpty, let user = OptionScanner.value(of: "u", long: "user", in: args), let word = user {
            if word.staticValue == nil || ["root", "0"].contains(word.staticValue) {
                return "`killall -u \(word.display)` signals every process of that user, including sshd"
            }
        }
        for name in names {
            guard let text = name.staticValue else { return "`killall` is given `\(name.raw)`, only known at run time" }
            let hit = regex ? matchesProtected(regex: text, fullCommandLine: false, exact: false, ignoreCase: ignoreCase)
                : HostAvailabilityRules.protectedProcesses.first {
                    ignoreCase ? $0.lowercased() == text.lowercased() : $0 == text
                }
            if let hit { return "`killall \(text)` would signal `\(hit)`, which keeps the node reachable" }
        }
        return nil
    }

    /// Drops a leading signal option (`-9`, `-KILL`, `-SIGTERM`) so it is not read as other options.
    private static func withoutSignal(_ args: [ShellWord]) -> [ShellWord] {
        guard let first = args.first?.staticValue, first.hasPrefix("-"), first.count > 2 || first.dropFirst().allSatisfy(\.isNumber) else {
            return args
        }
        let body = first.dropFirst()
        let isSignal = body.allSatisfy(\.isNumber) || (body.allSatisfy { $0.isUppercase || $0.isNumber || $0 == "+" } && body.count >= 2)
        return isSignal ? Array(args.dropFirst()) : args
    }

    /// The first protected process the pattern would match; an invalid pattern matches everything (fail closed).
    static func matchesProtected(regex pattern: String, fullCommandLine: Bool, exact: Bool, ignoreCase: Bool) -> String? {
        guard var regex = try? Regex(pattern) else { return "(an unparseable pattern)" }
        if ignoreCase { regex = regex.ignoresCase() }
        let candidates = HostAvailabilityRules.protectedProcesses + (fullCommandLine ? HostAvailabilityRules.protectedCommandLines : [])
        return candidates.first { candidate in
            exact ? (try? regex.wholeMatch(in: candidate)) != nil : (try? regex.firstMatch(in: candidate)) != nil
        }
    }
}
