/// Guarded mode's host-availability class: power state, stopping services, killing the
/// processes that keep the node reachable and in its cluster.
enum HostAvailabilityRules {
    /// Processes whose death cuts the node off (SSH, web UI/API, cluster, watchdog → fencing).
    static let protectedProcesses = ["sshd", "pveproxy", "pvedaemon", "corosync", "pmxcfs", "systemd", "init",
                                     "watchdog-mux", "pve-ha-lrm", "pve-ha-crm", "pveproxy worker", "pvedaemon worke"]
    /// What `pkill -f` sees for the same processes.
    static let protectedCommandLines = ["/usr/sbin/sshd -D", "sshd: root@notty", "sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups",
                                        "pveproxy", "pveproxy worker", "pvedaemon", "pvedaemon worker", "/usr/sbin/corosync -f",
                                        "/usr/bin/pmxcfs", "/sbin/init", "/lib/systemd/systemd --system --deserialize 20",
                                        "/usr/sbin/watchdog-mux", "pve-ha-lrm", "pve-ha-crm"]
    private static let powerTargets: Set<String> = ["poweroff", "reboot", "halt", "shutdown", "kexec", "rescue", "emergency",
                                                    "suspend", "hibernate", "hybrid-sleep", "suspend-then-hibernate", "sleep",
                                                    "exit", "soft-reboot", "ctrl-alt-del", "final"]
    private static let stoppingSubcommands: Set<String> = ["stop", "disable", "mask", "kill", "isolate", "default", "freeze"]
    private static let powerSubcommands: Set<String> = ["reboot", "poweroff", "halt", "kexec", "emergency", "rescue", "suspend",
                                                        "hibernate", "hybrid-sleep", "suspend-then-hibernate", "exit",
                                                        "soft-reboot", "switch-root", "sleep"]
    private static let pveDaemons: Set<String> = ["pveproxy", "pvedaemon", "pvestatd", "spiceproxy", "pvescheduler",
                                                  "pve-ha-lrm", "pve-ha-crm", "pve-firewall"]

    static func denial(_ invocation: Invocation) -> String? {
        let verb = invocation.verb
        switch verb {
        case "shutdown", "reboot", "halt", "poweroff", "telinit", "kexec", "rtcwake", "pm-suspend", "pm-hibernate", "systemd-reboot":
            return "`\(verb)` takes the host down"
        case "init":
            guard let level = invocation.operands().first else { return nil }
            return ["q", "Q", "u", "U"].contains(level.staticValue) ? nil : "`init \(level.display)` changes the runlevel (halt, reboot or single-user)"
        case "systemctl": return systemctlDenial(invocation)
        case "service", "invoke-rc.d":
            let operands = invocation.operands()
            guard operands.count >= 2 else { return nil }
            return stopAction(operands[1]).map { "`\(verb) \(operands[0].display) \($0)` stops a service" }
        case "update-rc.d":
            let operands = invocation.operands().map(\.display)
            return operands.contains("disable") || operands.contains("remove") ? "`update-rc.d` disables a service" : nil
        case "start-stop-daemon":
            return invocation.hasOption(short: ["K"], long: ["stop"]) ? "`start-stop-daemon --stop` stops a service" : nil
        case "corosync-cfgtool":
            return invocation.hasOption(short: ["H"]) ? "`corosync-cfgtool -H` shuts corosync down" : nil
        case "ifdown": return "`ifdown` takes a network interface (maybe the management one) down"
        case "ip": return networkDenial(invocation)
        case "kill": return ProcessKillRules.killDenial(invocation)
        case "pkill": return ProcessKillRules.pkillDenial(invocation)
        case "killall": return ProcessKillRules.killallDenial(invocation)
        case "killall5": return "`killall5` signals every process on the host"
        default:
            if pveDaemons.contains(verb), let action = invocation.operands().first, stopAction(action) != nil {
                return "`\(verb) \(action.display)` stops a Proxmox service"
            }
            if invocation.path.hasPrefix("/etc/init.d/"), let action = invocation.operands().first, let stop = stopAction(action) {
                return "`\(invocation.path) \(stop)` stops a service"
            }
            return nil
        }
    }

    /// `stop` (or an action only known at run time) as a service action.
    private static func stopAction(_ word: ShellWord) -> String? {
        guard let action = word.staticValue else { return word.raw }
        return ["stop", "force-stop", "kill"].contains(action) ? action : nil
    }

    private static func systemctlDenial(_ invocation: Invocation) -> String? {
        let operands = invocation.operands(withValue: OptionsWithValues(
            short: "tsHMpPnoT", long: ["type", "signal", "host", "machine", "property", "lines", "output", "root", "kill-whom",
                                       "kill-value", "job-mode", "state", "what", "timestamp", "preset-mode", "image",
                                       "message", "boot-loader-entry", "reboot-argument", "when", "drop-in", "image-policy",
                                       "boot-loader-menu", "check-inhibitors"]))
        guard let first = operands.first else { return nil }
        guard let sub = first.staticValue else {
            return "`systemctl` is given the subcommand `\(first.raw)`, only known at run time"
        }
        if powerSubcommands.contains(sub) { return "`systemctl \(sub)` takes the host down" }
        if stoppingSubcommands.contains(sub) { return "`systemctl \(sub)` stops or disables services" }
        guard ["start", "restart", "try-restart", "reload-or-restart", "try-reload-or-restart", "enable", "reenable"].contains(sub) else {
            return nil
        }
        for unit in operands.dropFirst() {
            guard let name = unit.staticValue else { return "`systemctl \(sub)` is given the unit `\(unit.raw)`, only known at run time" }
            let base = name.hasSuffix(".target") ? String(name.dropLast(7)) : name
            if powerTargets.contains(base) { return "`systemctl \(sub) \(name)` takes the host down" }
        }
        return nil
    }

    /// `ip link set IFACE down`, `ip link delete`, `ip addr flush`: cut the node off the network.
    private static func networkDenial(_ invocation: Invocation) -> String? {
        let words = invocation.operands(withValue: OptionsWithValues(short: "n", long: ["netns"])).map(\.display)
        guard let object = words.first else { return nil }
        let action = words.dropFirst().first ?? ""
        if "link".hasPrefix(object), object.count >= 1 {
            if "set".hasPrefix(action), !action.isEmpty, words.contains("down") {
                return "`ip link set … down` takes a network interface (maybe the management one) down"
            }
            if action.hasPrefix("del") { return "`ip link delete` removes a network interface (maybe the management one)" }
        }
        if "address".hasPrefix(object), object.count >= 1, action.hasPrefix("f") {
            return "`ip address flush` removes the node's addresses"
        }
        return nil
    }
}
