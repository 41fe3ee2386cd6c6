/// Policy v3 specs: cluster, access, node and HA CLIs of Proxmox.
///
/// Sources read (`$cmddef` of each): pve-cluster `src/PVE/CLI/pvecm.pm`; pve-access-control
/// `src/PVE/CLI/pveum.pm`; pve-manager `PVE/CLI/pvenode.pm`, `pvesr.pm`, `pvesubscription.pm`,
/// `pveam.pm`, `bin/pveversion` (plain `GetOptions('verbose')`), `bin/pveperf` (one optional path),
/// `bin/pvereport`; pve-ha-manager `src/PVE/CLI/ha_manager.pm`; `PVE/API2/Tasks.pm` (task filters).
extension ProxmoxSpecs {
    private typealias C = PVECLI

    private static func reads(_ name: String, _ options: [OptionSpec] = []) -> ProgramSpec {
        C.command(name, C.output + options)
    }

    private static func asks(_ name: String, _ reason: String) -> ProgramSpec {
        C.command(name, effect: .ask(reason))
    }

    static let pvecm: ProgramSpec = C.program("pvecm", [
        reads("status"), reads("nodes"), reads("apiver"),
        asks("expected", "`pvecm expected` changes the votes the cluster needs for quorum"),
        asks("add", "`pvecm add` joins this node to a cluster"),
        asks("addnode", "`pvecm addnode` adds a node to the cluster configuration"),
        asks("delnode", "`pvecm delnode` removes a node from the cluster"),
        asks("create", "`pvecm create` creates a cluster"),
        asks("updatecerts", "`pvecm updatecerts` rewrites the node certificates and SSH keys"),
        asks("keygen", "`pvecm keygen` writes a corosync key"),
        C.group("qdevice", [
            asks("setup", "`pvecm qdevice setup` adds a quorum device"),
            asks("remove", "`pvecm qdevice remove` removes the quorum device"),
        ]),
        C.command("mtunnel", effect: .deny("`pvecm mtunnel` reads migration commands from its input")),
    ])

    private static let userRead = [C.flag("enabled"), C.flag("full")]

    static let pveum: ProgramSpec = C.program("pveum", [
        C.group("user", [
            reads("list", userRead), reads("permissions", [C.value("path")]),
            asks("add", "`pveum user add` creates a user"), asks("modify", "`pveum user modify` changes a user"),
            asks("delete", "`pveum user delete` deletes a user"),
            C.group("tfa", [
                reads("list"),
                asks("delete", "`pveum user tfa delete` removes a second factor"),
                asks("unlock", "`pveum user tfa unlock` unlocks second-factor logins"),
            ]),
            C.group("token", [
                reads("list"), reads("permissions", [C.value("path")]),
                asks("add", "`pveum user token add` creates an API token and prints its secret"),
                asks("modify", "`pveum user token modify` changes an API token"),
                asks("delete", "`pveum user token delete` deletes an API token"),
                asks("remove", "`pveum user token remove` deletes an API token"),
            ]),
        ]),
        C.group("group", [reads("list"), asks("add", "`pveum group add` creates a group"),
                          asks("modify", "`pveum group modify` changes a group"), asks("delete", "`pveum group delete` deletes a group")]),
        C.group("role", [reads("list"), asks("add", "`pveum role add` creates a role"),
                         asks("modify", "`pveum role modify` changes a role's privileges"), asks("delete", "`pveum role delete` deletes a role")]),
        C.group("acl", [reads("list"), asks("modify", "`pveum acl modify` grants permissions"),
                        asks("delete", "`pveum acl delete` revokes permissions")]),
        C.group("realm", [reads("list"), asks("add", "`pveum realm add` adds an authentication realm"),
                          asks("modify", "`pveum realm modify` changes a realm"), asks("delete", "`pveum realm delete` deletes a realm"),
                          asks("sync", "`pveum realm sync` creates and deletes users from a directory")]),
        asks("ticket", "`pveum ticket` creates a login ticket (a secret)"),
        asks("passwd", "`pveum passwd` changes a password"),
    ], aliases: [
        "useradd": ["user", "add"], "usermod": ["user", "modify"], "userdel": ["user", "delete"],
        "groupadd": ["group", "add"], "groupmod": ["group", "modify"], "groupdel": ["group", "delete"],
        "roleadd": ["role", "add"], "rolemod": ["role", "modify"], "roledel": ["role", "delete"],
        "aclmod": ["acl", "modify"], "acldel": ["acl", "delete"],
    ])

    private static let taskFilters: [OptionSpec] = [
        "limit", "since", "source", "start", "statusfilter", "typefilter", "until", "userfilter", "vmid",
    ].map { C.value($0) } + [C.flag("errors")]

