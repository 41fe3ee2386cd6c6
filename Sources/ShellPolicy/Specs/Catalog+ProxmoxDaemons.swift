/// Policy v3 specs: Proxmox daemons run as commands (`pveproxy status`, `pve-firewall compile`) and
/// `pveceph`.
///
/// Sources read: pve-common `src/PVE/Daemon.pm` (`register_start_command`, `…_stop_…`,
/// `…_restart_…`, `…_status_command`: what every daemon binary accepts), pve-firewall
/// `src/PVE/Service/pve_firewall.pm` (`compile`, `localnet`, `simulate`), pve-manager
/// `PVE/CLI/pveceph.pm` (`$cmddef` and its aliases).
/// Starting or stopping a daemon by its binary bypasses systemd's own state: a person decides.
extension ProxmoxSpecs {
    private typealias C = PVECLI

    private static func daemon(_ name: String, extra: [ProgramSpec] = []) -> ProgramSpec {
        C.program(name, [
            C.command("status"),
            C.command("start", [C.flag("debug")], effect: .ask("`\(name) start` starts the daemon outside systemd")),
            C.command("stop", effect: .ask("`\(name) stop` stops the daemon outside systemd")),
            C.command("restart", effect: .ask("`\(name) restart` restarts the daemon outside systemd")),
        ] + extra)
    }

    static let daemons: [ProgramSpec] = [
        daemon("pvedaemon"), daemon("pveproxy"), daemon("pvestatd"), daemon("spiceproxy"), daemon("pvescheduler"),
        daemon("pve-ha-crm"), daemon("pve-ha-lrm"),
        daemon("pve-firewall", extra: [
            C.command("compile"), C.command("localnet"),
            C.command("simulate", ["from", "to", "source", "dest", "protocol", "dport", "sport"].map { C.value($0) }
                      + [C.flag("verbose")]),
        ]),
    ]

    private static func ask(_ name: String, _ reason: String) -> ProgramSpec { C.command(name, effect: .ask(reason)) }

    static let pveceph: ProgramSpec = C.program("pveceph", [
        C.command("status"),
        C.group("pool", [
            C.command("ls", C.output), C.command("get", C.output + [C.flag("verbose")]),
            ask("create", "`pveceph pool create` creates a pool"), ask("destroy", "`pveceph pool destroy` deletes a pool and its data"),
            ask("set", "`pveceph pool set` changes a pool"),
        ]),
        C.group("fs", [ask("create", "`pveceph fs create` creates a CephFS"), ask("destroy", "`pveceph fs destroy` deletes a CephFS")]),
        C.group("osd", [
            C.command("details", C.output + [C.flag("verbose")]),
            ask("create", "`pveceph osd create` formats a disk as an OSD"), ask("destroy", "`pveceph osd destroy` removes an OSD"),
        ]),
        C.group("mon", [ask("create", "`pveceph mon create` adds a monitor"), ask("destroy", "`pveceph mon destroy` removes a monitor")]),
        C.group("mgr", [ask("create", "`pveceph mgr create` adds a manager"), ask("destroy", "`pveceph mgr destroy` removes a manager")]),
        C.group("mds", [ask("create", "`pveceph mds create` adds a metadata server"), ask("destroy", "`pveceph mds destroy` removes a metadata server")]),
        ask("init", "`pveceph init` writes the Ceph configuration"),
        ask("install", "`pveceph install` installs Ceph packages"),
        ask("purge", "`pveceph purge` deletes Ceph's data and configuration on the node"),
        ask("start", "`pveceph start` starts Ceph services"), ask("stop", "`pveceph stop` stops Ceph services"),
    ], aliases: [
        "lspools": ["pool", "ls"], "createpool": ["pool", "create"], "destroypool": ["pool", "destroy"],
        "createosd": ["osd", "create"], "destroyosd": ["osd", "destroy"], "createmon": ["mon", "create"],
        "destroymon": ["mon", "destroy"], "createmgr": ["mgr", "create"], "destroymgr": ["mgr", "destroy"],
    ])
}
