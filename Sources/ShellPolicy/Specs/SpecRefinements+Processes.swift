/// Refinements for process tools whose own parsers are not getopt's.
extension SpecRefinements {
    /// procps `pkill` and psmisc `killall` take the first `-SIGNAL` word out of argv before getopt.
    static func signalFirst(_ spec: ProgramSpec, substring: Bool) -> SpecRefinement {
        let compiled = CompiledSpec(spec)
        let byName = killByName(substring: substring, kills: true)
        return { parsed, judgement in
            var rest = parsed.operands
            if let signal = rest.firstIndex(where: { isSignalWord($0.literal) }) { rest.remove(at: signal) }
            let inner = OptionParser.parse(rest[...], compiled: compiled, stopAtOperand: false)
            fold(options: inner, program: spec.name, into: &judgement)
            byName(inner, &judgement)
        }
    }

    static let signalNames: Set<String> = ["HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "IOT", "BUS", "FPE", "KILL",
        "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU",
        "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "POLL", "PWR", "SYS", "UNUSED", "RTMIN", "RTMAX"]

    /// `-9`, `-KILL`, `-SIGTERM`, `-RTMIN+3` — only real signal names, so `-U uid` stays an option.
    static func isSignalWord(_ word: String?) -> Bool {
        guard let word, word.hasPrefix("-"), word.utf8.count > 1, word.utf8.count <= 16 else { return false }
        var body = word.dropFirst()
        if body.allSatisfy({ $0.isASCII && $0.isNumber }) { return true }
        if body.hasPrefix("SIG") { body = body.dropFirst(3) }
        if let plus = body.firstIndex(where: { $0 == "+" || $0 == "-" }) {
            let base = body[..<plus]
            return (base == "RTMIN" || base == "RTMAX") && body[body.index(after: plus)...].allSatisfy { $0.isASCII && $0.isNumber }
        }
        return signalNames.contains(String(body))
    }

    /// `ps`: UNIX, BSD and GNU syntax at once; nothing it does writes or runs. The BSD `e` letter
    /// prints every process's environment, which holds secrets.
    static let ps: SpecRefinement = { parsed, judgement in
        let takesValue: Set<String> = ["-o", "-O", "-p", "-u", "-U", "-g", "-G", "-t", "-C", "-s", "-q", "-k",
                                       "--format", "--sort", "--pid", "--ppid", "--user", "--group", "--cols",
                                       "--columns", "--rows", "--lines", "--width", "--quick-pid", "--sid", "--tty",
                                       "--Group", "--User", "-N"]
        var previous: String? = nil
        for operand in parsed.operands {
            defer { previous = operand.literal }
            guard let word = operand.literal else { continue }
            if let previous, takesValue.contains(previous) { continue }
            let bsd = !word.hasPrefix("-") && !word.isEmpty && word.allSatisfy { $0.isLetter }
            if bsd && word.contains("e") {
                judgement.effect = judgement.effect.joined(.ask("`ps \(OptionParserClip.clip(word))` shows every process's environment"))
            }
        }
    }

    /// `top` without `-b` reads commands from its input (`k` kills, `W` writes its rc file).
    static let topNeedsBatch: SpecRefinement = { parsed, judgement in
        guard !options(parsed, named: "-b").isEmpty else {
            judgement.effect = judgement.effect.joined(.ask("`top` without `-b` reads commands (kill, renice, write) from its input"))
            return
        }
    }

    /// `lsof`: reading only, except `-D` (device cache file) and `-k`/`-m` (other kernel images).
    static let lsof: SpecRefinement = { parsed, judgement in
        for operand in parsed.operands {
            guard let word = operand.literal else { continue }
            if word.hasPrefix("-D") || word.hasPrefix("-k") || word.hasPrefix("-m") || word.hasPrefix("+m") {
                judgement.effect = judgement.effect.joined(.ask("`lsof \(OptionParserClip.clip(word))` uses a device cache or kernel file"))
            }
        }
    }

    /// `fuser -k` kills what uses the files.
    static let fuser: SpecRefinement = { parsed, judgement in
        for operand in parsed.operands {
            guard let word = operand.literal else {
                judgement.effect = judgement.effect.joined(.ask("a `fuser` argument only known at run time could be `-k`"))
                continue
            }
            if word.hasPrefix("-") && !word.hasPrefix("--") && word.contains("k") {
                judgement.effect = judgement.effect.joined(.ask("`fuser -k` kills every process using the files"))
            }
        }
    }
}
