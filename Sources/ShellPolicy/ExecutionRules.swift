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
        case "start-stop-daemon":
            return "`start-stop-daemon` starts or stops an arbitrary program, which cannot be checked"
        case "machinectl":
            return ["shell", "login"].contains(invocation.operands().first?.staticValue ?? "shell")
                ? "`machinectl shell` runs commands in a container the policy cannot follow" : nil
        case "tcpdump":
            return invocation.hasOption(short: ["z"]) ? "`tcpdump -z` runs a command on every saved file" : nil
        case "zip":
            return invocation.hasOption(short: ["T"], long: ["unzip-command"]) && invocation.arguments.contains { ($0.staticValue ?? "").hasPrefix("-TT") || ($0.staticValue ?? "").hasPrefix("--unzip-command") }
                ? "`zip -TT` runs a test command that cannot be checked" : nil
        case "split":
            return invocation.hasOption(long: ["filter"]) ? "`split --filter` runs a shell command for every chunk" : nil
        case "sort":
            return invocation.hasOption(long: ["compress-program"]) ? "`sort --compress-program` runs another program" : nil
        case "rsync":
            return invocation.hasOption(short: ["e"], long: ["rsh", "rsync-path"]) ? "`rsync -e` runs a remote-shell command that cannot be checked" : nil
        case "scp", "sftp":
            if invocation.hasOption(short: ["S", "F"]) { return "`\(verb) -S`/`-F` runs another program (or reads a config that can)" }
            return InterpreterNormalizer.sshOptionDenial(invocation.arguments, verb: verb)
        case "pdsh", "pssh", "parallel-ssh", "clush", "ansible", "ansible-playbook", "salt", "salt-ssh", "mussh", "dsh":
            return "`\(verb)` runs commands on other hosts, which cannot be checked here"
        case "make", "gmake", "ninja", "just":
            return "`\(verb)` runs the recipes of a build file, whose contents the policy cannot check"
        case "ip":
            // ip's options are single-dash words with unique prefixes: `-b`/`-ba`… is -batch, `-br` is -brief.
            return invocation.arguments.contains { word in
                guard let value = word.staticValue?.drop(while: { $0 == "-" }), word.staticValue?.hasPrefix("-") == true else { return false }
                return (!value.isEmpty && "batch".hasPrefix(value) && value != "br") || (value.count >= 2 && "force".hasPrefix(value))
            } ? "`ip -batch` runs commands from a file, which cannot be checked" : nil
        case "vzdump":
            return invocation.hasProxmoxOption(["script"]) ? "`vzdump --script` runs a hook script, whose contents the policy cannot check" : nil
        case "apt", "apt-get", "aptitude":
            return invocation.hasOption(short: ["o", "c"], long: ["option", "config-file"])
                ? "`\(verb) -o`/`-c` can set hooks (`DPkg::Pre-Invoke`, …) that run commands" : nil
        case "awk", "gawk", "mawk", "nawk":
            return ProgramRules.awkDenial(invocation, readOnly: false)
        case "sed":
            return ProgramRules.sedDenial(invocation, readOnly: false)
        default:
            return nil
        }
    }
}
