/// Policy v3 specs: Ceph (`ceph`, `rados`, `rbd`).
///
/// Sources read: ceph `src/ceph.in` (argparse: global options anywhere, long names abbreviable,
/// `-s`/`-w` as commands, no command = interactive prompt on the input, `-o/--out-file` writes,
/// `-i/--in-file` and `-k/--keyring` read files), `src/mon/MonCommands.h` (which commands only
/// read), `src/tools/rados/rados.cc` and `src/tools/rbd/action/*.cc` (their read actions).
/// Keys stay on the node: `ceph auth …` and `ceph config-key get|dump` ask.
extension StorageSpecs {
    private static func flag(_ names: String...) -> OptionSpec { OptionSpec(names) }
    private static func value(_ names: String...) -> OptionSpec { OptionSpec(names, .required) }

    /// The options every `ceph` word level accepts (argparse reads them anywhere on the line).
    private static let cephOptions: [OptionSpec] = [
        value("-c", "--conf", effect: .readsFile), value("-i", "--in-file", effect: .readsFile),
        value("-o", "--out-file", effect: .writesFile(truncates: true)),
        value("-k", "--keyring", effect: .readsFile), value("--id", "--user"), value("-n", "--name"), value("--cluster"),
        value("-f", "--format"), value("--connect-timeout"), value("--period"), flag("--block"), flag("--verbose"),
        flag("--concise"), flag("-h", "--help"), flag("-v", "--version"), flag("-s", "--status"), flag("-w", "--watch"),
        flag("--watch-debug"), flag("--watch-info"), flag("--watch-sec"), flag("--watch-warn"), flag("--watch-error"),
        value("-W", "--watch-channel"), flag("--detail"),
        value("--admin-daemon", effect: .effect(.ask("`ceph --admin-daemon` sends any command to a daemon's socket"))),
        value("--setuser", "--setgroup", effect: .effect(.ask("`ceph --setuser` changes the user it runs as"))),
    ]

    private static func value(_ names: String..., effect: OptionEffect) -> OptionSpec { OptionSpec(names, .required, effect) }
    private static func flag(_ names: String..., effect: OptionEffect) -> OptionSpec { OptionSpec(names, .none, effect) }

    private static func reads(_ names: String...) -> [ProgramSpec] {
        names.map { ProgramSpec($0, options: cephOptions) }
    }

    private static func group(_ name: String, _ subcommands: [ProgramSpec]) -> ProgramSpec {
        ProgramSpec(name, options: cephOptions, subcommands: subcommands)
    }

    private static func asks(_ name: String, _ reason: String) -> ProgramSpec {
        ProgramSpec(name, options: cephOptions, effect: .ask(reason))
    }

    /// `ceph` alone (or with only connection options) reads commands from its input.
    private static let cephInteractive: SpecRefinement = { parsed, judgement in
        guard parsed.operands.isEmpty else { return }
        let commands: Set<String> = ["-s", "-w", "-W", "-v", "-h", "--watch-debug", "--watch-info", "--watch-sec",
                                     "--watch-warn", "--watch-error"]
        if !parsed.options.contains(where: { commands.contains($0.spec.names.first ?? "") }) {
            judgement.effect = judgement.effect.joined(.deny("`ceph` without a command reads commands from its input"))
        }
    }

    static let ceph = ProgramSpec("ceph", options: cephOptions, subcommands:
        reads("status", "health", "df", "versions", "version", "report", "quorum_status", "time-sync-status", "features",
              "fsid", "progress") + [
        group("osd", reads("tree", "df", "status", "stat", "dump", "perf", "ls", "find", "metadata", "utilization",
                           "blocked-by", "versions", "count-metadata", "ok-to-stop", "safe-to-destroy", "getmaxosd",
                           "numa-status") + [
            group("pool", reads("ls", "stats", "get", "get-quota", "autoscale-status")),
            group("crush", reads("tree", "dump", "show-tunables") + [group("rule", reads("ls", "dump")),
                                                                      group("class", reads("ls"))]),
            group("blocklist", reads("ls")),
            asks("set", "`ceph osd set` sets a cluster flag (`noout`, `pause`, …)"),
            asks("unset", "`ceph osd unset` clears a cluster flag"),
        ]),
        group("mon", reads("stat", "dump", "metadata", "versions", "ok-to-stop")),
        group("pg", reads("stat", "dump", "ls", "ls-by-pool", "ls-by-osd", "ls-by-primary", "dump_stuck")),
        group("fs", reads("status", "ls", "dump", "get")),
        group("mds", reads("stat", "metadata", "versions")),
        group("mgr", reads("stat", "dump", "services", "metadata", "versions") + [group("module", reads("ls"))]),
        group("crash", reads("ls", "ls-new", "info", "stat")),
        group("balancer", reads("status", "eval")),
        group("device", reads("ls", "info")),
        group("config", reads("dump", "get", "show", "log", "ls")),
        group("config-key", reads("ls", "exists") + [
            asks("get", "`ceph config-key get` shows stored secrets"),
            asks("dump", "`ceph config-key dump` shows stored secrets"),
        ]),
        asks("auth", "`ceph auth …` shows or changes the cluster's keys"),
        asks("tell", "`ceph tell` sends any command to a daemon"),
        asks("daemon", "`ceph daemon` sends any command to a daemon's socket"),
    ], refine: cephInteractive)

    private static let cephClient: [OptionSpec] = [
        value("-p", "--pool"), value("-c", "--conf", effect: .readsFile), value("-k", "--keyring", effect: .readsFile),
        value("--id", "--user"), value("-n", "--name"), value("--cluster"), value("--format"), flag("--pretty-format"),
        value("--namespace", "-N"), flag("--all"), flag("-l", "--long"), value("--image"), value("--snap"),
    ]

    private static func clientReads(_ names: String...) -> [ProgramSpec] {
        names.map { ProgramSpec($0, options: cephClient) }
    }

    static let rados = ProgramSpec("rados", options: cephClient, subcommands:
        clientReads("df", "lspools", "ls", "stat", "listxattr", "list-inconsistent-pg", "list-inconsistent-obj",
                    "list-inconsistent-snapset", "listsnaps", "listwatchers", "listomapkeys"))

    static let rbd = ProgramSpec("rbd", options: cephClient, subcommands:
        clientReads("ls", "list", "info", "du", "disk-usage", "status", "showmapped", "children", "diff", "watch") + [
        ProgramSpec("snap", options: cephClient, subcommands: clientReads("ls", "list")),
        ProgramSpec("device", options: cephClient, subcommands: clientReads("list", "ls")),
        ProgramSpec("pool", options: cephClient, subcommands: clientReads("stats")),
        ProgramSpec("trash", options: cephClient, subcommands: clientReads("ls", "list")),
        ProgramSpec("lock", options: cephClient, subcommands: clientReads("ls", "list")),
        ProgramSpec("mirror", options: cephClient, subcommands: [
            ProgramSpec("pool", options: cephClient, subcommands: clientReads("status", "info")),
            ProgramSpec("image", options: cephClient, subcommands: clientReads("status")),
        ]),
        ProgramSpec("export", options: cephClient, effect: .ask("`rbd export` copies an image's data out")),
    ])
}
