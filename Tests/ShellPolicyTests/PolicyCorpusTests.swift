import Testing
@testable import ShellPolicy

/// The "Must pass" corpus of issue 6, verbatim, in guarded mode.
@Suite("Policy corpus (issue 6, guarded)")
struct PolicyCorpusTests {
    static let denied = [
        "qm destroy 100", "qm  destroy 100", "qm 'destroy' 100", "\"qm\" destroy 100", "/usr/sbin/qm destroy 100",
        "Q=destroy; qm $Q 100", "rm -rf /tmp/x", "rm${IFS}-rf /", "ls; rm -rf /", "true && reboot", "echo $(reboot)",
        "echo `halt`", "sudo -u root rm -r /var/lib/vz", "env FOO=1 shutdown -h now", "nice -n 5 dd if=/dev/zero of=/dev/sda",
        "sh -c \"rm -rf /\"", "bash -c 'qm destroy 101'", "find / -name x -delete", "xargs rm < list",
        "echo o > /proc/sysrq-trigger", "apt -y remove pve-manager", "apt-get purge zfsutils-linux", "dpkg -P pve-manager",
        "systemctl -q stop pveproxy", "zpool destroy rpool", "wipefs -a /dev/sdb", ": > /etc/pve/storage.cfg",
        "echo cm0gLXJmIC8= | base64 -d | sh", "python3 -c 'import os; os.system(\"reboot\")'", "eval \"rm -rf /\"",
        "pct exec 200 -- rm -rf /", "kill -9 1", "'qm' destroy 100 # harmless",
    ]
    static let allowed = [
        "qm list", "pct list", "qm shutdown 100", "qm start 100", "qm status 100 --verbose", "last reboot",
        "grep \"model name\" /proc/cpuinfo", "find / -perm -4000 -type f", "journalctl -u pveproxy --since \"1 hour ago\"",
        "echo \"rm -rf /\"", "grep -r destroy /var/log/pve/tasks/index", "cat /etc/pve/storage.cfg", "ls -la /var/lib/vz",
        "pvesh get /cluster/resources --output-format json", "zfs list -t snapshot", "df -h 2>/dev/null",
    ]

    /// Issue 10: these were denied; they are destructive but statically known, so guarded mode now
    /// asks a person instead of refusing outright (the rest of `denied` stays deny: what would run
    /// cannot be known — `$Q`, `${IFS}`, `| sh`, `python3 -c`, `eval`).
    static let deniedNowAsk: Set<String> = [
        "qm destroy 100", "qm  destroy 100", "qm \'destroy\' 100", "\"qm\" destroy 100", "/usr/sbin/qm destroy 100",
        "rm -rf /tmp/x", "ls; rm -rf /", "true && reboot", "echo $(reboot)", "echo `halt`", "sudo -u root rm -r /var/lib/vz",
        "env FOO=1 shutdown -h now", "nice -n 5 dd if=/dev/zero of=/dev/sda", "sh -c \"rm -rf /\"",
        "bash -c \'qm destroy 101\'", "find / -name x -delete", "echo o > /proc/sysrq-trigger",
        "apt -y remove pve-manager", "apt-get purge zfsutils-linux", "dpkg -P pve-manager", "systemctl -q stop pveproxy",
        "zpool destroy rpool", "wipefs -a /dev/sdb", ": > /etc/pve/storage.cfg", "pct exec 200 -- rm -rf /", "kill -9 1",
        "\'qm\' destroy 100 # harmless"
    ]

    @Test("denied (or, when destructive but statically known, ask)", arguments: denied)
    func deniedInGuardedMode(_ command: String) {
        let verdict = CommandPolicy.evaluate(command, mode: .guarded)
        let expected: Verdict = Self.deniedNowAsk.contains(command) ? .ask : .deny
        #expect(verdict.verdict == expected, "expected \(expected) for \(command); commands: \(verdict.commands)")
        #expect(verdict.reason?.contains("this host's policy is guarded") == true, "\(verdict.reason ?? "nil")")
        #expect(!verdict.allowed)
    }

    @Test("allowed", arguments: allowed)
    func allowedInGuardedMode(_ command: String) {
        let verdict = CommandPolicy.evaluate(command, mode: .guarded)
        #expect(verdict.verdict == .allow, "expected \(command) to be allowed, got: \(verdict.reason ?? "")")
        #expect(verdict.reason == nil)
    }
}
