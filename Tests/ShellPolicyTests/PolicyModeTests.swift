import Testing
@testable import ShellPolicy

/// Read-only mode (an allow-list) and unrestricted mode (no checks).
@Suite("Policy read-only and unrestricted modes")
struct PolicyModeTests {
    static let readOnlyAllowed = [
        "qm list", "qm status 100 --verbose", "qm config 100", "qm pending 100", "qm listsnapshot 100", "pct list",
        "pct status 200", "pct config 200", "pct listsnapshot 200", "pvesh get /cluster/resources --output-format json",
        "pvesm status", "pvesm list local", "pvecm status", "pvecm nodes", "pveversion -v", "cat /etc/pve/storage.cfg",
        "ls -la /var/lib/vz", "df -h 2>/dev/null", "du -sh /var/lib/vz", "free -m", "uptime", "uname -a", "ps aux",
        "top -bn1", "top -b -n 1", "ip addr", "ip -br a", "ip route show", "ip link show vmbr0", "ss -tlnp",
        "journalctl -u pveproxy --since \"1 hour ago\"", "dmesg -T | tail", "lsblk -o NAME,SIZE", "zpool status",
        "zpool list", "zfs list -t snapshot", "zfs get compression rpool", "lvs", "vgs", "pvs", "systemctl status pveproxy",
        "systemctl is-active pveproxy", "systemctl list-units --failed", "grep -r destroy /var/log/pve/tasks/index",
        "head -n 5 f", "tail -n 50 /var/log/syslog", "wc -l f", "sort f | uniq -c", "awk '{print $1}' f",
        "sed -n '1,5p' /etc/hosts", "hostname", "hostname -f", "date", "date +%s", "which qm", "qm list | awk '{print $1}'",
        "ls > /dev/null", "cat f 2>&1", "echo hi", "f() { qm list; }; f", "cd /var/log && ls", "find /var/log -name '*.gz'",
        "sudo qm list", "timeout 5 pvesh get /version", "last reboot", "journalctl | grep reboot",
        // issue 10, point 6: what admins read daily
        "ceph -s", "ceph health", "ceph status", "ceph osd tree", "ceph df", "ceph health detail -f json", "pvesr status",
        "ha-manager status", "ha-manager config", "corosync-quorumtool -s", "corosync-quorumtool -l", "iptables -L",
        "iptables -S", "iptables -nvL", "nft list ruleset", "dpkg -l", "dpkg -l pve-manager", "apt list --upgradable",
        "crontab -l", "smartctl -a /dev/sda", "smartctl -H /dev/sda", "qm listsnapshot 100", "pvesh get /nodes/pve1/status",
        "zpool status", "zpool list", "zpool iostat -v", "pveversion -v", "vzdump --version", "qemu-img --version",
    ]
    static let readOnlyDenied = [
        "qm start 100", "qm stop 100", "qm shutdown 100", "pct start 200", "echo x > /tmp/f", "echo x >> /tmp/f",
        "touch x", "mkdir d", "cp a b", "qm set 100 --memory 2048", "pvesh create /nodes/x/qemu/100/status/start",
        "pvesh set /cluster/options", "pvesm alloc local 100 x 1G", "top", "ip link set vmbr0 down", "ip -batch f",
        "ip addr add 10.0.0.1/24 dev eth0", "systemctl restart pveproxy", "journalctl --vacuum-time=1d", "dmesg -C",
        "sed -i 's/a/b/' f", "sed 'w out' f", "awk 'BEGIN{system(\"id\")}'", "awk '{print > \"out\"}' f", "sort -o out f",
        "hostname newname", "date -s '2020-01-01'", "find / -delete", "find . -exec cat {} \\;", "bash script.sh",
        "python3 x.py", "sh -c 'qm start 100'", "sudo qm start 100", "xargs qm start", "tee /tmp/f", "ls | tee /tmp/f",
        "rm -rf /tmp/x", "reboot", "qm destroy 100", "zfs destroy rpool/x", "zpool scrub rpool", "apt update",
        "$CMD", "eval ls", "cat x | bash", "qm $SUB 100", "echo $(qm start 100)", "ls 2>/tmp/err",
        "ceph osd out 3", "ceph osd set noout", "corosync-quorumtool -e 1", "iptables -F", "iptables -L -Z", "nft flush ruleset",
        "dpkg -i x.deb", "crontab -r", "crontab x", "smartctl -t long /dev/sda", "pvesr run", "apt install htop", "qm --version x",
        ":(){ :|:& };:",
    ]

    @Test("read-only allows reads", arguments: readOnlyAllowed)
    func readOnlyAllows(_ command: String) {
        let verdict = CommandPolicy.evaluate(command, mode: .readOnly)
        #expect(verdict.allowed, "expected \(command) to be allowed in read-only mode, got: \(verdict.reason ?? "")")
    }

    @Test("read-only denies everything else", arguments: readOnlyDenied)
    func readOnlyDenies(_ command: String) {
        let verdict = CommandPolicy.evaluate(command, mode: .readOnly)
        #expect(!verdict.allowed, "expected a denial for \(command) in read-only mode; commands: \(verdict.commands)")
        #expect(verdict.reason?.hasSuffix("this host's policy is read-only") == true, "\(verdict.reason ?? "nil")")
    }

    @Test("read-only names the refused subcommand")
    func readOnlyReason() {
        let verdict = CommandPolicy.evaluate("qm list; qm start 100", mode: .readOnly)
        #expect(verdict.reason == "`qm start` is not on the read-only allow-list (segment 2: `qm start 100`); this host's policy is read-only")
    }

    @Test("unrestricted allows everything but still lists the commands",
          arguments: ["rm -rf /tmp/x", "reboot", "qm destroy 100", "echo 'unterminated", "eval $(cat x)"])
    func unrestrictedAllows(_ command: String) {
        let verdict = CommandPolicy.evaluate(command, mode: .unrestricted)
        #expect(verdict.allowed)
        #expect(verdict.reason == nil)
        #expect(verdict.mode == .unrestricted)
    }

    @Test("unrestricted still normalizes")
    func unrestrictedCommands() {
        #expect(CommandPolicy.evaluate("sudo /usr/sbin/qm destroy 100 && ls", mode: .unrestricted).commands == ["qm destroy 100", "ls"])
    }
}
