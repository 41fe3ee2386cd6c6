import Testing
@testable import ShellPolicy

/// Cluster, access, node, replication, HA, Ceph-on-PVE and daemon CLIs of Proxmox, plus the
/// structure every spec in the three catalogs must have.
@Suite("Policy v3 specs: Proxmox cluster CLIs and catalog structure")
struct SpecProxmoxClusterTests {
    static let cases: [(command: String, expected: EffectClass)] = [
        ("pvecm status", .read), ("pvecm nodes", .read), ("pvecm stat", .read), ("pvecm expected 1", .ask),
        ("pvecm add 10.0.0.1", .ask), ("pvecm delnode pve3", .ask), ("pvecm create c1", .ask), ("pvecm updatecerts", .ask),
        ("pvecm qdevice setup 10.0.0.9", .ask), ("pvecm mtunnel", .deny),
        ("pveum user list", .read), ("pveum user list --full", .read), ("pveum group list", .read), ("pveum role list", .read),
        ("pveum acl list", .read), ("pveum user token list root@pam", .read), ("pveum user tfa list", .read),
        ("pveum user permissions root@pam --path /vms", .read), ("pveum realm list", .read),
        ("pveum useradd x@pve", .ask), ("pveum user add x@pve", .ask), ("pveum user token add root@pam t1", .ask),
        ("pveum aclmod / --roles Administrator --users x@pve", .ask), ("pveum ticket root@pam", .ask), ("pveum passwd root@pam", .ask),
        ("pveum realm sync ldap", .ask),
        ("pvenode task list", .read), ("pvenode task list --errors --limit 10", .read), ("pvenode task log UPID:pve1:x", .read),
        ("pvenode task status UPID:pve1:x", .read), ("pvenode cert info", .read), ("pvenode config get", .read),
        ("pvenode acme account list", .read), ("pvenode stopall", .ask), ("pvenode startall", .ask), ("pvenode migrateall pve2", .ask),
        ("pvenode config set --wakeonlan aa:bb", .ask), ("pvenode acme plugin list", .ask), ("pvenode acme cert order", .ask),
        ("pvesr status", .read), ("pvesr list", .read), ("pvesr schedule-now 100-0", .change), ("pvesr delete 100-0", .ask),
        ("pvesr run", .ask),
        ("ha-manager status", .read), ("ha-manager status --verbose", .read), ("ha-manager config", .read),
        ("ha-manager groupconfig", .read), ("ha-manager rules list", .read), ("ha-manager migrate vm:100 pve2", .change),
        ("ha-manager crm-command relocate vm:100 pve2", .change), ("ha-manager set vm:100 --state stopped", .ask),
        ("ha-manager remove vm:100", .ask), ("ha-manager crm-command node-maintenance enable pve1", .ask),
        ("ha-manager crm-command stop vm:100 0", .ask),
        ("pvesubscription get", .read), ("pvesubscription update", .change), ("pvesubscription set KEY", .ask),
        ("pveam available", .read), ("pveam list local", .read), ("pveam update", .change),
        ("pveam download local debian-12.tar.zst", .change), ("pveam remove local:vztmpl/x", .ask),
        ("pveversion", .read), ("pveversion --verbose", .read), ("pveversion -verbose", .read), ("pveperf", .read),
        ("pveperf /var/lib/vz", .read), ("pvereport", .read), ("pve8to9 --full", .read), ("pveupgrade", .ask), ("pveupdate", .change),
        ("pveceph status", .read), ("pveceph pool ls", .read), ("pveceph lspools", .read), ("pveceph osd details 3", .read),
        ("pveceph pool destroy rbd", .ask), ("pveceph osd create /dev/sdb", .ask), ("pveceph purge", .ask), ("pveceph install", .ask),
        ("pveproxy status", .read), ("pvedaemon status", .read), ("pve-firewall status", .read), ("pve-firewall compile", .read),
        ("pve-firewall localnet", .read), ("pve-firewall simulate --from host --to vm100 --dport 22", .read),
        ("pve-firewall stop", .ask), ("pveproxy restart", .ask), ("pve-ha-lrm stop", .ask),
    ]

    @Test("Cluster CLI effects", arguments: cases)
    func effect(command: String, expected: EffectClass) {
        let judgement = SpecProbe.judge(command)
        #expect(judgement.effect.kind == expected, "\(command): \(judgement.effect)")
    }

    @Test("No two commands at one level share a name (the catalog keys them by name)")
    func uniqueNames() {
        var programs = Set<String>()
        for spec in SpecProbe.catalog { #expect(programs.insert(spec.name).inserted, "program \(spec.name) twice") }
        SpecProbe.walk { path, spec in
            var names = Set<String>()
            for sub in spec.subcommands { #expect(names.insert(sub.name).inserted, "\(path) \(sub.name) twice") }
        }
    }

    @Test("Every effect above read says why, and option names follow their style")
    func reasonsAndNames() {
        SpecProbe.walk { path, spec in
            if spec.effect.kind != .read { #expect(spec.effect.reason?.isEmpty == false, "\(path) has no reason") }
            for option in spec.options {
                #expect(!option.names.isEmpty, "\(path) has an option without names")
                if case .effect(let effect) = option.effect, effect.kind != .read {
                    #expect(effect.reason?.isEmpty == false, "\(path) \(option.names) has no reason")
                }
                if spec.style == .longOnly {
                    #expect(option.names.allSatisfy { $0.hasPrefix("--") }, "\(path) \(option.names): write long-only names with two dashes")
                } else {
                    #expect(option.names.allSatisfy { $0.hasPrefix("-") && $0 != "-" && $0 != "--" }, "\(path) \(option.names)")
                }
            }
            var names = Set<String>()
            for option in spec.options { for name in option.names { #expect(names.insert(name).inserted, "\(path) \(name) twice") } }
        }
    }

    @Test("Proxmox CLIs read their options with Getopt::Long, subcommands included")
    func proxmoxStyle() {
        for name in ["qm", "pct", "pvesh", "pvesm", "pvecm", "pveum", "pvenode", "pvesr", "ha-manager", "vzdump", "qmrestore", "pveceph"] {
            guard let program = SpecProbe.program(name) else { Issue.record("\(name) missing"); continue }
            SpecProbe.walk { path, spec in
                if path == name || path.hasPrefix(name + " ") { #expect(spec.style == .longOnly, "\(path)") }
            }
            #expect(program.style == .longOnly)
        }
    }

    @Test("Every CLIHandler program has help, and the unique prefixes of its commands")
    func prefixes() {
        #expect(SpecProbe.spec("pvecm help") != nil)
        #expect(SpecProbe.spec("pvecm del")?.effect.kind == .ask)
        #expect(SpecProbe.judge("pvecm del pve3").normalized.subcommands == ["delnode"])
        #expect(SpecProbe.spec("pvecm e")?.effect.kind == .ask)
        #expect(SpecProbe.spec("pveum u l") != nil)
        #expect(SpecProbe.judge("pveum u l").normalized.subcommands == ["user", "list"])
    }
}
