/// Policy v3 specs: packages (`apt`, `apt-get`, `apt-cache`, `dpkg`, `dpkg-query`).
///
/// Sources read: apt `apt-private/private-cmndline.cc` (options per command; options anywhere;
/// `-o Name=Value` and `-c FILE` set any configuration item — `DPkg::Pre-Invoke`,
/// `APT::Update::Pre-Invoke`, `Dir::Bin::dpkg` run programs), `apt-private/private-install.cc`
/// (`pkg-` removes, a path or `*.deb` installs a local file whose maintainer scripts run as root,
/// globs and `?patterns` select many), dpkg `src/main/main.c` (`ACTION` table, `--pre-invoke`,
/// `--post-invoke`, `--force-*`) and `src/query/main.c`. `dpkg -l` pages only on a terminal.
extension ServicesSpecs {
    private static func flag(_ names: String..., effect: OptionEffect = .safe) -> OptionSpec { OptionSpec(names, .none, effect) }
    private static func value(_ names: String..., effect: OptionEffect = .safe) -> OptionSpec { OptionSpec(names, .required, effect) }

    private static let aptOptions: [OptionSpec] = [
        flag("-y", "--yes", "--assume-yes"), flag("-q", "--quiet"), flag("-s", "--simulate", "--dry-run", "--just-print", "--no-act", "--recon"),
        flag("-d", "--download-only"), flag("-f", "--fix-broken"), flag("-m", "--ignore-missing", "--fix-missing"),
        flag("--no-install-recommends"), flag("--install-recommends"), flag("--no-install-suggests"), flag("-V", "--verbose-versions"),
        flag("--reinstall"), flag("--purge"), value("-t", "--target-release", "--default-release"), flag("--only-upgrade"),
        flag("--no-upgrade"), flag("--no-download"), flag("--print-uris"), flag("--no-remove"), flag("--trivial-only"),
        flag("--list-cleanup"), flag("--full"), flag("--names-only"), flag("--installed"), flag("--upgradable"),
        flag("-a", "--all-versions"), flag("--manual-installed"), flag("-h", "--help"), flag("-v", "--version"),
        flag("--mark-auto"), flag("--show-progress"), flag("--no-show-upgraded"), flag("-i", "--important"),
        flag("--recurse"), flag("-n"), flag("--generate"), flag("--no-all-versions"), flag("--color"), flag("--no-color"),
        value("-o", "--option"),
        value("-c", "--config-file", effect: .runsFile),
        flag("--auto-remove", "--autoremove", effect: .effect(.ask("`--autoremove` also removes packages"))),
        flag("--allow-unauthenticated", effect: .effect(.ask("`--allow-unauthenticated` installs unsigned packages"))),
        flag("--allow-downgrades", effect: .effect(.ask("`--allow-downgrades` downgrades packages"))),
        flag("--allow-remove-essential", effect: .effect(.ask("`--allow-remove-essential` removes essential packages"))),
        flag("--allow-change-held-packages", effect: .effect(.ask("`--allow-change-held-packages` changes held packages"))),
        flag("--force-yes", effect: .effect(.ask("`--force-yes` overrides every safety question"))),
    ]

    /// `-o`: configuration items that run programs are denied; any other override asks.
    private static let aptConfiguration: SpecRefinement = { parsed, judgement in
        for option in parsed.options where option.spec.names.first == "-o" {
            guard let text = option.value?.literal?.lowercased() else {
                judgement.effect = judgement.effect.joined(.deny("an apt `-o` setting only known at run time"))
                continue
            }
            let runs = ["invoke", "pre-install-pkgs", "post-install", "dir", "dpkg::options", "::bin", "methods", "hook",
                        "apt::key", "aptlistbugs", "::exec", "gpgv"]
            if runs.contains(where: { text.contains($0) }) {
                judgement.effect = judgement.effect.joined(.deny("apt `-o \(option.value?.display ?? "")` can make apt run a program"))
            } else {
                judgement.effect = judgement.effect.joined(.ask("apt `-o \(option.value?.display ?? "")` overrides apt's configuration"))
            }
        }
    }

