import Testing
@testable import ShellPolicy

/// `pvesh` and how its API paths are read; `vzdump`, `qmrestore` and `pvesm` beside it.
@Suite("Policy v3 specs: pvesh, vzdump, pvesm")
struct SpecProxmoxAPITests {
    static let cases: [(command: String, expected: EffectClass)] = [
        ("pvesh get /cluster/resources --output-format json", .read), ("pvesh get /cluster/resources --type vm", .read),
        ("pvesh get /nodes/pve1/tasks --errors --limit 5", .read), ("pvesh get //nodes/pve1//qemu/", .read),
        ("pvesh get /nodes/pve1/qemu/100/config", .read), ("pvesh get /nodes/pve1/qemu/100/agent/network-get-interfaces", .read),
        ("pvesh ls /nodes", .read), ("pvesh usage /nodes --verbose", .read), ("pvesh get /cluster/config/nodes", .read),
        ("pvesh get /nodes/pve1/storage/local/file-restore/list", .read), ("pvesh get /access/users", .read),
        // secrets and tickets in a GET
        ("pvesh get /nodes/pve1/qemu/100/agent/file-read", .ask), ("pvesh get /cluster/config/join", .ask),
        ("pvesh get /access/ticket", .ask), ("pvesh get /nodes/pve1/qemu/100/vncproxy", .ask),
        ("pvesh get /nodes/pve1/vncwebsocket", .ask), ("pvesh get /cluster/acme/plugins", .ask),
        ("pvesh get /access/users/root@pam/tfa", .ask), ("pvesh get /nodes/pve1/storage/pbs/file-restore/download", .ask),
        ("pvesh get /nodes/pve1/query-url-metadata", .ask), ("pvesh get /Cluster/Config/Join", .ask),
        // spellings the router reads unlike us
        ("pvesh get /nodes/pve1/./qemu", .ask), ("pvesh get /nodes/../access/ticket", .ask), ("pvesh get /nodes/pve1%2Fqemu", .ask),
        ("pvesh --noproxy get /nodes", .ask), ("pvesh get /nodes --noproxy", .ask),
        // writes
        ("pvesh set /cluster/options --keyboard en-us", .ask), ("pvesh delete /nodes/x/qemu/100", .ask),
        ("pvesh create /nodes/pve1/qemu --vmid 105", .ask), ("pvesh create /nodes/pve1/status --command reboot", .ask),
        ("pvesh create /nodes/pve1/vzdump --vmid 100", .ask),
        ("pvesh create /nodes/pve1/vzdump --vmid 100 --storage local --prune-backups keep-last=1", .ask),
        ("pvesh create /nodes/pve1/vzdump --vmid 100 --storage local --remove 1", .ask),
        ("pvesh create /nodes/pve1/qemu/100/status/start --snapname x", .ask),
        ("pvesh create /nodes/pve1/qemu/100/status/stop --skiplock 1", .ask),
        ("pvesh create /nodes/pve1/qemu/100/snapshot/s1/rollback", .ask),
        // the everyday POSTs
        ("pvesh create /nodes/pve1/vzdump --vmid 100 --storage local --mode snapshot", .change),
        ("pvesh create /nodes/pve1/qemu/100/status/start", .change),
        ("pvesh create /nodes/pve1/lxc/200/status/shutdown --timeout 30", .change),
        ("pvesh create /nodes/pve1/qemu/100/snapshot --snapname s1", .change),
        // never
        ("pvesh create /nodes/pve1/vzdump --vmid 100 --storage local --script /tmp/hook.sh", .deny),
        ("pvesh get $P", .deny), ("pvesh set /nodes/pve1/qemu/100/config --hookscript local:snippets/h", .deny),
        ("pvesh set /nodes/pve1/qemu/100/config --args -S", .deny),
        ("pvesh create /nodes/pve1/lxc --hookscript local:snippets/h", .deny),
        // vzdump, qmrestore, pvesm
        ("vzdump 100 --storage local --mode snapshot", .change), ("vzdump 100 -storage local", .change),
        ("vzdump 100 101 --storage pbs --notes-template x --protected 1", .change), ("vzdump 100", .ask),
        ("vzdump 100 --storage local --remove 1", .ask), ("vzdump 100 --storage local --prune-backups keep-last=1", .ask),
        ("vzdump 100 --storage local --stdout", .ask), ("vzdump 100 --storage local --mailto a@b", .ask),
        ("vzdump 100 --storage local --script /tmp/hook.sh", .deny),
        ("qmrestore b.vma 100 --storage local", .ask), ("qmrestore b.vma 100 --force", .ask),
        ("pvesm status", .read), ("pvesm status --content images", .read), ("pvesm list local", .read), ("pvesm path local:iso/x.iso", .read),
        ("pvesm scan nfs 10.0.0.1", .read), ("pvesm nfsscan 10.0.0.1", .read), ("pvesm prune-backups local --dry-run", .read),
        ("pvesm prune-backups local --dry-run 1 --keep-last 1", .read), ("pvesm prune-backups local --keep-last 1", .ask),
        ("pvesm prune-backups local --dry-run 0 --keep-last 1", .ask), ("pvesm free local:100/vm-100-disk-0.raw", .ask),
        ("pvesm alloc local 100 x 1G", .ask), ("pvesm remove local2", .ask), ("pvesm export local:100/x raw+size -", .ask),
    ]

