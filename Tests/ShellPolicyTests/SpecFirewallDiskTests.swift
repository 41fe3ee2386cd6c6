import Testing
@testable import ShellPolicy

/// Listing forms of firewall, mount, partition-table, crontab and archive tools run unattended (in
/// read-only mode too); every form that changes something, or an option we do not know, does not.
@Suite("Policy v3 specs: firewall, mounts, partition tables, crontab, zip listings")
struct SpecFirewallDiskTests {
    static let reads = [
        "iptables -L -n", "iptables -S", "iptables -nvL INPUT", "iptables -L", "iptables -nvL", "iptables -t nat -L -n -v",
        "iptables -L --line-numbers -n", "ip6tables -S INPUT", "iptables-save", "iptables-save -t filter -c", "ip6tables-save",
        "nft list ruleset", "nft -a list ruleset", "nft list tables", "nft -j list ruleset", "nft list table inet filter",
        "mount", "mount -l", "mount -t nfs", "findmnt", "findmnt -no SOURCE /", "findmnt --df", "findmnt -t zfs -J",
        "crontab -l", "crontab -u root -l", "fdisk -l", "fdisk -l /dev/sda", "fdisk -x /dev/nvme0n1", "sfdisk -l /dev/sda",
        "sfdisk -d /dev/sda", "sfdisk --json /dev/sda", "parted /dev/sda print", "parted -s /dev/sda print", "parted -l",
        "parted -s /dev/sda unit s print", "parted /dev/sda p", "parted -lm", "wipefs /dev/sdb", "wipefs -n /dev/sdb",
        "unzip -l a.zip", "unzip -v a.zip", "unzip -t a.zip", "unzip -Z1 a.zip",
    ]

    static let notAllowed: [(String, Verdict?)] = [
        ("iptables -F", nil), ("iptables -A INPUT -j DROP", nil), ("iptables -P INPUT DROP", nil), ("iptables -L -Z", nil),
        ("iptables -D INPUT 1", nil), ("iptables -X", nil), ("iptables -t nat -F", nil), ("iptables -I INPUT -j DROP", nil),
        ("iptables -L --modprobe=/tmp/x", .deny), ("iptables --modp /tmp/x -L", .deny), ("iptables-save -M /tmp/x", .deny),
        ("iptables-save -f /etc/iptables.rules", nil), ("iptables-restore < r", nil), ("iptables -n", nil),
        ("nft flush ruleset", nil), ("nft add rule inet filter input drop", nil), ("nft -f /tmp/rules", nil),
        ("nft -i", nil), ("nft delete table inet filter", nil), ("nft -c -f /tmp/r", nil), ("nft $X", .deny),
        ("mount /dev/sdb1 /mnt", nil), ("mount -a", nil), ("mount --bind / /mnt", nil), ("mount -o remount,rw /", nil),
        ("mount -t nfs host:/x /mnt", nil), ("findmnt -F /etc/shadow", nil),
        ("crontab -r", nil), ("crontab -e", nil), ("crontab /tmp/cron", nil), ("crontab -u root /tmp/cron", nil),
        ("fdisk /dev/sda", nil), ("fdisk -w always /dev/sda", nil), ("sfdisk /dev/sda < layout", nil),
        ("sfdisk --delete /dev/sda 1", nil), ("sfdisk -N 1 /dev/sda", nil),
        ("parted /dev/sda mklabel gpt", nil), ("parted -s /dev/sda rm 1", nil), ("parted /dev/sda", nil),
        ("parted /dev/sda mkl gpt", nil), ("parted /dev/sda print rm 1", nil), ("parted /dev/sda resizepart 1 100%", nil),
        ("parted -l /dev/sda rm 1", nil), ("parted -s $DEV print", nil),
        ("wipefs -a /dev/sdb", nil), ("wipefs --all /dev/sdb", nil), ("wipefs --al /dev/sdb", nil), ("wipefs -o 0x438 /dev/sdb", nil),
        ("wipefs -b -a /dev/sdb", nil), ("wipefs -fa /dev/sdb", nil),
        ("unzip a.zip", nil), ("unzip -o a.zip", nil), ("unzip -l a.zip -d /etc", nil), ("unzip -d /etc a.zip", nil),
        ("unzip -p a.zip", nil), ("unzip -l /root/.ssh/id_rsa", nil),
    ]

    @Test("listings run unattended", arguments: reads)
    func read(_ command: String) {
        for mode in [PolicyMode.guarded, .readOnly] {
            let verdict = CommandPolicy.evaluate(command, mode: mode)
            #expect(verdict.verdict == .allow, "\(mode): \(command): \(verdict.reason ?? "")")
        }
    }

    @Test("changes, unknown options and secrets do not", arguments: notAllowed)
    func change(_ command: String, _ expected: Verdict?) {
        let verdict = CommandPolicy.evaluate(command, mode: .guarded)
        #expect(verdict.verdict != .allow, "\(command) is allowed")
        if let expected { #expect(verdict.verdict == expected, "\(command): \(verdict.reason ?? "")") }
        #expect(CommandPolicy.evaluate(command, mode: .readOnly).verdict == .deny, "read-only: \(command)")
    }
}