    /// `install PKG…`: repository names only.
    private static let installNames: SpecRefinement = { parsed, judgement in
        for operand in parsed.operands {
            guard let name = operand.literal else {
                judgement.effect = judgement.effect.joined(.ask("the package `\(operand.display)` is only known at run time"))
                continue
            }
            let files = [".deb", ".udeb", ".ddeb", ".dsc", ".changes"]
            if name.hasPrefix("/") || name.hasPrefix(".") || name.hasPrefix("~") || files.contains(where: { name.hasSuffix($0) }) {
                judgement.effect = judgement.effect.joined(.deny("`\(name)` is a local package file: its maintainer scripts run as root unchecked"))
            } else if name.hasSuffix("-") {
                judgement.effect = judgement.effect.joined(.ask("`\(name)` removes a package"))
            } else if name.contains(where: { "*?[]~^!()".contains($0) }) {
                judgement.effect = judgement.effect.joined(.ask("`\(name)` is a pattern that can select many packages"))
            } else if !name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.:=/_".contains($0)) }) {
                judgement.effect = judgement.effect.joined(.ask("`\(name)` is not a package name"))
            }
        }
    }

    private static func apt(_ program: String, reads: [String], changes: [String: String], asks: [String: String]) -> ProgramSpec {
        var verbs = reads.map { ProgramSpec($0, options: aptOptions, refine: aptConfiguration) }
        verbs += changes.sorted(by: { $0.key < $1.key }).map { verb, reason in
            let names = verb == "install" || verb == "reinstall"
            return ProgramSpec(verb, options: aptOptions, effect: .change("`\(program) \(verb)` \(reason)"),
                               refine: { parsed, judgement in
                                   aptConfiguration(parsed, &judgement)
                                   if names { installNames(parsed, &judgement) }
                               })
        }
        verbs += asks.sorted(by: { $0.key < $1.key }).map { verb, reason in
            ProgramSpec(verb, options: aptOptions, effect: .ask("`\(program) \(verb)` \(reason)"), refine: aptConfiguration)
        }
        return ProgramSpec(program, options: aptOptions, subcommands: verbs, refine: aptConfiguration)
    }

    private static let aptAsks = [
        "upgrade": "upgrades every package", "full-upgrade": "upgrades and removes packages",
        "dist-upgrade": "upgrades and removes packages", "remove": "removes packages", "purge": "removes packages and their configuration",
        "autoremove": "removes packages", "autopurge": "removes packages and their configuration",
        "satisfy": "installs and removes packages", "edit-sources": "opens an editor on the sources", "source": "downloads and may build source",
        "build-dep": "installs build dependencies", "download": "writes package files into the directory", "markauto": "changes package marks",
        "unmarkauto": "changes package marks", "dselect-upgrade": "applies package selections",
    ]

    private static let aptChanges = [
        "update": "refreshes the package lists", "install": "installs packages from the repositories",
        "reinstall": "reinstalls packages from the repositories", "clean": "empties the package cache",
        "autoclean": "prunes the package cache",
    ]

    static let aptPrograms: [ProgramSpec] = [
        apt("apt", reads: ["list", "search", "show", "policy", "showsrc", "depends", "rdepends", "changelog", "madison", "help", "moo"],
            changes: aptChanges, asks: aptAsks),
        apt("apt-get", reads: ["check", "changelog", "indextargets", "help", "moo"], changes: aptChanges, asks: aptAsks),
        apt("apt-cache", reads: ["policy", "show", "showpkg", "search", "depends", "rdepends", "madison", "pkgnames", "stats",
                                 "dump", "dumpavail", "unmet", "showsrc", "xvcg", "dotty", "showauto"],
            changes: ["gencaches": "rebuilds the package cache"], asks: [:]),
    ]

    private static func dpkgAction(_ names: String..., argument: OptionArgument = .none, effect: Effect) -> OptionSpec {
        OptionSpec(names, argument, .effect(effect))
    }

    private static let dpkgQueries: [OptionSpec] = [
        flag("-l", "--list"), flag("-L", "--listfiles"), flag("-S", "--search"), flag("-s", "--status"),
        flag("-p", "--print-avail"), flag("-W", "--show"), value("-f", "--showformat"), flag("--no-pager"),
        flag("-c", "--control-path"), flag("--control-list"), flag("--control-show"), flag("--load-avail"),
        value("--admindir", effect: .readsFile), value("--root", effect: .readsFile), flag("-h", "--help"), flag("--version"),
    ]

    static let dpkgQuery = ProgramSpec("dpkg-query", options: dpkgQueries)

    static let dpkg = ProgramSpec("dpkg", options: dpkgQueries.filter { !["-W", "-f", "-c"].contains($0.names.first ?? "") } + [
        flag("--get-selections"), flag("-C", "--audit"), flag("--print-architecture"), flag("--print-foreign-architectures"),
        flag("--compare-versions"), flag("-V", "--verify"), value("--verify-format"), flag("-I", "--info"),
        flag("-c", "--contents"), flag("--no-act", "--dry-run", "--simulate"), value("-D", "--debug"), value("--status-fd"),
        flag("--yet-to-unpack"), flag("--predep-package"), flag("--assert-multi-arch"),
        dpkgAction("-i", "--install", effect: .deny("`dpkg --install` runs the package file's maintainer scripts as root")),
        dpkgAction("--unpack", effect: .deny("`dpkg --unpack` runs the package file's maintainer scripts as root")),
        dpkgAction("-r", "--remove", effect: .ask("`dpkg --remove` removes packages")),
        dpkgAction("-P", "--purge", effect: .ask("`dpkg --purge` removes packages and their configuration")),
        dpkgAction("--configure", effect: .ask("`dpkg --configure` runs maintainer scripts")),
        dpkgAction("--triggers-only", effect: .ask("`dpkg --triggers-only` runs package triggers")),
        dpkgAction("--set-selections", effect: .ask("`dpkg --set-selections` replaces package selections")),
        dpkgAction("--clear-selections", effect: .ask("`dpkg --clear-selections` drops package selections")),
        dpkgAction("--clear-avail", "--update-avail", "--merge-avail", "--forget-old-unavail",
                   effect: .ask("changes dpkg's database of available packages")),
        dpkgAction("-A", "--record-avail", effect: .ask("`dpkg --record-avail` changes dpkg's database")),
        dpkgAction("--add-architecture", "--remove-architecture", argument: .required, effect: .ask("changes dpkg's architectures")),
        dpkgAction("-x", "--extract", "-X", "--vextract", "-b", "--build", effect: .ask("writes package contents or packages")),
        dpkgAction("--force-all", "--force-depends", "--force-confnew", "--force-confold", "--force-overwrite",
                   "--force-remove-essential", effect: .ask("`--force-…` overrides dpkg's safety checks")),
        OptionSpec(["--log"], .required, .writesFile(truncates: false)),
        OptionSpec(["--pre-invoke", "--post-invoke"], .required, .runs("`dpkg --pre-invoke`/`--post-invoke` runs a command")),
        OptionSpec(["--instdir"], .required, .effect(.ask("`dpkg --instdir` installs into another directory"))),
    ])
}