    static let pvenode: ProgramSpec = C.program("pvenode", [
        C.group("config", [reads("get", [C.value("property")]), asks("set", "`pvenode config set` changes the node's configuration")]),
        asks("startall", "`pvenode startall` starts every guest marked to start at boot"),
        asks("stopall", "`pvenode stopall` stops every guest on the node"),
        asks("migrateall", "`pvenode migrateall` migrates every guest away"),
        asks("wakeonlan", "`pvenode wakeonlan` powers another node on"),
        C.group("cert", [reads("info"), asks("set", "`pvenode cert set` replaces the node's certificate"),
                         asks("delete", "`pvenode cert delete` removes the node's certificate")]),
        C.group("task", [reads("list", taskFilters), reads("status"),
                         reads("log", [C.value("start"), C.value("limit"), C.flag("download")])]),
        C.group("acme", [
            C.group("account", [reads("list"), reads("info"),
                                asks("register", "`pvenode acme account register` registers an ACME account"),
                                asks("deactivate", "`pvenode acme account deactivate` deactivates an ACME account"),
                                asks("update", "`pvenode acme account update` changes an ACME account")]),
            C.group("cert", [asks("order", "`pvenode acme cert order` orders and installs a certificate"),
                             asks("renew", "`pvenode acme cert renew` renews and installs a certificate"),
                             asks("revoke", "`pvenode acme cert revoke` revokes the node's certificate")]),
            C.group("plugin", [asks("list", "`pvenode acme plugin list` shows DNS plugin credentials"),
                               asks("config", "`pvenode acme plugin config` shows DNS plugin credentials"),
                               asks("add", "`pvenode acme plugin add` adds a DNS plugin"),
                               asks("set", "`pvenode acme plugin set` changes a DNS plugin"),
                               asks("remove", "`pvenode acme plugin remove` removes a DNS plugin")]),
        ]),
    ])

    static let pvesr: ProgramSpec = C.program("pvesr", [
        reads("status", [C.value("guest")]), reads("list"), reads("read"),
        C.command("schedule-now", effect: .change("`pvesr schedule-now` runs a replication job now")),
        asks("update", "`pvesr update` changes a replication job"), asks("delete", "`pvesr delete` deletes a replication job"),
        asks("create-local-job", "`pvesr create-local-job` creates a replication job"),
        asks("enable", "`pvesr enable` enables a replication job"), asks("disable", "`pvesr disable` disables a replication job"),
        asks("prepare-local-job", "`pvesr prepare-local-job` deletes stale replication snapshots"),
        asks("finalize-local-job", "`pvesr finalize-local-job` deletes replication snapshots"),
        asks("run", "`pvesr run` is run by the replication timer"), asks("set-state", "`pvesr set-state` overwrites replication state"),
    ])

    private static let haMigrate = C.command("migrate", effect: .change("`ha-manager migrate` moves an HA resource to another node"))
    private static let haRelocate = C.command("relocate", effect: .change("`ha-manager relocate` restarts an HA resource on another node"))

    static let haManager: ProgramSpec = C.program("ha-manager", [
        reads("status", [C.flag("verbose")]), reads("config", [C.value("type")]), reads("groupconfig"),
        C.group("rules", [reads("list", [C.value("type"), C.value("resource"), C.value("state")]), reads("config"),
                          asks("add", "`ha-manager rules add` adds an HA rule"), asks("remove", "`ha-manager rules remove` removes an HA rule"),
                          asks("set", "`ha-manager rules set` changes an HA rule")]),
        asks("add", "`ha-manager add` puts a guest under HA"), asks("remove", "`ha-manager remove` takes a guest out of HA"),
        asks("set", "`ha-manager set` changes an HA resource (its state: started, stopped, disabled)"),
        asks("groupadd", "`ha-manager groupadd` creates an HA group"), asks("groupremove", "`ha-manager groupremove` deletes an HA group"),
        asks("groupset", "`ha-manager groupset` changes an HA group"),
        C.group("crm-command", [
            haMigrate, haRelocate,
            asks("stop", "`ha-manager crm-command stop` stops an HA resource"),
            C.group("node-maintenance", [asks("enable", "`node-maintenance enable` moves every HA guest off a node"),
                                         asks("disable", "`node-maintenance disable` ends a node's maintenance")]),
            asks("disarm-ha", "`ha-manager crm-command disarm-ha` disarms HA fencing"),
            asks("arm-ha", "`ha-manager crm-command arm-ha` re-arms HA fencing"),
        ]),
    ], aliases: ["migrate": ["crm-command", "migrate"], "relocate": ["crm-command", "relocate"]])

    static let pvesubscription: ProgramSpec = C.program("pvesubscription", [
        reads("get"),
        C.command("update", [C.flag("force")], effect: .change("`pvesubscription update` checks the subscription online")),
        asks("set", "`pvesubscription set` replaces the subscription key"),
        asks("delete", "`pvesubscription delete` removes the subscription key"),
    ])

    static let pveam: ProgramSpec = C.program("pveam", [
        reads("available", [C.value("section")]), reads("list", [C.value("content")]),
        C.command("update", effect: .change("`pveam update` refreshes the template index")),
        C.command("download", effect: .change("`pveam download` downloads a template to a storage")),
        asks("remove", "`pveam remove` deletes a template"),
    ])

    static let pveversion = C.simple("pveversion", [OptionSpec(["--verbose"])], effect: .read)
    static let pveperf = C.simple("pveperf", [], effect: .read)
    static let pvereport = C.simple("pvereport", [], effect: .read)
    static let pve8to9 = C.simple("pve8to9", [C.flag("full")], effect: .read)
    static let pveupgrade = C.simple("pveupgrade", [C.value("shell")], effect: .ask("`pveupgrade` upgrades every package"))
    static let pveupdate = C.simple("pveupdate", [], effect: .change("`pveupdate` refreshes package lists and the subscription"))
}
