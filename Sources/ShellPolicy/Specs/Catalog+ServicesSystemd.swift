/// Policy v3 specs: `journalctl` and the other systemd tools (`timedatectl`, `hostnamectl`,
/// `loginctl`, `reboot`/`shutdown`/`poweroff`/`halt`).
///
/// Sources read: systemd `src/journal/journalctl.c` (`parse_argv`: `-b` and `-n` take an optional
/// value that may also be the next word — `-b -1` — when it parses as one; `--cursor-file` reads and
/// rewrites its file; `--vacuum-*`, `--rotate`, `--flush`, `--sync`, `--relinquish-var`,
/// `--setup-keys`, `--update-catalog` act on the journal), `src/timedate/timedatectl.c`,
/// `src/hostname/hostnamectl.c`, `src/login/loginctl.c`, `src/systemctl/systemctl-compat-halt.c`.
/// journalctl, like systemctl, pages through `less` only when its output is a terminal (ours is not).
extension ServicesSpecs {
    private static func flag(_ names: String..., effect: OptionEffect = .safe) -> OptionSpec { OptionSpec(names, .none, effect) }
    private static func value(_ names: String..., effect: OptionEffect = .safe) -> OptionSpec { OptionSpec(names, .required, effect) }

    /// `-b -1` reads `-1` as the boot: digits as no-effect short options keep such a boot offset an option
    /// word (journalctl itself refuses `-1` anywhere else, so they never change a verdict).
    private static let bootOffsetDigits: [OptionSpec] = (0...9).map { OptionSpec(["-\($0)"]) }

    static let journalctl = ProgramSpec("journalctl", options: [
        flag("-a", "--all"), OptionSpec(["-b", "--boot"], .optional), flag("-k", "--dmesg"), value("-u", "--unit"),
        value("--user-unit"), value("-t", "--identifier"), value("-T", "--exclude-identifier"), value("-p", "--priority"),
        value("--facility"), value("-g", "--grep"), OptionSpec(["--case-sensitive"], .optional), value("-S", "--since"),
        value("-U", "--until"), value("-c", "--cursor"), value("--after-cursor"), flag("--show-cursor"),
        flag("-e", "--pager-end"), flag("-f", "--follow"), OptionSpec(["-n", "--lines"], .optional), flag("--no-tail"),
        flag("-r", "--reverse"), value("-o", "--output"), value("--output-fields"), flag("-x", "--catalog"),
        flag("-q", "--quiet"), flag("-m", "--merge"), value("--namespace"), flag("--header"), flag("--disk-usage"),
        flag("--list-boots"), value("-F", "--field"), flag("-N", "--fields"), flag("--utc"), flag("--no-hostname"),
        flag("--no-full"), flag("-l", "--full"), flag("--no-pager"), flag("--system"), flag("--user"), flag("--verify"),
        value("--verify-key"), flag("--list-catalog"), flag("--dump-catalog"), flag("--list-namespaces"),
        flag("--new-id128"), value("--invocation"), OptionSpec(["-I"]), flag("-h", "--help"), flag("--version"),
        value("-D", "--directory", effect: .readsFile), value("-i", "--file", effect: .readsFile),
        value("--root", effect: .readsFile), value("--image", effect: .readsFile),
        value("--cursor-file", effect: .writesFile(truncates: true)),
        value("-M", "--machine", effect: .effect(.ask("`journalctl --machine` reads a container's journal"))),
        value("--vacuum-size", effect: .effect(.ask("`journalctl --vacuum-size` deletes journal files"))),
        value("--vacuum-time", effect: .effect(.ask("`journalctl --vacuum-time` deletes journal files"))),
        value("--vacuum-files", effect: .effect(.ask("`journalctl --vacuum-files` deletes journal files"))),
        flag("--rotate", effect: .effect(.change("`journalctl --rotate` starts new journal files"))),
        flag("--flush", effect: .effect(.change("`journalctl --flush` moves the runtime journal to disk"))),
        flag("--sync", effect: .effect(.change("`journalctl --sync` writes pending journal entries"))),
        flag("--relinquish-var", effect: .effect(.ask("`journalctl --relinquish-var` stops journald writing to /var"))),
        flag("--smart-relinquish-var", effect: .effect(.ask("`journalctl --smart-relinquish-var` stops journald writing to /var"))),
        flag("--setup-keys", effect: .effect(.ask("`journalctl --setup-keys` creates sealing keys and prints the secret one"))),
        value("--interval"), flag("--force"),
        flag("--update-catalog", effect: .effect(.change("`journalctl --update-catalog` rebuilds the message catalog"))),
    ] + bootOffsetDigits)

