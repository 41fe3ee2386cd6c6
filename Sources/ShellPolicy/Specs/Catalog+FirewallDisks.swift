/// Policy v3 specs: the listing forms of firewall, mount, partition-table, crontab and archive
/// tools, which operators run all day and whose other forms can cut a node off, unmount its
/// storage or rewrite a disk. Only the listing options are declared: any other option is unknown
/// (ask), and a refinement asks unless the invocation is a listing.
enum FirewallDiskSpecs {
    typealias O = OptionSpec

    static let all: [ProgramSpec] = [
        iptables("iptables"), iptables("ip6tables"), save("iptables-save"), save("ip6tables-save"),
        ProgramSpec("nft", style: .gnuStopAtOperand, options: O.list([
            .asks("-f", "--file", argument: .required, because: "`nft -f` runs a file of ruleset commands"),
            .asks("-i", "--interactive", because: "`nft -i` reads ruleset commands from stdin"),
            .reads("-I", "--includepath"), .value("-T", "--numeric-time"),
            .asks("-o", "--optimize", because: "`nft -o` rewrites the ruleset it loads"),
        ], O.letters("anNsjtSyecvhd"), O.longFlags("handle", "numeric", "stateless", "json", "terse", "service",
            "reversedns", "guid", "numeric-priority", "numeric-protocol", "echo", "check", "version", "help", "debug")),
            refine: SpecRefinements.firstOperandAmong(["list", "describe"], program: "nft",
                                                      why: "changes the firewall ruleset (it can cut the node off)")),
        ProgramSpec("mount", options: O.list([.value("-t", "--types")], O.letters("lhV"),
            O.longFlags("show-labels", "help", "version")),
            refine: listsOnly("mount", because: "mounts a file system")),
        ProgramSpec("findmnt", options: O.list([
            .reads("-F", "--tab-file"), .value("-o", "--output"), .value("-t", "--types"), .value("-O", "--options"),
            .value("-S", "--source"), .value("-T", "--target"), .value("-N", "--task"), .value("-d", "--direction"),
            .value("-w", "--timeout"), .optionalValue("-p", "--poll"), .optionalValue("-M", "--mountpoint"),
            .value("-Q", "--filter"), .value("--id"), .value("--uniq-id"),
        ], O.letters("AabcDeEfiJklmnrsUuvRPhVxyIH"), O.longFlags("all", "ascii", "bytes", "canonicalize", "df", "evaluate",
            "first-only", "invert", "json", "list", "kernel", "mtab", "noheadings", "notruncate", "raw", "fstab",
            "submounts", "nofsroot", "real", "pseudo", "shadowed", "pairs", "output-all", "tree", "verbose", "help",
            "version", "vfs-all", "list-columns", "verify", "shell", "dfi")), operands: .values),
        ProgramSpec("crontab", options: O.list([
            .value("-u"),
            .asks("-e", because: "`crontab -e` edits a crontab"),
            .asks("-r", because: "`crontab -r` removes a crontab"),
            .asks("-n", argument: .required, because: "`crontab -n` installs a crontab"),
        ], O.letters("li")),
            refine: listsOnly("crontab", because: "installs the file as the user's crontab, replacing it")),
        ProgramSpec("fdisk", options: O.list([
            .value("-b", "--sector-size"), .value("-o", "--output"), .optionalValue("-u", "--units"),
            .optionalValue("-L", "--color"), .optionalValue("-c", "--compatibility"), .value("-S", "--sectors"),
            .value("-H", "--heads"), .value("-C", "--cylinders"), .value("--lock"),
        ], O.letters("lxhV"), O.longFlags("list", "list-details", "help", "version")),
            refine: requiresOne(of: ["-l", "--list", "-x", "--list-details", "-h", "--help", "-V", "--version"], program: "fdisk",
                                because: "without `-l`, `fdisk` edits the partition table")),
        ProgramSpec("sfdisk", options: O.list([
            .value("-o", "--output"), .optionalValue("--color"), .value("--lock"), .value("-X", "--label"),
        ], O.letters("ldJsFrVhq"), O.longFlags("list", "dump", "json", "show-size", "list-free", "list-types",
            "verify", "help", "version", "quiet", "bytes")),
            refine: requiresOne(of: ["-l", "--list", "-d", "--dump", "-J", "--json", "-s", "--show-size", "-F", "--list-free",
                                     "-V", "--verify", "-h", "--help", "-v", "--version", "-T", "--list-types"],
                                program: "sfdisk", because: "without a listing option, `sfdisk` writes a partition table")),
        ProgramSpec("parted", options: O.list([.value("-a", "--align")], O.letters("lsmjhv"),
            O.longFlags("list", "script", "machine", "json", "help", "version")),
            refine: partedPrints),
        ProgramSpec("wipefs", options: O.list([
            .asks("-a", "--all", because: "`wipefs -a` erases every signature"),
            .asks("-o", "--offset", argument: .required, because: "`wipefs -o` erases the signature at an offset"),
            .asks("-b", "--backup", argument: .optional, because: "`wipefs -b` writes backup files (and erases)"),
            .asks("-f", "--force", because: "`wipefs -f` forces erasing"),
            .value("-t", "--types"), .value("-O", "--output"), .optionalValue("--lock"),
        ], O.letters("nJpiqhV"), O.longFlags("no-act", "json", "parsable", "noheadings", "quiet", "help", "version"))),
        ProgramSpec("unzip", options: O.letters("lvtqzZ1h"), operands: .readFiles,
            refine: requiresOne(of: ["-l", "-v", "-t", "-z", "-Z", "-Z1"], program: "unzip",
                                because: "without `-l`/`-v`/`-t`, `unzip` extracts files into the current directory")),
    ]

