/// Policy v3 specs: block storage and boot (`lvs` & co., `mdadm`, `multipath`, `iscsiadm`,
/// `qemu-img`, `proxmox-boot-tool`, `efibootmgr`).
///
/// Sources read: lvm2 `tools/args.h` and `tools/command-lines.in` (reporting options; `--config`,
/// `--profile`, `--driverloaded` change what the command does), mdadm `ReadMe.c` (`long_options`,
/// modes), multipath-tools `multipath/main.c` (getopt string; no `-l` means "create maps"),
/// open-iscsi `usr/iscsiadm.c` (`long_options`; `-S` shows CHAP secrets), qemu `qemu-img-cmds.hx`
/// and `qemu-img.c` (per-command getopt strings, `--object`), pve-kernel-helper
/// `proxmox-boot-tool`, efibootmgr `src/efibootmgr.c` (`long_options`).
extension StorageSpecs {
    private static func flag(_ names: String..., effect: OptionEffect = .safe) -> OptionSpec { OptionSpec(names, .none, effect) }
    private static func value(_ names: String..., effect: OptionEffect = .safe) -> OptionSpec { OptionSpec(names, .required, effect) }

    private static func lvmChanges(_ option: String) -> OptionEffect {
        .effect(.ask("LVM's `\(option)` replaces its configuration for this command"))
    }

    private static let lvmReport: [OptionSpec] = [
        flag("-a", "--all"), flag("--aligned"), flag("--binary"), value("-o", "--options"), value("-O", "--sort"),
        value("--separator"), flag("--noheadings"), flag("--nosuffix"), value("--units"), flag("--unbuffered"),
        flag("--unquoted"), flag("--nameprefixes"), flag("--rows"), value("--headings"), value("--reportformat"),
        value("-S", "--select"), flag("--segments"), flag("--readonly"), flag("-v", "--verbose"), flag("-q", "--quiet"),
        flag("-d", "--debug"), flag("-h", "--help"), flag("--version"), flag("-P", "--partial"),
        flag("--ignorelockingfailure"), flag("--shared"), flag("--foreign"), flag("-H", "--history"), flag("-m", "--maps"),
        flag("-c", "--colon"), flag("-C", "--columns"), flag("-s", "--short"), flag("--logonly"), flag("--nolocking"),
        flag("--ignoreskippedcluster"), value("--configreport"), value("--devices"), flag("--nohints"), flag("--all-devices"),
        value("--config", effect: lvmChanges("--config")), value("--profile", effect: lvmChanges("--profile")),
        value("--commandprofile", effect: lvmChanges("--commandprofile")),
        value("--driverloaded", effect: lvmChanges("--driverloaded")),
        value("--devicesfile", effect: lvmChanges("--devicesfile")), value("--lockopt", effect: lvmChanges("--lockopt")),
    ]

    static let lvm: [ProgramSpec] = ["lvs", "vgs", "pvs", "lvdisplay", "vgdisplay", "pvdisplay"].map {
        ProgramSpec($0, options: lvmReport)
    } + [
        "lvcreate", "lvremove", "lvextend", "lvreduce", "lvresize", "lvchange", "lvrename", "lvconvert", "vgcreate",
        "vgremove", "vgextend", "vgreduce", "vgchange", "vgrename", "vgcfgrestore", "pvcreate", "pvremove", "pvresize",
        "pvchange", "pvmove",
    ].map { ProgramSpec($0, options: lvmReport, effect: .ask("`\($0)` changes LVM volumes or their metadata")) }

    private static func mdadmMode(_ short: String, _ long: String, _ reason: String) -> OptionSpec {
        flag(short, long, effect: .effect(.ask("`mdadm \(long)` \(reason)")))
    }