    private static let controlOptions: [OptionSpec] = [
        flag("--no-pager"), flag("--no-legend"), flag("--no-ask-password"), flag("-a", "--all"), value("-p", "--property"),
        flag("-P"), flag("--value"), flag("-l", "--full"), value("-n", "--lines"), value("-o", "--output"),
        value("--json"), flag("-j"), flag("-h", "--help"), flag("--version"),
        value("-H", "--host", effect: .effect(.ask("`--host` controls another machine"))),
        value("-M", "--machine", effect: .effect(.ask("`--machine` controls a container"))),
    ]

    private static func control(_ program: String, reads: [String], asks: [String], reason: String,
                                extra: [OptionSpec] = [], readWithoutArgument: [String] = []) -> ProgramSpec {
        let options = controlOptions + extra
        var verbs = reads.map { ProgramSpec($0, options: options) }
        verbs += readWithoutArgument.map { verb in
            ProgramSpec(verb, options: options, refine: { parsed, judgement in
                if !parsed.operands.isEmpty {
                    judgement.effect = judgement.effect.joined(.ask("`\(program) \(verb) VALUE` \(reason)"))
                }
            })
        }
        verbs += asks.map { ProgramSpec($0, options: options, effect: .ask("`\(program) \($0)` \(reason)")) }
        return ProgramSpec(program, options: options, subcommands: verbs)
    }

    static let timedatectl = control("timedatectl", reads: ["status", "show", "timesync-status", "show-timesync", "list-timezones"],
                                     asks: ["set-time", "set-timezone", "set-local-rtc", "set-ntp", "ntp-servers", "revert"],
                                     reason: "changes the clock or its synchronization",
                                     extra: [flag("--adjust-system-clock"), flag("--monitor")])

    static let hostnamectl = control("hostnamectl", reads: ["status", "show"],
                                     asks: ["set-hostname", "set-icon-name", "set-chassis", "set-deployment", "set-location"],
                                     reason: "renames the node (a cluster node must not be renamed)",
                                     extra: [flag("--static"), flag("--transient"), flag("--pretty")],
                                     readWithoutArgument: ["hostname", "icon-name", "chassis", "deployment", "location"])

    static let loginctl = control("loginctl", reads: ["list-sessions", "session-status", "show-session", "list-users",
                                                      "user-status", "show-user", "list-seats", "seat-status", "show-seat"],
                                  asks: ["activate", "lock-session", "unlock-session", "lock-sessions", "unlock-sessions",
                                         "terminate-session", "kill-session", "enable-linger", "disable-linger",
                                         "terminate-user", "kill-user", "attach", "flush-devices", "terminate-seat"],
                                  reason: "changes or ends sessions", extra: [value("-s", "--signal"), value("--kill-whom")])

    static let powerCommands: [ProgramSpec] = ["reboot", "shutdown", "poweroff", "halt"].map {
        ProgramSpec($0, options: [flag("-f", "--force"), flag("-p", "--poweroff"), flag("-r", "--reboot"), flag("-h", "--halt"),
                                  flag("-k"), flag("-c"), flag("--no-wall"), flag("-w", "--wtmp-only"), flag("-d", "--no-wtmp"),
                                  flag("-n", "--no-sync"), flag("--help")],
                    effect: .ask("`\($0)` takes the node and every guest on it down"))
    }
}