    @Test("pvesh, vzdump and pvesm effects", arguments: cases)
    func effect(command: String, expected: EffectClass) {
        let judgement = SpecProbe.judge(command)
        #expect(judgement.effect.kind == expected, "\(command): \(judgement.effect)")
    }

    @Test("Host rules see the path as the router reads it")
    func normalizedPath() {
        #expect(SpecProbe.judge("pvesh get //nodes/pve1//qemu/").normalized.operands == [.literal("/nodes/pve1/qemu")])
        #expect(SpecProbe.judge("pvesh get nodes").normalized.operands == [.literal("/nodes")])
        #expect(SpecProbe.judge("pvesh g /nodes").normalized.subcommands == ["get"])
    }

    @Test("API paths", arguments: [
        ("//nodes/pve1//qemu/", "/nodes/pve1/qemu"), ("nodes", "/nodes"), ("/", "/"), ("", "/"), ("/a%2Fb", "/a%2Fb"),
    ])
    func apiPath(text: String, normalized: String) {
        #expect(ProxmoxAPIPath(text).normalized == normalized)
    }

    @Test("Create kinds are exact paths")
    func createKinds() {
        #expect(ProxmoxAPIPath("/nodes/pve1/vzdump").createKind == .backup)
        #expect(ProxmoxAPIPath("/nodes/pve1/vzdump/extractconfig").createKind == nil)
        #expect(ProxmoxAPIPath("/nodes/pve1/qemu/100/status/reboot").createKind == .power)
        #expect(ProxmoxAPIPath("/nodes/pve1/qemu/100/status/current").createKind == nil)
        #expect(ProxmoxAPIPath("/nodes/pve1/lxc/200/snapshot").createKind == .snapshot)
        #expect(ProxmoxAPIPath("/nodes/pve1/lxc/200/snapshot/s1/rollback").createKind == nil)
        #expect(ProxmoxAPIPath("/cluster/vzdump").createKind == nil)
    }

    @Test("vzdump's dangerous options", arguments: [
        ("--script", EffectClass.deny), ("--remove", .ask), ("--prune-backups", .ask), ("--stdout", .ask), ("--mailto", .ask),
        ("--job-id", .ask), ("--storage", .read), ("--mode", .read),
    ])
    func vzdumpOptions(option: String, expected: EffectClass) {
        let spec = SpecProbe.option(option, of: "vzdump")
        #expect(spec.map { SpecProbe.effectClass($0.effect) } == expected, "\(option)")
    }

    @Test("vzdump --dumpdir and --tmpdir are write paths for the judge")
    func vzdumpDirectories() {
        #expect(SpecProbe.files("vzdump 100 --storage local --dumpdir /etc") == ["write /etc"])
        #expect(SpecProbe.files("vzdump 100 --storage local --tmpdir /var/tmp/x") == ["write /var/tmp/x"])
    }
}
