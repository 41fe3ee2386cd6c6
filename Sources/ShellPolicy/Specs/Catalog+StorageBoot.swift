/// Policy v3 specs: disk images and boot loaders (`qemu-img`, `proxmox-boot-tool`, `efibootmgr`).
///
/// Sources read: qemu `qemu-img-cmds.hx` and `qemu-img.c` (each command's getopt string and long
/// options; `--object` instantiates QOM objects, e.g. a `secret` read from a file; `check -r` repairs),
/// pve-kernel-helper `bin/proxmox-boot-tool` (its positional commands), efibootmgr `src/efibootmgr.c`
/// (`long_options`: no option lists the boot entries, the rest write EFI variables).
extension StorageSpecs {
    private static func flag(_ names: String..., effect: OptionEffect = .safe) -> OptionSpec { OptionSpec(names, .none, effect) }
    private static func value(_ names: String..., effect: OptionEffect = .safe) -> OptionSpec { OptionSpec(names, .required, effect) }

    private static let qemuObject = value("--object", effect: .effect(.ask("`qemu-img --object` creates objects that can read files (secrets, TLS keys)")))

    private static func image(_ name: String, _ options: [OptionSpec], effect: Effect = .read,
                              refine: SpecRefinement? = nil) -> ProgramSpec {
        ProgramSpec(name, options: options + [qemuObject, flag("--image-opts"), flag("-U", "--force-share"), flag("-h", "--help")],
                    operands: .readFiles, effect: effect, refine: refine)
    }

    private static func imageAsks(_ names: String...) -> [ProgramSpec] {
        names.map { ProgramSpec($0, effect: .ask("`qemu-img \($0)` writes disk images")) }
    }

    static let qemuImg = ProgramSpec("qemu-img", options: [flag("-h", "--help"), flag("-V", "--version")], subcommands: [
        image("info", [value("-f", "--format"), value("--output"), flag("--backing-chain"), flag("--limits"), value("-t", "--cache")]),
        image("check", [value("-f", "--format"), value("--output"), value("-T"), flag("-q"),
                        value("-r", effect: .effect(.ask("`qemu-img check -r` repairs the image")))]),
        image("map", [value("-f", "--format"), value("--output"), value("-s", "--start-offset"), value("-l", "--max-length")]),
        image("measure", [value("-f", "--format"), value("-O"), value("--size"), value("-o"), value("-s"), value("-l")]),
        image("compare", [value("-f"), value("-F"), value("-T"), flag("-p"), flag("-q"), flag("-s")]),
        image("snapshot", [flag("-l"), flag("-q"), value("-f"),
                           value("-a", effect: .effect(.ask("`qemu-img snapshot -a` reverts the image to a snapshot"))),
                           value("-c", effect: .effect(.ask("`qemu-img snapshot -c` writes a snapshot into the image"))),
                           value("-d", effect: .effect(.ask("`qemu-img snapshot -d` deletes a snapshot")))],
              refine: { parsed, judgement in
                  if !parsed.options.contains(where: { $0.spec.names.first == "-l" }) {
                      judgement.effect = judgement.effect.joined(.ask("`qemu-img snapshot` without `-l` changes the image"))
                  }
              }),
    ] + imageAsks("convert", "create", "commit", "rebase", "resize", "amend", "bench", "bitmap", "dd"))

    static let proxmoxBootTool = ProgramSpec("proxmox-boot-tool", subcommands: [
        ProgramSpec("status", options: [flag("--quiet")]),
        ProgramSpec("help"),
        ProgramSpec("refresh", options: [value("--hook")], effect: .change("`proxmox-boot-tool refresh` copies kernels to the boot partitions")),
        ProgramSpec("kernel", subcommands: [
            ProgramSpec("list"),
            ProgramSpec("add", effect: .ask("`proxmox-boot-tool kernel add` changes which kernels boot")),
            ProgramSpec("remove", effect: .ask("`proxmox-boot-tool kernel remove` changes which kernels boot")),
            ProgramSpec("pin", options: [flag("--next-boot")], effect: .ask("`proxmox-boot-tool kernel pin` changes the kernel that boots")),
            ProgramSpec("unpin", options: [flag("--next-boot")], effect: .ask("`proxmox-boot-tool kernel unpin` changes the kernel that boots")),
        ]),
        ProgramSpec("format", options: [flag("--force")], effect: .ask("`proxmox-boot-tool format` formats a partition")),
        ProgramSpec("init", effect: .ask("`proxmox-boot-tool init` installs a boot loader on a partition")),
        ProgramSpec("reinit", effect: .ask("`proxmox-boot-tool reinit` reinstalls every boot loader")),
        ProgramSpec("clean", options: [flag("--dry-run")], effect: .ask("`proxmox-boot-tool clean` forgets boot partitions")),
    ])

    private static func efiWrite(_ short: String, _ long: String, _ argument: OptionArgument = .none) -> OptionSpec {
        OptionSpec([short, long], argument, .effect(.ask("`efibootmgr \(long)` changes the firmware's boot entries")))
    }

    static let efibootmgr = ProgramSpec("efibootmgr", options: [
        flag("-v", "--verbose"), flag("-q", "--quiet"), flag("-V", "--version"), flag("-u", "--unicode"),
        efiWrite("-a", "--active"), efiWrite("-A", "--inactive"), efiWrite("-b", "--bootnum", .required),
        efiWrite("-B", "--delete-bootnum"), efiWrite("-c", "--create"), efiWrite("-C", "--create-only"),
        efiWrite("-n", "--bootnext", .required), efiWrite("-N", "--delete-bootnext"), efiWrite("-o", "--bootorder", .required),
        efiWrite("-O", "--delete-bootorder"), efiWrite("-t", "--timeout", .required), efiWrite("-T", "--delete-timeout"),
        efiWrite("-d", "--disk", .required), efiWrite("-p", "--part", .required), efiWrite("-l", "--loader", .required),
        efiWrite("-L", "--label", .required), efiWrite("-w", "--write-signature"), efiWrite("-r", "--driver"),
        efiWrite("-y", "--sysprep"), efiWrite("-e", "--edd", .required), efiWrite("-E", "--device", .required),
        efiWrite("-f", "--reconnect"), efiWrite("-F", "--no-reconnect"), efiWrite("-g", "--gpt"),
        efiWrite("-i", "--iface", .required), efiWrite("-m", "--mirror-below-4G", .required),
        efiWrite("-M", "--mirror-above-4G", .required), efiWrite("-@", "--append-binary-args", .required),
    ])
}
