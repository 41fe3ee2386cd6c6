/// Policy v3 spec: `systemctl`, and unit names as systemd reads them.
///
/// Sources read: systemd `src/systemctl/systemctl.c` (`systemctl_parse_argv`: getopt_long, options
/// anywhere, the verb is the first operand), `src/systemctl/systemctl-*.c` (what each verb does),
/// `src/basic/unit-name.c` (`unit_name_mangle_with_suffix`: a name without a unit type gets
/// `.service`; a glob is kept as a pattern and matched against loaded units), pve-manager
/// `services/pve-guests.service` (stopping or restarting it stops every guest) and pve-ha-manager's
/// units (restarting the LRM with the watchdog armed can fence the node).
/// With stdout not a terminal (as on our channel) systemctl starts no pager; `--no-pager` is safe anyway.
extension ServicesSpecs {
    private static func flag(_ names: String..., effect: OptionEffect = .safe) -> OptionSpec { OptionSpec(names, .none, effect) }
    private static func value(_ names: String..., effect: OptionEffect = .safe) -> OptionSpec { OptionSpec(names, .required, effect) }

    /// systemctl reads its options anywhere; every verb's spec carries them all.
    static let systemctlOptions: [OptionSpec] = [
        value("-t", "--type"), value("--state"), value("-p", "--property"), flag("-P"), flag("-a", "--all"),
        flag("-r", "--recursive"), flag("--reverse"), flag("--after"), flag("--before"), flag("--with-dependencies"),
        flag("-l", "--full"), flag("--value"), flag("--show-types"), flag("--failed"), flag("-q", "--quiet"),
        flag("--no-block"), flag("--wait"), flag("--no-wall"), flag("--no-reload"), flag("--no-legend"),
        OptionSpec(["--legend"], .required), flag("--no-pager"), flag("--no-ask-password"), flag("--system"), flag("--user"),
        flag("--global"), flag("--runtime"), flag("--now"), flag("--dry-run"), flag("--plain"), value("-n", "--lines"),
        value("-o", "--output"), value("--timestamp"), value("--kill-whom", "--kill-value"), value("-s", "--signal"),
        value("--what"), value("--message"), flag("-i", "--ignore-inhibitors"), value("--check-inhibitors"),
        flag("-T", "--show-transaction"), value("--json"), flag("--no-warn"), flag("-h", "--help"), flag("--version"),
        value("--preset-mode"), flag("--read-only"), flag("--mkdir"), value("--drop-in"), value("--job-mode"),
        flag("--marked", effect: .effect(.ask("`systemctl --marked` acts on every unit marked for a restart"))),
        value("-H", "--host", effect: .effect(.ask("`systemctl --host` controls another machine"))),
        value("-M", "--machine", effect: .effect(.ask("`systemctl --machine` controls a container's systemd"))),
        value("--root", effect: .effect(.ask("`systemctl --root` edits the unit files of another tree"))),
        value("--image", effect: .effect(.ask("`systemctl --image` edits the unit files of a disk image"))),
        flag("-f", "--force", effect: .effect(.ask("`systemctl --force` skips the orderly shutdown of units"))),
        flag("--firmware-setup", effect: .effect(.ask("`systemctl --firmware-setup` reboots into the firmware"))),
        value("--boot-loader-menu", effect: .effect(.ask("`--boot-loader-menu` changes the next boot"))),
        value("--boot-loader-entry", effect: .effect(.ask("`--boot-loader-entry` changes the next boot"))),
        value("--when", effect: .effect(.ask("`systemctl --when` schedules a shutdown"))),
    ]

    static let systemctlReads = [
        "status", "is-active", "is-enabled", "is-failed", "is-system-running", "list-units", "list-unit-files",
        "list-timers", "list-sockets", "list-jobs", "list-dependencies", "list-machines", "list-automounts", "list-paths",
        "show", "cat", "get-default", "show-environment", "help", "whoami",
    ]

    /// Verbs that start, restart or reload units: everyday, unless the unit is one whose restart stops
    /// every guest, the cluster, or the way in.
    static let systemctlRestarts = [
        "start", "restart", "reload", "try-restart", "reload-or-restart", "try-reload-or-restart", "condrestart",
        "force-reload", "condreload", "reset-failed",
    ]

    static let systemctlAsks: [String: String] = [
        "stop": "stops units", "kill": "signals a unit's processes", "freeze": "freezes a unit", "thaw": "thaws a unit",
        "clean": "deletes a unit's state, cache or logs", "enable": "changes what starts at boot",
        "disable": "changes what starts at boot", "reenable": "changes what starts at boot", "preset": "changes what starts at boot",
        "preset-all": "changes what starts at boot", "mask": "makes a unit impossible to start",
        "unmask": "makes a masked unit startable", "link": "adds unit files", "revert": "drops unit customizations",
        "add-wants": "changes unit dependencies", "add-requires": "changes unit dependencies", "set-default": "changes the boot target",
        "edit": "opens an editor on unit files", "set-property": "changes a unit's resource limits",
        "set-environment": "changes the manager's environment", "unset-environment": "changes the manager's environment",
        "import-environment": "changes the manager's environment", "daemon-reload": "reloads every unit file",
        "daemon-reexec": "re-executes the service manager", "isolate": "stops every unit the target does not need",
        "poweroff": "powers the node off", "reboot": "reboots the node", "halt": "halts the node", "kexec": "reboots the node",
        "soft-reboot": "restarts the node's userspace", "suspend": "suspends the node", "hibernate": "hibernates the node",
        "hybrid-sleep": "suspends the node", "suspend-then-hibernate": "suspends the node", "sleep": "suspends the node",
        "rescue": "stops every service", "emergency": "stops every service", "default": "changes the running target",
        "exit": "stops the service manager", "switch-root": "switches the root file system", "bind": "mounts into a unit",
        "mount-image": "mounts into a unit", "log-level": "changes the manager's log level",
        "log-target": "changes the manager's log target", "service-watchdogs": "changes the watchdogs",
        "service-log-level": "changes a service's log level", "service-log-target": "changes a service's log target",
    ]

