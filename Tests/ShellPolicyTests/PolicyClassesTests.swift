import Testing
@testable import ShellPolicy

/// Issue 10's "classes that ran", each in both directions: the variant that must now ask or be
/// denied, and a look-alike that must stay allowed (guarded mode, no host rules).
@Suite("Policy v2 classes (issue 10)")
struct PolicyClassesTests {
    static let cases: [(class: String, command: String, expected: Verdict)] = [
        // in-place editors and writers
        ("in-place", "sed -i 's/a/b/' /etc/hosts", .ask), ("in-place", "sed -ni 's/a/b/p' f", .ask),
        ("in-place", "sed --in-place=.bak 's/a/b/' f", .ask), ("in-place", "sed --in-pl 's/a/b/' f", .ask),
        ("in-place", "find /etc -name '*.conf' -exec sed -i 's/a/b/' {} +", .deny), ("in-place", "sed -i 's/a/b/' $F", .deny),
        ("in-place", "sed -n 's/a/b/p' /etc/hosts", .allow), ("in-place", "find /etc -name '*.conf' -exec grep -l x {} +", .allow),
        ("in-place", "awk -i inplace '{print}' f", .deny), ("in-place", "awk '{print $1}' f", .allow),
        ("in-place", "perl -pi -e 's/a/b/' f", .deny), ("in-place", "sponge /etc/hosts", .ask),
        ("in-place", "mv -t /etc/pve x", .ask), ("in-place", "mv x /tmp/y", .ask), ("in-place", "install -m 755 x /usr/local/bin/x", .ask),
        ("in-place", "gzip /var/log/syslog.1", .ask), ("in-place", "gzip -c /var/log/syslog.1", .allow),
        ("in-place", "zstd --rm f", .ask), ("in-place", "zstd f", .allow), ("in-place", "tar --remove-files -czf a.tgz d", .ask),
        ("in-place", "tar czf /root/etc.tgz /etc", .allow), ("in-place", "qemu-img create -f qcow2 /var/lib/vz/images/100/d.qcow2 10G", .ask),
        ("in-place", "qemu-img info /var/lib/vz/images/100/d.qcow2", .ask),
        ("in-place", "sqlite3 /var/lib/pve-cluster/config.db 'delete from tree'", .ask),
        ("in-place", "echo x >> /etc/sudoers", .ask), ("in-place", "echo x >> /var/log/my.log", .allow),
        // extractors onto system paths
        ("extract", "tar -x -C / -f a.tar", .ask), ("extract", "cd / && tar -xf /root/a.tar", .ask),
        ("extract", "tar -xzf a.tgz -C /tmp/restore", .allow), ("extract", "tar -tzf a.tgz", .allow),
        ("extract", "unzip -o -d / a.zip", .ask), ("extract", "unzip -l a.zip", .allow), ("extract", "cpio -i < a.cpio", .ask),
        ("extract", "dpkg-deb -x a.deb /", .ask), ("extract", "dpkg-deb -c a.deb", .ask), ("extract", "patch -d / -p1 < x.diff", .ask),
        // disk and firmware erasers
        ("disk", "nvme format /dev/nvme0n1", .ask), ("disk", "nvme list", .ask), ("disk", "hdparm --security-erase x /dev/sda", .ask),
        ("disk", "badblocks -w /dev/sdb", .ask), ("disk", "cryptsetup luksFormat /dev/sdb", .ask), ("disk", "dmsetup remove_all", .ask),
        ("disk", "proxmox-boot-tool format /dev/sda2", .ask), ("disk", "efibootmgr -B -b 0001", .ask), ("disk", "debugfs -w /dev/sda1", .ask),
        ("disk", "ddrescue /dev/sda /dev/sdb", .ask), ("disk", "lvresize -L 1G pve/data", .ask), ("disk", "zfs recv -F rpool/x < s", .ask),
        ("disk", "zpool export -f rpool", .ask), ("disk", "rbd rm pool/img", .ask), ("disk", "rados purge pool --yes-i-really-really-mean-it", .ask),
        ("disk", "zpool status -v", .allow), ("disk", "lsblk -f", .allow), ("disk", "dd if=/dev/sda of=/dev/null bs=1M count=1", .allow),
        // Proxmox data loss
        ("proxmox", "qm rollback 100 snap1", .ask), ("proxmox", "pct rollback 200 snap1", .ask), ("proxmox", "zfs rollback rpool/x@s", .ask),
        ("proxmox", "qm delsnapshot 100 snap1", .ask), ("proxmox", "qm set 100 --delete unused0", .ask), ("proxmox", "qm set 100 -delete unused0", .ask),
        ("proxmox", "qm create 100 --archive b.vma --force", .ask), ("proxmox", "pct restore 200 b.tar --force", .ask),
        ("proxmox", "qmrestore b.vma 100 --forc 1", .ask), ("proxmox", "qmrestore b.vma 100 -force 1", .ask), ("proxmox", "pvesm remove local2", .ask),
        ("proxmox", "pvesh create /nodes/pve1/qemu --vmid 105", .ask), ("proxmox", "pvesh set /nodes/pve1/qemu/100/config --memory 512", .ask),
        ("proxmox", "pvesh delete /storage/local2", .ask), ("proxmox", "curl -k -X DELETE https://pve1:8006/api2/json/nodes/pve1/qemu/100", .ask),
        ("proxmox", "curl -k -XPOST https://localhost:8006/api2/json/nodes/pve1/status -d command=reboot", .ask),
        ("proxmox", "curl -s https://pve1:8006/api2/json/version", .allow), ("proxmox", "qm snapshot 100 before-upgrade", .allow),
        ("proxmox", "qm listsnapshot 100", .allow), ("proxmox", "vzdump 100 --storage local --mode snapshot", .allow),
        ("proxmox", "vzdump 100 -storage local", .allow), ("proxmox", "vzdump 100 --dumpdir /etc", .ask), ("proxmox", "vzdump 100", .ask),
        ("proxmox", "vzdump 100 --storage local --script /tmp/hook.sh", .deny), ("proxmox", "vzdump 100 --storage local -scr /tmp/h", .deny),
        ("proxmox", "qm migrate 100 pve2 --online", .allow), ("proxmox", "pvesh create /nodes/pve1/qemu/100/snapshot --snapname s1", .allow),
        ("proxmox", "pvesh get /nodes/pve1/qemu/100/config", .allow), ("proxmox", "qm resume 100", .allow), ("proxmox", "pct suspend 200", .allow),
        // host availability and lock-outs
        ("availability", "systemctl set-default rescue.target", .ask), ("availability", "systemctl start systemd-reboot.service", .ask),
        ("availability", "systemctl restart systemd-reboot.service", .ask), ("availability", "systemctl restart pveproxy", .allow),
        ("availability", "systemctl restart pveproxy.service pvedaemon", .allow), ("availability", "systemctl status corosync", .allow),
        ("availability", "ipmitool chassis power off", .ask), ("availability", "ipmitool sdr list", .ask),
        ("availability", "busctl call org.freedesktop.login1 /org/freedesktop/login1 org.freedesktop.login1.Manager Reboot b false", .ask),
        ("availability", "mount -o remount,ro /", .ask), ("availability", "mount", .allow), ("availability", "umount -l /", .ask),
        ("availability", "fusermount -u /etc/pve", .ask), ("availability", ":(){ :|:& };:", .ask), ("availability", "iptables -P INPUT DROP", .ask),
        ("availability", "iptables -L -n", .allow), ("availability", "iptables -nvL INPUT", .allow), ("availability", "iptables -S", .allow),
        ("availability", "ip route del default", .ask), ("availability", "ip route show", .allow), ("availability", "ip addr del 10.0.0.1/24 dev vmbr0", .ask),
        ("availability", "ifconfig vmbr0 down", .ask), ("availability", "brctl delif vmbr0 eno1", .ask), ("availability", "brctl show", .ask),
        ("availability", "tc qdisc add dev vmbr0 root netem loss 100%", .ask), ("availability", "userdel root", .ask),
        ("availability", "pveum user delete root@pam", .ask), ("availability", "chage -E 0 root", .ask), ("availability", "chsh -s /usr/sbin/nologin root", .ask),
        ("availability", "pvecm add 10.0.0.1", .ask), ("availability", "pvecm create c1", .ask), ("availability", "pvecm status", .allow),
        ("availability", "corosync-quorumtool -e 1", .ask), ("availability", "corosync-quorumtool -s", .allow), ("availability", "corosync-quorumtool -l", .allow),
        ("availability", "corosync-cfgtool -k", .ask), ("availability", "corosync-cfgtool -s", .ask),
        // programs that run another program
        ("runs-program", "script -c reboot /dev/null", .ask), ("runs-program", "script -c 'qm list' /dev/null", .allow),
        ("runs-program", "script", .deny), ("runs-program", "logsave /tmp/log reboot", .ask), ("runs-program", "logsave /tmp/log qm list", .allow),
        ("runs-program", "chronic reboot", .ask), ("runs-program", "chronic qm list", .allow), ("runs-program", "ifne reboot", .ask),
        ("runs-program", "start-stop-daemon --start --exec /sbin/reboot", .deny), ("runs-program", "prlimit --nofile=10 reboot", .ask),
        ("runs-program", "prlimit --pid 1", .ask), ("runs-program", "sg root -c reboot", .ask), ("runs-program", "sg root 'qm list'", .allow),
        ("runs-program", "unbuffer reboot", .ask), ("runs-program", "eatmydata apt-get -y remove x", .ask), ("runs-program", "eatmydata ls", .allow),
        ("runs-program", "systemd-cat reboot", .ask), ("runs-program", "systemd-cat -t x ls", .allow), ("runs-program", "systemd-run reboot", .ask),
        ("runs-program", "machinectl shell root@ct1", .deny), ("runs-program", "tcpdump -i any -w /tmp/c -z /tmp/x.sh", .deny),
        ("runs-program", "tcpdump -i vmbr0 -c 10 -n", .ask), ("runs-program", "zip -T -TT 'sh -c reboot' a.zip f", .deny),
        ("runs-program", "split --filter='sh -c reboot' f", .deny), ("runs-program", "sort --compress-program=/tmp/x f", .deny), ("runs-program", "sort -u f", .allow),
        ("runs-program", "rsync -e 'sh -c reboot' a b:c", .deny), ("runs-program", "rsync -a /root/a /tmp/b", .ask),
        ("runs-program", "scp -S /tmp/x a b:c", .deny), ("runs-program", "ssh -oProxyCommand='reboot' pve2 ls", .deny),
        ("runs-program", "ssh -o ProxyCommand=reboot pve2 ls", .deny), ("runs-program", "ssh -F /tmp/cfg pve2 ls", .deny),
        ("runs-program", "ssh pve2 reboot", .ask), ("runs-program", "ssh pve2 qm list", .allow), ("runs-program", "ssh pve2 -l root reboot", .ask),
        ("runs-program", "ssh pve2 -l root qm list", .allow), ("runs-program", "ssh -p 22 pve2 -- qm list", .allow),
        ("runs-program", "pdsh -w pve[1-3] reboot", .deny), ("runs-program", "ansible all -a reboot", .deny),
        ("runs-program", "SYSTEMD_EDITOR=/tmp/x systemctl edit ssh", .deny), ("runs-program", "EDITOR=/tmp/x crontab -e", .deny),
        // script files
        ("script-file", "bash /tmp/x.sh", .deny), ("script-file", "/tmp/x.sh", .deny), ("script-file", "./x.sh", .deny),
        ("script-file", "python3 x.py", .deny), ("script-file", "perl x.pl", .deny), ("script-file", "sed -f x.sed f", .deny),
        ("script-file", "awk -f x.awk f", .deny), ("script-file", "ip -b /tmp/cmds", .deny), ("script-file", "ip -batch /tmp/cmds", .deny),
        ("script-file", "ip -br addr", .allow), ("script-file", "make install", .deny), ("script-file", "/usr/bin/qm list", .allow),
        ("script-file", "/usr/sbin/pvesm status", .allow),
        // bash evaluating code hidden in literals
        ("hidden-code", "printf -v 'a[$(reboot)]' %s x", .deny), ("hidden-code", "printf -v x %s '$(reboot)'", .allow),
        ("hidden-code", "read 'a[$(reboot)]' < /etc/hostname", .deny), ("hidden-code", "read x < /etc/hostname", .allow),
        ("hidden-code", "declare 'a[$(reboot)]=1'", .deny), ("hidden-code", "test -v 'a[$(reboot)]'", .deny),
        ("hidden-code", "x='$(reboot)'; echo ${x@P}", .deny), ("hidden-code", "x='a'; echo ${x@Q}", .allow),
        ("hidden-code", "x='a[$(reboot)]'; echo ${!x}", .deny), ("hidden-code", "$'reboot\\0junk'", .deny),
        // read-only additions (issue 10, point 6), allowed in guarded too
        ("reads", "ceph -s", .allow), ("reads", "ceph health detail", .allow), ("reads", "ceph osd tree -f json", .allow), ("reads", "ceph df", .allow),
        ("reads", "ceph osd out 3", .ask), ("reads", "pvesr status", .allow), ("reads", "ha-manager status", .allow), ("reads", "ha-manager config", .allow),
        ("reads", "ha-manager remove vm:100", .ask), ("reads", "nft list ruleset", .allow), ("reads", "nft flush ruleset", .ask),
        ("reads", "dpkg -l", .allow), ("reads", "dpkg -i x.deb", .ask), ("reads", "apt list --installed", .allow), ("reads", "crontab -l", .allow),
        ("reads", "smartctl -a /dev/sda", .allow), ("reads", "smartctl -H /dev/sda", .allow), ("reads", "smartctl -t long /dev/sda", .ask),
        ("reads", "zpool iostat -v 1 3", .allow), ("reads", "pveversion -v", .allow), ("reads", "qemu-img --version", .allow),
        ("reads", "nvme --help", .allow),
        // everyday writes that stay allowed
        ("everyday", "apt update", .allow), ("everyday", "apt install -y htop", .allow), ("everyday", "apt install ./x.deb", .ask),
        ("everyday", "apt upgrade -y", .ask), ("everyday", "apt -o APT::Update::Pre-Invoke::=reboot update", .deny),
        ("everyday", "curl -sO https://x/.bashrc", .ask), ("everyday", "curl -s -o /tmp/x https://x/y", .allow),
        ("everyday", "wget -P /etc http://x/y", .ask), ("everyday", "wget -q -O /tmp/y http://x/y", .allow),
        ("everyday", "systemctl restart networking", .ask), ("everyday", "systemctl restart watchdog-mux.service", .ask),
        ("everyday", "ethtool eno1", .allow), ("everyday", "ethtool -r eno1", .ask), ("everyday", "less '+!reboot' f", .ask),
        ("everyday", "touch /etc/nologin", .ask), ("everyday", "touch /tmp/marker", .allow),
        ("everyday", "tar czf /etc/passwd /root", .ask), ("everyday", "tar -czf /etc/passwd /root", .ask),
        ("everyday", "tar --create --file=/etc/passwd /root", .ask), ("everyday", "tar czf /root/etc.tgz /etc", .allow),
        ("everyday", "timedatectl set-ntp false", .ask), ("everyday", "timedatectl", .allow), ("everyday", "hostnamectl set-hostname x", .ask),
        ("everyday", "ss -K dst 10.0.0.9", .ask), ("everyday", "ss -tlnp", .allow), ("everyday", "xxd -r in /etc/x", .ask), ("everyday", "xxd f", .allow),
        ("everyday", "echo x > ~/.bashrc", .ask), ("everyday", "cp /tmp/x .profile", .ask), ("everyday", "echo x > /root/.bashrc", .ask),
        ("everyday", "echo x > /var/spool/cron/crontabs/root", .ask), ("everyday", "touch /run/nologin", .ask),
        ("everyday", ": > /var/lib/dpkg/status", .ask), ("everyday", "echo x > /root/notes.txt", .allow),
        ("everyday", "qm start 100 && qm status 100", .allow), ("everyday", "pct reboot 200", .allow), ("everyday", "kill 4242", .allow),
    ]

    @Test("each class, both directions", arguments: cases.indices)
    func verdicts(_ index: Int) {
        let (name, command, expected) = Self.cases[index]
        let verdict = CommandPolicy.evaluate(command, mode: .guarded)
        #expect(verdict.verdict == expected, "[\(name)] \(command): expected \(expected), got \(verdict.verdict): \(verdict.reason ?? "")")
        if expected != .allow { #expect(verdict.reason != nil) }
    }

    @Test("read-only stays allow/deny: it never asks", arguments: cases.indices)
    func readOnlyNeverAsks(_ index: Int) {
        #expect(CommandPolicy.evaluate(Self.cases[index].command, mode: .readOnly).verdict != .ask)
    }
}
