/// Policy v3 specs: processes (procps-ng 4, psmisc, lsof). Listing is a read; signalling asks, and
/// targets that reach init, a process group, everyone or a protected daemon are denied.
enum ProcessSpecs {
    typealias O = OptionSpec

    /// procps `pgrep`/`pkill` options. `selector` is what choosing processes by something other than
    /// a plain name costs (`.safe` for `pgrep`, which only lists).
    static func procpsMatchOptions(selector: OptionEffect, kills: Bool) -> [OptionSpec] {
        O.list([
            .reads("-F", "--pidfile"),
            OptionSpec(["-f", "--full"], .none,
                kills ? .effect(.ask("`-f` matches the whole command line of every process")) : .safe),
            OptionSpec(["-v", "--inverse"], .none,
                kills ? .effect(.deny("`-v` signals every process that does NOT match")) : .safe),
            OptionSpec(["-g", "--pgroup"], .required, selector), OptionSpec(["-G", "--group"], .required, selector),
            OptionSpec(["-P", "--parent"], .required, selector), OptionSpec(["-s", "--session"], .required, selector),
            OptionSpec(["-t", "--terminal"], .required, selector), OptionSpec(["-u", "--euid"], .required, selector),
            OptionSpec(["-U", "--uid"], .required, selector), OptionSpec(["--cgroup"], .required, selector),
            OptionSpec(["--ns"], .required, selector), OptionSpec(["--nslist"], .required, selector),
            OptionSpec(["--env"], .required, selector), OptionSpec(["-O", "--older"], .required, selector),
            OptionSpec(["-r", "--runstates"], .required, selector),
            .value("-d", "--delimiter"), .value("--signal"), .value("-q", "--queue"), .flag("-x", "--exact"),
        ], O.letters("acehilnowAHV"), O.longFlags("count", "echo", "list-name", "list-full", "newest", "oldest",
            "lightweight", "ignore-case", "ignore-ancestors", "require-handler", "logpidfile", "help", "version"))
    }

    static let pkillSpec = ProgramSpec("pkill", options: procpsMatchOptions(
        selector: .effect(.ask("selecting processes by anything but a plain name may reach many of them")), kills: true))

    static let killallSpec = ProgramSpec("killall", options: O.list([
        .asks("-r", "--regexp", because: "`killall -r` matches names by regular expression"),
        .asks("-u", "--user", argument: .required, because: "`killall -u` signals every process of a user"),
        .asks("-g", "--process-group", because: "`killall -g` signals whole process groups"),
        .asks("-o", "--older-than", argument: .required, because: "`killall -o` selects processes by age"),
        .asks("-y", "--younger-than", argument: .required, because: "`killall -y` selects processes by age"),
        .asks("-n", "--ns", argument: .required, because: "`killall -n` selects by namespace"),
        .value("-s", "--signal"), .value("-Z", "--context"),
    ], O.letters("eIilqvwV"), O.longFlags("exact", "ignore-case", "interactive", "list", "quiet", "verbose", "wait",
        "version", "help")))

    static let all: [ProgramSpec] = [
        ProgramSpec("ps", style: .operandsOnly, refine: SpecRefinements.ps),
        ProgramSpec("top", options: O.list([.value("-d"), .value("-n"), .value("-o"), .value("-O"), .value("-p"),
            .value("-u"), .value("-U"), .optionalValue("-w"), .value("-E"), .value("-e")], O.letters("bcHisS1hV")),
                    refine: SpecRefinements.topNeedsBatch),
        ProgramSpec("pgrep", options: procpsMatchOptions(selector: .safe, kills: false),
                    refine: SpecRefinements.killByName(substring: true, kills: false)),
        ProgramSpec("pidof", options: O.list([.value("-o", "--omit-pid"), .value("-d", "--separator")],
            O.letters("scnxqwzhV"), O.longFlags("single-shot", "quiet", "help", "version"))),
        ProgramSpec("pkill", style: .operandsOnly, refine: SpecRefinements.signalFirst(pkillSpec, substring: true)),
        ProgramSpec("killall", style: .operandsOnly, refine: SpecRefinements.signalFirst(killallSpec, substring: false)),
        ProgramSpec("kill", style: .operandsOnly, refine: SpecRefinements.kill),
        ProgramSpec("lsof", style: .operandsOnly, refine: SpecRefinements.lsof),
        ProgramSpec("fuser", style: .operandsOnly, refine: SpecRefinements.fuser),
        ProgramSpec("pstree", options: O.list([.optionalValue("-H", "--highlight-pid"), .optionalValue("-N", "--ns-sort")],
            O.letters("aAcCglnpsStTuUVZ"), O.longFlags("arguments", "ascii", "compact-not", "show-pgids", "long",
            "numeric-sort", "show-pids", "show-parents", "thread-names", "hide-threads", "uid-changes", "unicode",
            "security-context", "help", "version"))),
        ProgramSpec("pmap", options: O.list([.optionalValue("-A", "--range"), .reads("-c", "--read-rc-from")],
            O.letters("xXdqpnNC"), O.longFlags("extended", "device", "quiet", "show-path", "read-rc", "help", "version"))),
        ProgramSpec("vmstat", options: O.list([.value("-S", "--unit"), .value("-c", "--columns")],
            O.letters("afmnsdDpwtyhV"), O.longFlags("active", "forks", "slabs", "one-header", "stats", "disk",
            "disk-sum", "partition", "wide", "timestamp", "no-first", "help", "version"))),
        ProgramSpec("iostat", options: O.list([.value("-p"), .value("-j"), .value("-g"), .value("--dec"),
            .value("-o")], O.letters("cdhHkmNstxyzV"), O.longFlags("compact", "human", "pretty", "debuginfo"))),
        ProgramSpec("mpstat", options: O.list([.value("-P"), .value("-I"), .value("-N"), .value("--dec"), .value("-o")],
            O.letters("AnTuV"))),
    ]
}
