/// Policy v3 specs: backups and storage of Proxmox (`vzdump`, `qmrestore`, `pvesm`).
///
/// Sources read: pve-guest-common `src/PVE/VZDump/Common.pm` (`$confdesc`: every vzdump option),
/// pve-manager `PVE/API2/VZDump.pm` (adds `stdout` and `job-id`) and `PVE/CLI/vzdump.pm`,
/// qemu-server `src/PVE/CLI/qmrestore.pm`, pve-storage `src/PVE/CLI/pvesm.pm` (`$cmddef`) and
/// `src/PVE/API2/Storage/Status.pm`, `Content.pm`, `PruneBackups.pm` (list/status/prune parameters).
extension ProxmoxSpecs {
    private typealias C = PVECLI

    /// Every `vzdump` option (also the parameters of `POST /nodes/{node}/vzdump`).
    static let vzdumpOptions: [OptionSpec] = [
        C.flag("all"), C.flag("stdexcludes"), C.value("compress"), C.value("pigz"), C.value("zstd"), C.flag("quiet"),
        C.value("mode"), C.value("exclude"), C.value("exclude-path"), C.value("mailnotification"),
        C.value("notification-mode"), C.value("storage"), C.flag("stop"), C.value("bwlimit"), C.value("ionice"),
        C.value("performance"), C.value("fleecing"), C.value("lockwait"), C.value("stopwait"), C.value("pool"),
        C.value("notes-template"), C.flag("protected"), C.value("pbs-change-detection-mode"), C.value("node"),
        C.value("script", .runs("`vzdump --script` runs a hook script on the node at every backup phase")),
        C.value("dumpdir", .writesFile(truncates: false)),
        C.value("tmpdir", .writesFile(truncates: false)),
        C.flag("remove", .effect(.ask("`vzdump --remove` deletes older backups beyond the retention"))),
        C.value("prune-backups", .effect(.ask("`vzdump --prune-backups` deletes older backups by a retention it sets"))),
        C.value("mailto", .effect(.ask("`vzdump --mailto` sends the backup report to any address"))),
        C.flag("stdout", .effect(.ask("`vzdump --stdout` writes the whole guest (disks and all) to the output"))),
        C.value("job-id", .effect(.ask("`vzdump --job-id` pretends to be a scheduled backup job"))),
    ]

    /// A backup names where it goes; the node's default storage may be the root file system.
    static let vzdumpNeedsStorage: SpecRefinement = { parsed, judgement in
        if C.option("storage", in: parsed) == nil {
            judgement.effect = judgement.effect.joined(.ask("`vzdump` without `--storage` backs up to the node's default storage"))
        }
    }

    static let vzdump: ProgramSpec = C.simple("vzdump", vzdumpOptions, effect: .change("`vzdump` backs a guest up"),
                                              refine: vzdumpNeedsStorage)

    static let qmrestore: ProgramSpec = C.simple("qmrestore", [
        C.value("storage"), C.flag("force"), C.flag("unique"), C.value("pool"), C.value("bwlimit"), C.flag("live-restore"),
    ], effect: .ask("`qmrestore` creates or overwrites a guest from a backup"))

    /// `pvesm prune-backups` only reports with `--dry-run`.
    private static let pruneDryRun: SpecRefinement = { parsed, judgement in
        if let dryRun = C.option("dry-run", in: parsed), C.isTrue(dryRun) { return }
        judgement.effect = judgement.effect.joined(.ask("`pvesm prune-backups` deletes backups (without `--dry-run`)"))
    }

    static let pvesm: ProgramSpec = C.program("pvesm", [
        C.command("status", [C.value("content"), C.flag("enabled"), C.flag("format"), C.value("storage"), C.value("target")]),
        C.command("list", [C.value("content"), C.value("vmid")]),
        C.command("path"),
        C.command("apiinfo"),
        C.command("extractconfig"),
        C.group("scan", [
            C.command("nfs"), C.command("cifs", [C.value("username"), C.value("password"), C.value("domain")]),
            C.command("iscsi"), C.command("lvm"), C.command("lvmthin"), C.command("zfs"),
            C.command("pbs", [C.value("password"), C.value("fingerprint"), C.value("port")]),
        ]),
        C.command("prune-backups", [C.flag("dry-run"), C.value("type"), C.value("vmid"), C.value("keep-all"),
                                    C.value("keep-last"), C.value("keep-hourly"), C.value("keep-daily"),
                                    C.value("keep-weekly"), C.value("keep-monthly"), C.value("keep-yearly")],
                  refine: pruneDryRun),
        C.command("add", effect: .ask("`pvesm add` adds a storage to the cluster")),
        C.command("set", effect: .ask("`pvesm set` changes a storage's configuration")),
        C.command("remove", effect: .ask("`pvesm remove` removes a storage from the cluster")),
        C.command("alloc", effect: .ask("`pvesm alloc` allocates a volume")),
        C.command("free", effect: .ask("`pvesm free` deletes a volume")),
        C.command("export", effect: .ask("`pvesm export` copies a volume's data out (to a file or the output)")),
        C.command("import", effect: .ask("`pvesm import` overwrites a volume from a stream")),
    ], aliases: [
        "nfsscan": ["scan", "nfs"], "cifsscan": ["scan", "cifs"], "iscsiscan": ["scan", "iscsi"],
        "lvmscan": ["scan", "lvm"], "lvmthinscan": ["scan", "lvmthin"], "zfsscan": ["scan", "zfs"],
    ])
}