    /// `iptables`/`ip6tables`: only `-L`/`-S` listings with their display modifiers. Every command
    /// that changes a chain (`-A`, `-I`, `-D`, `-R`, `-F`, `-X`, `-P`, `-N`, `-E`, `-Z`) is unknown here
    /// and asks; `--modprobe` runs a program.
    static func iptables(_ name: String) -> ProgramSpec {
        ProgramSpec(name, options: O.list([
            .runs("--modprobe", because: "runs its value to load a kernel module"),
            .value("-t", "--table"), .optionalValue("-w", "--wait"), .value("-W", "--wait-interval"),
        ], O.letters("LSnvxh46V"), O.longFlags("list", "list-rules", "numeric", "verbose", "exact", "line-numbers", "help",
            "version", "ipv4", "ipv6")),
            refine: requiresOne(of: ["-L", "--list", "-S", "--list-rules", "-h", "--help", "-V", "--version"], program: name,
                                because: "changes the firewall (it can cut the node off)"))
    }

    /// `iptables-save`: the rules to stdout; `-f` writes them to a file, `-M` runs a modprobe program.
    static func save(_ name: String) -> ProgramSpec {
        ProgramSpec(name, options: O.list([
            .runs("-M", "--modprobe", because: "runs its value to load a kernel module"),
            .writes("-f", "--file"), .value("-t", "--table"),
        ], O.letters("bcVh"), O.longFlags("binary", "counters", "version", "help")))
    }

    /// The invocation lists (no operands); an operand makes it the change `why` says.
    static func listsOnly(_ program: String, because why: String) -> SpecRefinement {
        { parsed, judgement in
            if !parsed.operands.isEmpty {
                judgement.effect = judgement.effect.joined(.ask("`\(program)` with an operand \(why)"))
            }
        }
    }

    /// At least one of `names` (as the spec names them) was given; else the program changes something.
    static func requiresOne(of names: Set<String>, program: String, because why: String) -> SpecRefinement {
        { parsed, judgement in
            let given = parsed.options.contains { option in option.spec.names.contains(where: names.contains) }
            if !given { judgement.effect = judgement.effect.joined(.ask("`\(program)`: \(why)")) }
        }
    }

    /// `parted -l`, or `parted [-s] DEVICE [unit UNIT] print` (`p` abbreviates print); anything else
    /// (any other command word or abbreviation: `mklabel`, `rm`, `mkpart`, `resizepart`, `rescue`, …, or
    /// no command at all, which is interactive) asks.
    static let partedPrints: SpecRefinement = { parsed, judgement in
        let lists = parsed.options.contains { $0.spec.names.contains("-l") || $0.spec.names.contains("-h") || $0.spec.names.contains("-v") }
        // Every word literal: `$DEV` unquoted could split into `/dev/sda mklabel gpt`.
        let literals = parsed.operands.compactMap(\.literal)
        if literals.count == parsed.operands.count {
            if lists && literals.isEmpty { return }
            var rest = literals.dropFirst()
            if rest.first == "unit", rest.count >= 2 { rest = rest.dropFirst(2) }
            if literals.count >= 2, rest.count == 1, rest.first == "print" || rest.first == "p" { return }
        }
        judgement.effect = judgement.effect.joined(.ask("`parted` with anything but `print` (or `-l`) changes the partition table or asks interactively"))
    }
}
