/// Programs that run other code the policy cannot see (fail closed in guarded mode):
/// schedulers, multiplexers, editors, and well-known "run a command" options.
enum ExecutionRules {
    static func denial(_ invocation: Invocation) -> String? {
        let verb = invocation.verb
        switch verb {
        case "crontab":
            if invocation.hasOption(short: ["r"], long: ["remove"]) { return "`crontab -r` deletes the crontab" }
            return invocation.hasOption(short: ["l"], long: ["list"]) ? nil
                : "`crontab` installs commands to run later, which cannot be checked"
        case "at", "batch":
            return invocation.hasOption(short: ["l", "c", "r", "d"]) && verb == "at" ? nil
                : "`\(verb)` schedules commands read from stdin or a file, which cannot be checked"
        case "screen":
            return invocation.arguments.allSatisfy({ ["-ls", "-list"].contains($0.staticValue) }) && !invocation.arguments.isEmpty ? nil
                : "`screen` runs commands in a session the policy cannot follow"
        case "tmux":
            let operands = invocation.operands(withValue: OptionsWithValues(short: "LSfc"))
            return operands.count == 1 && ["ls", "list-sessions", "has-session", "has"].contains(operands[0].staticValue) ? nil
                : "`tmux` runs commands in a session the policy cannot follow"
        case "parallel":
            return "`parallel` builds commands from its arguments and stdin, which cannot be checked"
        case "vi", "vim", "nvim", "ex", "view", "ed", "red", "emacs", "gdb", "dc":
            return "`\(verb)` can run shell commands from its input, which cannot be checked"
        case "socat":
            return invocation.arguments.contains { ($0.staticValue?.lowercased()).map { $0.contains("exec:") || $0.contains("system:") } ?? true }
                ? "`socat` with `EXEC:`/`SYSTEM:` runs a command that cannot be checked" : nil
        case "nc", "ncat", "netcat":
            return invocation.hasOption(short: ["e", "c"], long: ["exec", "sh-exec", "lua-exec"])
                ? "`\(verb) -e` runs a command that cannot be checked" : nil
        case "tar":
            let risky = ["--to-command", "--checkpoint-action", "--use-compress-program", "--rsh-command", "--info-script", "--new-volume-script"]
            return invocation.arguments.contains(where: { word in risky.contains { (word.staticValue ?? "").hasPrefix($0) } })
                || invocation.hasOption(short: ["I", "F"])
                ? "`tar` with a command-running option runs code that cannot be checked" : nil
        case "git":
            return invocation.hasOption(short: ["c"], long: ["config-env", "exec-path"], before: OptionScanner.firstOperand(
                invocation.arguments, withValue: OptionsWithValues(short: "cC"))) ? "`git -c` can define commands (aliases, pagers, hooks) that cannot be checked" : nil
        case "man":
            return invocation.hasOption(short: ["P", "H"], long: ["pager", "html", "preprocessor"])
                ? "`man -P` runs a pager command that cannot be checked" : nil
        case "mapfile", "readarray":
            return invocation.hasOption(short: ["C"]) ? "`\(verb) -C` runs a callback that cannot be checked" : nil
        case "enable":
            return invocation.hasOption(short: ["f"]) ? "`enable -f` loads a builtin from a shared library" : nil
        case "hash":
            return invocation.hasOption(short: ["p"]) ? "`hash -p` makes a command name run another program" : nil
        case "fc":
            return "`fc` re-runs commands from history, which cannot be checked"
        case "awk", "gawk", "mawk", "nawk":
            return ProgramRules.awkDenial(invocation, readOnly: false)
        case "sed":
            return ProgramRules.sedDenial(invocation, readOnly: false)
        default:
            return nil
        }
    }
}
