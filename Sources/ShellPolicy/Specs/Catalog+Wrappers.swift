/// Policy v3 specs: programs that run another program (coreutils, util-linux, sudo, findutils, procps).
/// Their payload is an `InnerCommand` the judge checks as if it were typed; what the wrapper itself
/// changes (directory, root, namespaces) is said here.
enum WrapperSpecs {
    typealias O = OptionSpec

    static let all: [ProgramSpec] = [
        ProgramSpec("env", style: .gnuStopAtOperand, options: O.list([
            .runs("-S", "--split-string", because: "splits its value into a command line we do not re-render"),
            OptionSpec(["-C", "--chdir"], .required, .changesDirectory), .value("-u", "--unset"), .value("-a", "--argv0"),
            .optionalValue("--block-signal"), .optionalValue("--default-signal"), .optionalValue("--ignore-signal"),
        ], O.letters("iv0"), O.longFlags("ignore-environment", "null", "debug", "list-signal-handling"), O.helpAndVersion),
                    refine: SpecRefinements.assignmentsThenCommand),
        ProgramSpec("sudo", style: .gnuStopAtOperand, options: O.list([
            .runs("-A", "--askpass", argument: .none, because: "runs the askpass helper named by SUDO_ASKPASS"),
            .asks("-e", "--edit", because: "`sudo -e` edits files as root"),
            .asks("-R", "--chroot", argument: .required, because: "`sudo -R` runs the command under another root"),
            OptionSpec(["-D", "--chdir"], .required, .changesDirectory),
            .value("-u", "--user"), .value("-g", "--group"), .value("-U", "--other-user"), .value("-C", "--close-from"),
            .value("-p", "--prompt"), .value("-r", "--role"), .value("-t", "--type"), .value("-T", "--command-timeout"),
            .value("-a", "--auth-type"), .value("-c", "--login-class"), .value("--host"), .optionalValue("-E", "--preserve-env"),
            .optionalValue("-h"),
        ], O.letters("bHiKklnPSsVv"), O.longFlags("background", "set-home", "login", "remove-timestamp", "reset-timestamp",
            "list", "non-interactive", "preserve-groups", "stdin", "shell", "version", "validate", "bell", "help")),
                    refine: SpecRefinements.sudo),
        ProgramSpec("sudoedit", effect: .ask("`sudoedit` edits files as root")),
        ProgramSpec("nice", style: .gnuStopAtOperand, options: O.list([.value("-n", "--adjustment")], O.letters("0123456789"),
            O.helpAndVersion), operands: .command),
        ProgramSpec("ionice", style: .gnuStopAtOperand, options: O.list([
            .value("-c", "--class"), .value("-n", "--classdata"),
            .changes("-p", "--pid", argument: .required, because: "changes the I/O priority of running processes"),
            .changes("-P", "--pgid", argument: .required, because: "changes the I/O priority of a process group"),
            .changes("-u", "--uid", argument: .required, because: "changes the I/O priority of a user's processes"),
        ], O.letters("thV"), O.longFlags("ignore", "help", "version")), refine: SpecRefinements.commandUnless(["-p", "-P", "-u"])),
        ProgramSpec("timeout", style: .gnuStopAtOperand, options: O.list([.value("-k", "--kill-after"), .value("-s", "--signal")],
            O.letters("fpv"), O.longFlags("foreground", "preserve-status", "verbose"), O.helpAndVersion),
                    operands: .skipping(1, then: .command)),
        ProgramSpec("nohup", style: .gnuStopAtOperand, options: O.helpAndVersion, operands: .command),
        ProgramSpec("stdbuf", style: .gnuStopAtOperand, options: O.list([.value("-i", "--input"), .value("-o", "--output"),
            .value("-e", "--error")], O.helpAndVersion), operands: .command),
        ProgramSpec("setsid", style: .gnuStopAtOperand, options: O.list(O.letters("cfwhV"),
            O.longFlags("ctty", "fork", "wait", "help", "version")), operands: .command),
        ProgramSpec("time", style: .gnuStopAtOperand, options: O.list([.writes("-o", "--output"), .value("-f", "--format")],
            O.letters("apqvV"), O.longFlags("append", "portability", "quiet", "verbose", "help", "version")),
                    operands: .command),
        // `taskset --cpu-list 1 cmd`: `-c` is a flag saying how to read the first operand, not an option with a value.
        ProgramSpec("taskset", style: .gnuStopAtOperand, options: O.list(
            [.changes("-p", "--pid", because: "changes the CPU affinity of a running process")],
            O.letters("achV"), O.longFlags("all-tasks", "cpu-list", "help", "version")), refine: SpecRefinements.taskset),
        ProgramSpec("chrt", style: .gnuStopAtOperand, options: O.list([
            .asks("-p", "--pid", because: "changes the scheduling of a running process"),
            .value("-T", "--sched-runtime"), .value("-P", "--sched-period"), .value("-D", "--sched-deadline"),
        ], O.letters("abdfimoRrvhV"), O.longFlags("all-tasks", "batch", "deadline", "fifo", "idle", "max", "other",
            "reset-on-fork", "rr", "verbose", "help", "version")),
                    effect: .ask("`chrt` changes scheduling; real-time classes can starve the node"),
                    refine: SpecRefinements.chrt),
        ProgramSpec("flock", style: .gnuStopAtOperand, options: O.list([
            .value("-c", "--command"), .value("-w", "--timeout", "--wait"), .value("-E", "--conflict-exit-code"),
        ], O.letters("sexnouFvhV"), O.longFlags("shared", "exclusive", "unlock", "nonblock", "nb", "close", "no-fork",
            "verbose", "help", "version")), refine: SpecRefinements.flock),
        ProgramSpec("xargs", style: .gnuStopAtOperand, options: O.list([
            .reads("-a", "--arg-file"), .value("-I"), .optionalValue("-i", "--replace"), .value("-d", "--delimiter"),
            .value("-E"), .optionalValue("-e", "--eof"), .value("-L", "--max-lines"), .optionalValue("-l"),
            .value("-n", "--max-args"), .value("-P", "--max-procs"), .value("-s", "--max-chars"),
            .value("--process-slot-var"),
        ], O.letters("0oprtx"), O.longFlags("null", "open-tty", "interactive", "no-run-if-empty", "verbose", "exit",
            "show-limits"), O.helpAndVersion), refine: SpecRefinements.xargs),
        ProgramSpec("watch", style: .gnuStopAtOperand, options: O.list([
            .value("-n", "--interval"), .value("-q", "--equexit"), .optionalValue("-d", "--differences"),
        ], O.letters("bcCegprtwxhv"), O.longFlags("beep", "color", "no-color", "errexit", "chgexit", "precise",
            "no-rerun", "no-title", "no-wrap", "exec", "no-linewrap", "help", "version")), refine: SpecRefinements.watch),
        ProgramSpec("find", style: .operandsOnly, refine: SpecRefinements.find),
        ProgramSpec("chroot", style: .gnuStopAtOperand, options: O.list([.value("--userspec"), .value("--groups")],
            O.longFlags("skip-chdir"), O.helpAndVersion), operands: .skipping(1, then: .command),
                    effect: .ask("`chroot` runs the command under another root"), refine: SpecRefinements.chroot),
        ProgramSpec("unshare", style: .gnuStopAtOperand, options: O.list([
            .asks("-R", "--root", argument: .required, because: "`unshare --root` runs the command under another root"),
            OptionSpec(["-w", "--wd"], .required, .changesDirectory),
            .asks("--mount", "-m", argument: .optional, because: "a persistent namespace file is bind-mounted"),
            .asks("--uts", "-u", argument: .optional, because: "a persistent namespace file is bind-mounted"),
            .asks("--ipc", "-i", argument: .optional, because: "a persistent namespace file is bind-mounted"),
            .asks("--net", "-n", argument: .optional, because: "a persistent namespace file is bind-mounted"),
            .asks("--pid", "-p", argument: .optional, because: "a persistent namespace file is bind-mounted"),
            .asks("--user", "-U", argument: .optional, because: "a persistent namespace file is bind-mounted"),
            .asks("--cgroup", "-C", argument: .optional, because: "a persistent namespace file is bind-mounted"),
            .asks("--time", "-T", argument: .optional, because: "a persistent namespace file is bind-mounted"),
            .optionalValue("--mount-proc"), .optionalValue("--kill-child"), .value("--propagation"), .value("--setgroups"),
            .value("-S", "--setuid"), .value("-G", "--setgid"), .optionalValue("--map-user"), .optionalValue("--map-group"),
            .value("--map-users"), .value("--map-groups"), .value("--monotonic"), .value("--boottime"),
            .value("-l", "--load-interp"),
        ], O.letters("frcV"), O.longFlags("fork", "map-root-user", "map-current-user", "map-auto", "keep-caps", "help",
            "version")), refine: SpecRefinements.namespaceShell(unshare: true)),
        ProgramSpec("nsenter", style: .gnuStopAtOperand, options: O.list([
            .value("-t", "--target"), .optionalValue("-m", "--mount"), .optionalValue("-u", "--uts"),
            .optionalValue("-i", "--ipc"), .optionalValue("-n", "--net"), .optionalValue("-p", "--pid"),
            .optionalValue("-U", "--user"), .optionalValue("-C", "--cgroup"), .optionalValue("-T", "--time"),
            .value("-S", "--setuid"), .value("-G", "--setgid"),
            OptionSpec(["-r", "--root"], .optional, .changesDirectory), OptionSpec(["-w", "--wd"], .optional, .changesDirectory),
            OptionSpec(["-W", "--wdns"], .required, .changesDirectory), .value("-e", "--env"),
        ], O.letters("aFZhV"), O.longFlags("all", "preserve-credentials", "no-fork", "follow-context", "help", "version")),
                    effect: .ask("`nsenter` runs the command in another process's namespaces (a guest's files and network)"),
                    refine: SpecRefinements.namespaceShell(unshare: false)),
    ]
}