    /// Units whose start, restart or reload stops every guest, breaks the cluster, or cuts the way in.
    static let criticalUnits: Set<String> = [
        "pve-guests.service", "pve-ha-lrm.service", "pve-ha-crm.service", "pve-cluster.service", "corosync.service",
        "watchdog-mux.service", "lxc.service", "lxcfs.service", "networking.service", "ssh.service", "sshd.service",
        "systemd-networkd.service", "dbus.service", "dbus-broker.service", "systemd-logind.service", "open-iscsi.service",
        "iscsid.service", "multipathd.service", "emergency.service", "rescue.service", "zfs-mount.service",
        "zfs-import-cache.service", "zfs-import-scan.service", "zfs-zed.service",
    ]

    /// systemd's own services that power the node off, reboot or suspend it when started.
    static let powerUnitWords = ["reboot", "poweroff", "halt", "kexec", "suspend", "hibernate", "sleep", "shutdown"]

    static let systemctl: ProgramSpec = {
        var verbs = systemctlReads.map { verb in
            ProgramSpec(verb, options: systemctlOptions, refine: { parsed, judgement in judgeUnits(parsed, &judgement, verb: verb) })
        }
        verbs += systemctlRestarts.map { verb in
            ProgramSpec(verb, options: systemctlOptions, effect: .change("`systemctl \(verb)` of a service"),
                        refine: { parsed, judgement in judgeUnits(parsed, &judgement, verb: verb) })
        }
        verbs += systemctlAsks.sorted(by: { $0.key < $1.key }).map { verb, reason in
            ProgramSpec(verb, options: systemctlOptions, effect: .ask("`systemctl \(verb)` \(reason)"),
                        refine: { parsed, judgement in judgeUnits(parsed, &judgement, verb: verb) })
        }
        return ProgramSpec("systemctl", options: systemctlOptions, subcommands: verbs, refine: { parsed, judgement in
            // systemctl without a verb is `list-units`.
            if parsed.operands.isEmpty { judgement.normalized.subcommands = ["list-units"] }
        })
    }()

    /// Normalizes the units for host rules and asks for units or patterns whose restart is not everyday.
    static func judgeUnits(_ parsed: ParsedArguments, _ judgement: inout ProgramJudgement, verb: String) {
        var units: [ArgumentValue] = []
        for operand in parsed.operands {
            guard let text = operand.literal else {
                judgement.effect = judgement.effect.joined(.deny("the unit `\(operand.display)` of `systemctl \(verb)` is only known at run time"))
                units.append(operand)
                continue
            }
            let unit = SystemdUnit(text)
            units.append(.literal(unit.name))
            guard systemctlRestarts.contains(verb) else { continue }
            if let problem = unit.restartProblem { judgement.effect = judgement.effect.joined(.ask("`systemctl \(verb) \(text)`: \(problem)")) }
        }
        judgement.normalized.operands = units
        if let jobMode = parsed.options.first(where: { $0.spec.names.first == "--job-mode" }),
           !["fail", "replace"].contains(jobMode.value?.literal ?? "") {
            judgement.effect = judgement.effect.joined(.ask("`systemctl --job-mode \(jobMode.value?.display ?? "")` can stop other units"))
        }
        if verb == "start" || verb == "restart", parsed.operands.isEmpty {
            judgement.effect = judgement.effect.joined(.ask("`systemctl \(verb)` without a unit"))
        }
    }
}

/// A unit name as `unit_name_mangle` reads it: no type suffix means `.service`.
struct SystemdUnit: Sendable, Hashable {
    static let types: Set<String> = ["service", "socket", "target", "device", "mount", "automount", "swap", "timer",
                                     "path", "slice", "scope"]
    let name: String
    let isPattern: Bool

    init(_ text: String) {
        isPattern = text.contains(where: { "*?[".contains($0) })
        name = isPattern || Self.types.contains(Self.type(of: text) ?? "") ? text : text + ".service"
    }

    /// The text after the last dot (`"service"`; `""` for `x.`; nil without a dot).
    static func type(of name: String) -> String? {
        guard let dot = name.lastIndex(of: ".") else { return nil }
        return String(name[name.index(after: dot)...])
    }

    /// Why starting or restarting this unit is not an everyday change (nil: it is).
    var restartProblem: String? {
        if isPattern { return "a pattern can match every unit, `pve-guests` included" }
        if name.hasPrefix("/") || name.contains("\\") || name.hasPrefix("-") { return "a path or escaped name is mangled into a unit we cannot name" }
        if ServicesSpecs.criticalUnits.contains(name) { return "restarting it stops every guest, the cluster, storage or the way in" }
        if name.hasPrefix("systemd-"), ServicesSpecs.powerUnitWords.contains(where: { name.contains($0) }) {
            return "it powers the node off, reboots or suspends it"
        }
        let type = Self.type(of: name) ?? ""
        if type != "service" && type != "timer" && type != "path" && type != "socket" {
            return "a .\(type) unit (targets, mounts, slices and scopes hold storage, guests or the whole system)"
        }
        if type == "socket", name.hasPrefix("ssh") { return "restarting it cuts the way in" }
        return nil
    }
}