    static let mdadm = ProgramSpec("mdadm", options: [
        flag("-D", "--detail"), flag("-E", "--examine"), flag("-Q", "--query"), flag("-X", "--examine-bitmap"),
        flag("--detail-platform"), flag("-s", "--scan"), flag("-v", "--verbose"), flag("-b", "--brief"),
        flag("-Y", "--export"), flag("-t", "--test"), flag("-q", "--quiet"), value("-c", "--config", effect: .readsFile),
        mdadmMode("-A", "--assemble", "starts arrays"), mdadmMode("-C", "--create", "creates an array over disks"),
        mdadmMode("-B", "--build", "builds a legacy array"), mdadmMode("-G", "--grow", "reshapes an array"),
        mdadmMode("-I", "--incremental", "adds a device to an array"), mdadmMode("-S", "--stop", "stops an array"),
        mdadmMode("-a", "--add", "adds a disk"), mdadmMode("-r", "--remove", "removes a disk"),
        mdadmMode("-f", "--fail", "fails a disk"), mdadmMode("-F", "--monitor", "starts a monitor"),
        flag("--zero-superblock", effect: .effect(.ask("`mdadm --zero-superblock` erases a member's RAID metadata"))),
        value("-p", "--program", "--alert", effect: .runs("`mdadm --program` runs a program on every event")),
    ], refine: { parsed, judgement in
        let reads: Set<String> = ["-D", "-E", "-Q", "-X", "--detail-platform"]
        if !parsed.options.contains(where: { reads.contains($0.spec.names.first ?? "") }) {
            judgement.effect = judgement.effect.joined(.ask("`mdadm` without `--detail`, `--examine` or `--query` manages arrays"))
        }
    })

    static let multipath = ProgramSpec("multipath", options: [
        flag("-l"), value("-v"), flag("-d"), flag("-t"), flag("-h"),
        flag("-F", effect: .effect(.ask("`multipath -F` flushes every unused device map"))),
        value("-f", effect: .effect(.ask("`multipath -f` flushes a device map"))),
        flag("-r", effect: .effect(.ask("`multipath -r` reloads every device map"))),
        flag("-k", effect: .runs("`multipath -k` reads daemon commands from its input")),
    ], refine: { parsed, judgement in
        let reads: Set<String> = ["-l", "-d", "-t", "-h"]
        if !parsed.options.contains(where: { reads.contains($0.spec.names.first ?? "") }) {
            judgement.effect = judgement.effect.joined(.ask("`multipath` without `-l`/`-ll` creates or reloads device maps"))
        }
    })

    static let iscsiadm = ProgramSpec("iscsiadm", options: [
        value("-m", "--mode"), value("-P", "--print"), value("-r", "--sid"), value("-T", "--targetname"),
        value("-p", "--portal"), value("-I", "--interface"), value("-t", "--type"), value("-n", "--name"),
        value("-v", "--value"), flag("-s", "--stats"), value("-d", "--debug"), flag("-h", "--help"), flag("-V", "--version"),
        value("-o", "--op"), value("-H", "--host"),
        flag("-l", "--login", effect: .effect(.ask("`iscsiadm --login` logs in to a target"))),
        flag("-u", "--logout", effect: .effect(.ask("`iscsiadm --logout` logs out of a target (its disks vanish)"))),
        value("-L", "--loginall", effect: .effect(.ask("`iscsiadm --loginall` logs in to targets"))),
        value("-U", "--logoutall", effect: .effect(.ask("`iscsiadm --logoutall` logs out of targets"))),
        flag("-R", "--rescan", effect: .effect(.change("`iscsiadm --rescan` rescans a session's disks"))),
        flag("-k", "--killiscsid", effect: .effect(.ask("`iscsiadm --killiscsid` stops the iSCSI daemon"))),
        flag("-S", "--show", effect: .effect(.ask("`iscsiadm --show` prints CHAP passwords"))),
    ], refine: { parsed, judgement in
        for option in parsed.options {
            switch option.spec.names.first {
            case "-o" where option.value?.literal != "show":
                judgement.effect = judgement.effect.joined(.ask("`iscsiadm --op` other than `show` changes the node database"))
            case "-t":
                judgement.effect = judgement.effect.joined(.ask("`iscsiadm -m discovery -t` discovers targets into the node database"))
            case "-m" where option.value?.literal.map({ !["session", "node", "discovery", "iface", "host"].contains($0) }) ?? true:
                judgement.effect = judgement.effect.joined(.ask("`iscsiadm -m \(option.value?.display ?? "")` is not a listing mode we know"))
            default: break
            }
        }
    })
}
