/// Policy v3 specs: OpenZFS (`zfs`, `zpool`, `arc_summary`, `arcstat`).
///
/// Sources read: openzfs `cmd/zfs/zfs_main.c` and `cmd/zpool/zpool_main.c` (each subcommand's
/// `getopt` string and its `-j`/`--json…` long options), `man/man8/zpool-status.8` (`-c SCRIPT` runs
/// scripts from `zpool.d`), `cmd/arc_summary`, `cmd/arcstat.in` (`-o FILE` writes).
/// Every subcommand not listed here (`zfs destroy`, `zpool labelclear`, …) asks.
extension StorageSpecs {
    private static func flag(_ names: String...) -> OptionSpec { OptionSpec(names) }
    private static func value(_ names: String...) -> OptionSpec { OptionSpec(names, .required) }

    private static let json: [OptionSpec] = [flag("-j", "--json"), flag("--json-int"), flag("--json-pool-key-guid"),
                                             flag("--json-flat-vdevs")]

    private static func sub(_ name: String, _ options: [OptionSpec] = [], effect: Effect = .read,
                            refine: SpecRefinement? = nil) -> ProgramSpec {
        ProgramSpec(name, options: options, effect: effect, refine: refine)
    }

    private static func asks(_ names: [String], _ program: String, _ reason: String) -> [ProgramSpec] {
        names.map { sub($0, effect: .ask("`\(program) \($0)` \(reason)")) }
    }

    private static let runsScripts = OptionSpec(["-c"], .required, .runs("`-c` runs scripts from `zpool.d` for every device"))

    /// `zfs mount`, `zfs allow DATASET`, `zfs upgrade` and `zpool import` only report when given no target.
    private static func reportsWithout(_ reason: String, operandsAllowed: Int = 0, listingOptions: Set<String> = []) -> SpecRefinement {
        { parsed, judgement in
            let changes = parsed.operands.count > operandsAllowed
                || parsed.options.contains { !listingOptions.contains($0.spec.names.first ?? "") }
            if changes { judgement.effect = judgement.effect.joined(.ask(reason)) }
        }
    }

    static let zfs = ProgramSpec("zfs", subcommands: [
        sub("list", [flag("-H"), flag("-p"), flag("-r"), value("-d"), value("-o"), value("-s"), value("-S"), value("-t")] + json),
        sub("get", [flag("-H"), flag("-p"), flag("-r"), value("-d"), value("-o"), value("-s"), value("-t")] + json),
        sub("version", json), sub("holds", [flag("-r"), flag("-H"), flag("-p")] + json),
        sub("userspace", [flag("-H"), flag("-i"), flag("-n"), flag("-p"), value("-o"), value("-s"), value("-S"), value("-t")]),
        sub("groupspace", [flag("-H"), flag("-i"), flag("-n"), flag("-p"), value("-o"), value("-s"), value("-S"), value("-t")]),
        sub("projectspace", [flag("-H"), flag("-p"), value("-o"), value("-s"), value("-S")]),
        sub("diff", [flag("-F"), flag("-H"), flag("-t"), flag("-h")]),
        sub("wait", [value("-t")]),
        sub("mount", [flag("-j", "--json"), flag("-a"), flag("-l"), flag("-v"), value("-o"), flag("-O"), flag("-f"), flag("-R")],
            refine: reportsWithout("`zfs mount` with a dataset or `-a` mounts file systems", listingOptions: ["-j"])),
        sub("allow", [flag("-l"), flag("-d"), flag("-u"), flag("-g"), flag("-e"), flag("-c"), flag("-s")],
            refine: reportsWithout("`zfs allow` with permissions delegates them", operandsAllowed: 1)),
        sub("upgrade", [flag("-v"), flag("-a"), flag("-r"), value("-V")],
            refine: reportsWithout("`zfs upgrade` of a file system cannot be undone", listingOptions: ["-v"])),
        sub("snapshot", [flag("-r"), value("-o")], effect: .ask("`zfs snapshot` snapshots datasets behind Proxmox's back (it does not list them)")),
        sub("snap", [flag("-r"), value("-o")], effect: .ask("`zfs snap` snapshots datasets behind Proxmox's back (it does not list them)")),
        sub("send", effect: .ask("`zfs send` writes a dataset's whole contents to the output")),
        sub("program", effect: .deny("`zfs program` runs a Lua channel program in the kernel")),
    ] + asks(["destroy", "rollback", "set", "create", "receive", "recv", "rename", "clone", "promote", "inherit",
              "unmount", "umount", "share", "unshare", "unallow", "hold", "release", "bookmark", "load-key",
              "unload-key", "change-key", "redact", "jail", "unjail", "zone", "unzone"],
             "zfs", "changes or deletes datasets"))

    static let zpool = ProgramSpec("zpool", subcommands: [
        sub("list", [flag("-g"), flag("-H"), flag("-L"), value("-o"), flag("-p"), flag("-P"), value("-T"), flag("-v")] + json),
        sub("status", [runsScripts, flag("-D"), flag("-e"), flag("-g"), flag("-i"), flag("-L"), flag("-p"), flag("-P"),
                       flag("-s"), flag("-t"), value("-T"), flag("-v"), flag("-x"), flag("--power")] + json),
        sub("iostat", [runsScripts, flag("-g"), flag("-H"), flag("-L"), flag("-n"), flag("-p"), flag("-P"), flag("-r"),
                       value("-T"), flag("-v"), flag("-y"), flag("-l"), flag("-q"), flag("-w")]),
        sub("get", [flag("-H"), value("-o"), flag("-p")] + json),
        sub("history", [flag("-i"), flag("-l")]),
        sub("events", [flag("-v"), flag("-H"), flag("-f"),
                       OptionSpec(["-c"], .none, .effect(.ask("`zpool events -c` clears the event log")))]),
        sub("version", json), sub("wait", [value("-t"), flag("-H"), flag("-p"), value("-T")]),
        sub("import", [value("-d"), flag("-D"), flag("-s"), value("-c")],
            refine: reportsWithout("`zpool import` of a pool, or with `-a`, imports it", listingOptions: ["-d", "-D", "-s", "-c"])),
        sub("upgrade", [flag("-v")],
            refine: reportsWithout("`zpool upgrade` of a pool cannot be undone", listingOptions: ["-v"])),
        sub("scrub", [flag("-s"), flag("-p"), flag("-w"), flag("-e")], effect: .change("`zpool scrub` checks a pool's data")),
        sub("trim", [flag("-d"), value("-r"), flag("-c"), flag("-s"), flag("-w")], effect: .change("`zpool trim` discards a pool's free space")),
        sub("sync", effect: .change("`zpool sync` flushes pending writes")),
    ] + asks(["create", "destroy", "add", "remove", "attach", "detach", "replace", "offline", "online", "clear",
              "export", "labelclear", "initialize", "reguid", "reopen", "resilver", "set", "split", "checkpoint",
              "prefetch", "ddtprune"],
             "zpool", "changes a pool's devices or state"))

    static let arcSummary = ProgramSpec("arc_summary", options: [
        flag("-a", "--alternate"), flag("-d", "--description"), flag("-g", "--graph"), value("-p", "--page"),
        flag("-r", "--raw"), value("-s", "--section"), flag("-h", "--help"),
    ])

    static let arcstat = ProgramSpec("arcstat", options: [
        flag("-h"), flag("-v"), flag("-x"), flag("-a"), value("-f"), value("-s"), flag("-p"), flag("-z"),
        OptionSpec(["-o"], .required, .writesFile(truncates: true)),
    ])
}
