import Testing
@testable import ShellPolicy

/// Policy v3 against the v1/v2 corpora (`LegacyCorpora`): 0 bypasses (a refused case allowed) and
/// 0 false blocks (an allowed case refused), apart from the documented `v3Changes`.
@Suite("Policy v3 keeps the v1/v2 corpora")
struct PolicyLegacyCorpusTests {
    /// Cases whose v2 verdict v3 changes on purpose, with the verdict v3 gives and why.
    static let v3Changes: [String: (Verdict, String)] = [
        "sed --in-place=.bak 's/a/b/' f": (.allow, "a relative path is under /root, a writable place"),
        "sed -ni 's/a/b/p' f": (.allow, "a relative path is under /root, a writable place"),
        "sed --in-pl 's/a/b/' f": (.allow, "a relative path is under /root, a writable place"),
        "corosync-cfgtool -s": (.allow, "a read the issue lists as a false block"),
        "nvme list": (.allow, "a read the issue lists as a false block"),
        "qemu-img info /var/lib/vz/images/100/d.qcow2": (.allow, "`info` reads the image header only"),
        "kill 12345": (.ask, "a PID names no program: killing pmxcfs or sshd by PID cuts the node off"),
        "kill 4242": (.ask, "a PID names no program: killing pmxcfs or sshd by PID cuts the node off"),
        "killall htop": (.ask, "signals by name ask; only guest tools stop guests unattended"),
        "pkill -f 'kvm -id 100'": (.ask, "`-f` matches whole command lines (issue 17: selectors ask)"),
        "echo x >> /var/log/my.log": (.ask, "writes outside the writable places ask (issue 17)"),
        "tar -xzf a.tgz -C /tmp/restore": (.ask, "an archive's members (symlinks, `..`) can write anywhere"),
        "dd if=/dev/sda of=/dev/null bs=1M count=1": (.ask, "raw disks are secret places (VM disks, keys)"),
        "dd if=/dev/sda of=/dev/null bs=1M count=10": (.ask, "raw disks are secret places (VM disks, keys)"),
        "find . -exec grep -l foo {} +": (.ask, "grep reads every file find names under /root, which holds secret places"),
        "find /etc -name '*.conf' -exec grep -l x {} +": (.ask, "grep reads every file find names under /etc, which holds secrets"),
        "ssh pve2 qm list": (.ask, "runs on another node, outside this host's policy and wall"),
        "ssh pve2 -l root qm list": (.ask, "runs on another node, outside this host's policy and wall"),
        "ssh -p 22 pve2 -- qm list": (.ask, "runs on another node, outside this host's policy and wall"),
        "x='a'; echo ${x@Q}": (.deny, "parameter operators are not rendered (only `${name}`)"),
        "read-only: f() { qm list; }; f": (.deny, "function definitions are not rendered"),
        "read-only: vzdump --version": (.deny, "not in vzdump's spec yet"),
    ]
    /// Not in the catalog yet (each asks; none is dangerous when allowed, so these are false blocks left for later).
    static let notYetSpecified: Set<String> = [
        "man rm", "python3 -m json.tool f", "sg root 'qm list'", "chronic qm list", "eatmydata ls", "logsave /tmp/log qm list", "systemd-cat -t x ls", "ls /etc/pve/*.cfg",
    ]

    static var refusedGuarded: [String] {
        LegacyCorpora.deniedIssue6 + LegacyCorpora.bypasses + LegacyCorpora.cases.filter { $0.expected != .allow }.map(\.command)
    }
    static var allowedGuarded: [String] {
        LegacyCorpora.allowedIssue6 + LegacyCorpora.falseAlarms + LegacyCorpora.cases.filter { $0.expected == .allow }.map(\.command)
    }

    @Test("every refused case is still refused (guarded)", arguments: refusedGuarded)
    func refused(_ command: String) {
        let verdict = CommandPolicy.evaluate(command, mode: .guarded)
        if let (expected, why) = Self.v3Changes[command] {
            #expect(verdict.verdict == expected, "\(command): v3 gives \(expected) because \(why); got \(verdict.verdict)")
            return
        }
        #expect(verdict.verdict != .allow, "bypass: \(command.debugDescription) is allowed; commands \(verdict.commands)")
        #expect(verdict.reason?.contains("this host's policy is guarded") == true)
    }

    @Test("every everyday case is still allowed (guarded)", arguments: allowedGuarded)
    func allowed(_ command: String) {
        let verdict = CommandPolicy.evaluate(command, mode: .guarded)
        if let (expected, why) = Self.v3Changes[command] {
            #expect(verdict.verdict == expected, "\(command): v3 gives \(expected) because \(why); got \(verdict.verdict)")
            return
        }
        if Self.notYetSpecified.contains(command) {
            #expect(verdict.verdict != .deny, "\(command) should ask (not yet specified), got deny")
            return
        }
        #expect(verdict.verdict == .allow, "false block: \(command.debugDescription): \(verdict.reason ?? "")")
        #expect(verdict.canonical != nil)
    }

    @Test("read-only allows its reads", arguments: LegacyCorpora.readOnlyAllowed)
    func readOnlyAllowed(_ command: String) {
        let verdict = CommandPolicy.evaluate(command, mode: .readOnly)
        if let (expected, why) = Self.v3Changes["read-only: " + command] {
            #expect(verdict.verdict == expected, "\(command): v3 gives \(expected) because \(why); got \(verdict.verdict)")
            return
        }
        if Self.notYetSpecified.contains(command) { #expect(verdict.verdict == .deny); return }
        #expect(verdict.verdict == .allow, "false block in read-only: \(command.debugDescription): \(verdict.reason ?? "")")
    }

    @Test("read-only refuses the rest, and never asks", arguments: LegacyCorpora.readOnlyDenied + refusedGuarded)
    func readOnlyDenied(_ command: String) {
        let verdict = CommandPolicy.evaluate(command, mode: .readOnly)
        if let (expected, _) = Self.v3Changes[command], expected == .allow { return }
        #expect(verdict.verdict == .deny, "read-only gave \(verdict.verdict) for \(command.debugDescription)")
        #expect(verdict.reason?.contains("this host's policy is read-only") == true)
    }
}
