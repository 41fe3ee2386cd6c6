/// Policy v3 specs: hardware inventory (util-linux, pciutils, usbutils, dmidecode, smartmontools,
/// nvme-cli, lm-sensors, dmesg). Inventory is a read; what writes a cache, runs a test, clears a
/// buffer or changes a device asks.
enum HardwareSpecs {
    typealias O = OptionSpec

    static let nvmeReads = ["list", "list-subsys", "list-ns", "list-ctrl", "smart-log", "id-ctrl", "id-ns", "id-ns-desc",
                            "error-log", "fw-log", "effects-log", "get-log", "show-regs", "get-feature", "endurance-log",
                            "self-test-log", "version", "help", "show-topology", "primary-ctrl-caps"]

    static let all: [ProgramSpec] = [
        ProgramSpec("lsblk", options: O.list([.value("-o", "--output"), .value("-e", "--exclude"), .value("-I", "--include"),
            .value("-x", "--sort"), .value("-E", "--dedup"), .value("-w", "--width"), .optionalValue("-Q", "--filter"),
            .value("--sysroot"), .optionalValue("--highlight"), .value("--ct"), .value("--ct-filter"), .value("-H",
                "--list-columns")],
            O.letters("abdDfzJlnOpPrsStTmMAiNvyVh"), O.longFlags("all", "bytes", "nodeps", "discard", "fs", "json", "list",
            "noheadings", "output-all", "pairs", "raw", "inverse", "topology", "tree", "perms", "scsi", "nvme", "virtio",
            "ascii", "merge", "noempty", "paths", "zoned", "shell", "help", "version"))),
        ProgramSpec("blkid", options: O.list([
            .writes("-c", "--cache-file", truncates: false),
            .asks("-g", "--garbage-collect", because: "rewrites the blkid cache"),
            .value("-o", "--output"), .value("-s", "--match-tag"), .value("-t", "--match-token"), .value("-L", "--label"),
            .value("-U", "--uuid"), .value("-n", "--match-types"), .value("-u", "--usages"), .value("-O", "--offset"),
            .value("-S", "--size"), .value("-w", "--write-cache"),
        ], O.letters("dHiklpVh"), O.longFlags("no-encoding", "hint", "info", "list-filesystems", "probe", "list-one",
            "help", "version")), operands: .readFiles),
        ProgramSpec("lscpu", options: O.list([.optionalValue("-e", "--extended"), .optionalValue("-p", "--parse"),
            .value("-s", "--sysroot")], O.letters("abcJxyBCVh"), O.longFlags("all", "online", "offline", "caches", "json",
            "hex", "physical", "bytes", "output-all", "raw", "help", "version"))),
        ProgramSpec("lspci", options: O.list([.value("-s"), .value("-d"), .reads("-i"), .reads("-p"), .reads("-F"),
            .value("-A"), .value("-O"), .value("-H")], O.letters("mtvknxbDPMqQJ"))),
        ProgramSpec("lsusb", options: O.list([.value("-s"), .value("-d"), .value("-D")], O.letters("vtVh"),
            O.longFlags("verbose", "tree", "version", "help"))),
        ProgramSpec("dmidecode", options: O.list([
            .writes("--dump-bin"), .reads("--from-dump"), .reads("-d", "--dev-mem"),
            .value("-t", "--type"), .value("-s", "--string"), .value("-H", "--handle"), .value("--oem-string"),
        ], O.letters("quhV"), O.longFlags("quiet", "dump", "no-sysfs", "no-quirks", "list", "help", "version"))),
        ProgramSpec("smartctl", options: O.list([
            .asks("-t", "--test", argument: .required, because: "`smartctl -t` starts a drive self-test"),
            .asks("-X", "--abort", because: "`smartctl -X` aborts a self-test"),
            .asks("-s", "--smart", argument: .required, because: "`smartctl -s` changes the drive's SMART settings"),
            .asks("-o", "--offlineauto", argument: .required, because: "changes the drive's settings"),
            .asks("-S", "--saveauto", argument: .required, because: "changes the drive's settings"),
            .asks("--set", argument: .required, because: "changes the drive's settings"),
            .value("-d", "--device"), .value("-l", "--log"), .value("-n", "--nocheck"), .value("-T", "--tolerance"),
            .value("-b", "--badsum"), .value("-r", "--report"), .value("-v", "--vendorattribute"), .value("-F",
                "--firmwarebug"),
            .value("-P", "--presets"), .value("-g", "--get"), .value("-q", "--quietmode"), .optionalValue("-j", "--json"),
            .value("-B", "--drivedb"), .value("-f", "--format"),
        ], O.letters("aixHcAChV"), O.longFlags("all", "info", "xall", "health", "capabilities", "attributes", "captive",
            "scan", "scan-open", "help", "version", "identify"))),
        ProgramSpec("nvme", style: .operandsOnly, refine: SpecRefinements.firstOperandAmong(nvmeReads, program: "nvme",
            why: "changes or erases the NVMe device")),
        ProgramSpec("sensors", options: O.list([
            .reads("-c", "--config-file"),
            .asks("-s", "--set", because: "`sensors -s` writes limits to the chips"),
        ], O.letters("hAuvfj"), O.longFlags("help", "no-adapter", "bus-list", "version", "fahrenheit"))),
        ProgramSpec("dmesg", options: O.list([
            .asks("-c", "--read-clear", because: "clears the kernel ring buffer"),
            .asks("-C", "--clear", because: "clears the kernel ring buffer"),
            .asks("-n", "--console-level", argument: .required, because: "changes the console log level"),
            .asks("-D", "--console-off", because: "changes console logging"),
            .asks("-E", "--console-on", because: "changes console logging"),
            .reads("-F", "--file"), .value("-f", "--facility"), .value("-l", "--level"), .value("-s", "--buffer-size"),
            .value("--since"), .value("--until"), .optionalValue("-L", "--color"), .optionalValue("--time-format"),
        ], O.letters("dexHkPrStTuwWJVh"), O.longFlags("show-delta", "reltime", "decode", "human", "kernel", "nopager",
            "raw", "syslog", "notime", "ctime", "userspace", "follow", "follow-new", "json", "noescape", "force-prefix",
            "help", "version"))),
        ProgramSpec("lshw", style: .longOnly, options: O.list([.value("--class", "-C"), .value("--disable"),
            .value("--enable")], [.flag("--short"), .flag("--businfo"), .flag("--json"), .flag("--xml"), .flag("--html"),
            .flag("--sanitize"), .flag("--numeric"), .flag("--quiet"), .flag("--notime"), .flag("--version"),
                .flag("--help")])),
        ProgramSpec("lsmod"),
        ProgramSpec("lsscsi", options: O.list(O.letters("bcdDgHiklLNpPsStuUvVwxy"), O.longFlags("classic", "device",
            "generic",
            "help", "hosts", "kname", "long", "list", "size", "verbose", "version", "transport", "unit", "wwn"))),
    ]
}

extension SpecRefinements {
    /// A CLI whose first operand is a command (`nvme list`): the listed ones read, others ask.
    static func firstOperandAmong(_ reads: [String], program: String, why: String) -> SpecRefinement {
        let known = Set(reads)
        return { parsed, judgement in
            guard let first = parsed.operands.first else { return }
            guard let word = first.literal else {
                judgement.effect = judgement.effect.joined(.deny("`\(program)` command `\(OptionParserClip.clip(first.display))` is only known at run time"))
                return
            }
            judgement.normalized.subcommands = [word]
            judgement.normalized.operands = Array(parsed.operands.dropFirst())
            if !known.contains(word) && !word.hasPrefix("-") {
                judgement.effect = judgement.effect.joined(.ask("`\(program) \(OptionParserClip.clip(word))` \(why)"))
            } else if word.hasPrefix("-") && word != "--help" && word != "--version" && word != "-h" {
                judgement.effect = judgement.effect.joined(.ask("`\(program) \(OptionParserClip.clip(word))` is not in its specification"))
            }
        }
    }
}
