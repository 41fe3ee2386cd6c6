import Testing
@testable import ShellPolicy

/// What Proxmox operators run every day (issue 17: "a much larger everyday allow-list"): every one is
/// allowed unattended in guarded mode; the reads among them in read-only mode too.
@Suite("Policy v3 everyday commands")
struct PolicyEverydayTests {
    /// Reads: allowed in guarded and read-only mode.
    static let reads = [
        // Proxmox CLIs
        "qm list", "qm list --full", "qm config 100", "qm config 100 --current", "qm status 100 --verbose", "qm pending 100",
        "qm listsnapshot 100", "qm showcmd 100 --pretty", "qm guest cmd 100 network-get-interfaces", "qm guest cmd 100 info",
        "qm guest cmd 100 get-osinfo", "qm agent 100 ping",
        "pct list", "pct config 200", "pct status 200 --verbose", "pct pending 200", "pct listsnapshot 200", "pct df 200",
        "pvesm status", "pvesm status --storage local", "pvesm list local", "pvesm list local --content backup", "pvesm path local:iso/x.iso",
        "pvesh get /cluster/resources --output-format json", "pvesh get /nodes", "pvesh get /nodes/pve1/status",
        "pvesh get /nodes/pve1/tasks --limit 20", "pvesh get /cluster/ha/status/current", "pvesh ls /nodes/pve1",
        "pvecm status", "pvecm nodes", "pveversion", "pveversion -v", "pveum user list", "pveum group list", "pveum role list",
        "pveum acl list", "pveum user token list root@pam", "pvenode task list", "pvenode task list --errors 1", "pvenode cert info",
        "pvenode config get", "pvesr status", "pvesr list", "ha-manager status", "ha-manager config", "pve-firewall status",
        "pvesubscription get", "proxmox-boot-tool status",
        // storage
        "zpool status", "zpool status -x", "zpool status -v rpool", "zpool list", "zpool list -v", "zpool iostat -v 1 3", "zpool get all rpool",
        "zfs list", "zfs list -t snapshot -o name,used,creation", "zfs get compression,compressratio rpool", "zfs get all rpool/data",
        "lvs", "lvs -a", "vgs", "pvs", "lvdisplay", "vgdisplay pve", "lsblk", "lsblk -f", "lsblk -o NAME,SIZE,TYPE,MOUNTPOINT", "blkid",
        "df -h", "df -i", "du -sh /var/lib/vz", "cat /proc/mounts", "qemu-img info /var/lib/vz/images/100/vm-100-disk-0.qcow2",
        "multipath -ll", "iscsiadm -m session", "cat /proc/mdstat", "mdadm --detail /dev/md0", "smartctl -a /dev/sda", "smartctl -H /dev/nvme0",
        "nvme list", "nvme smart-log /dev/nvme0", "arc_summary", "arcstat 1 3", "cat /proc/spl/kstat/zfs/arcstats",
        // Ceph
        "ceph -s", "ceph status", "ceph health", "ceph health detail", "ceph df", "ceph osd tree", "ceph osd df", "ceph osd status",
        "ceph osd pool ls detail", "ceph mon stat", "ceph pg stat", "ceph versions", "ceph fs status", "rados df", "rbd ls -p rbd",
        // cluster and network
        "corosync-cfgtool -s", "corosync-cfgtool -n", "corosync-quorumtool -s", "corosync-quorumtool -l", "ip a", "ip -br a", "ip -br link",
        "ip addr show vmbr0", "ip route", "ip -6 route", "ip neigh", "ip -s link", "bridge link", "bridge vlan show", "ss -tlnp", "ss -s",
        "ping -c 3 10.0.0.2", "traceroute 10.0.0.2", "dig pve2", "host pve2", "ethtool eno1", "ethtool -i eno1",
        "cat /etc/network/interfaces", "chronyc tracking", "chronyc sources",
        "timedatectl", "timedatectl status", "hostnamectl",
        // services and logs
        "systemctl status pveproxy", "systemctl status pvedaemon pveproxy", "systemctl is-active pve-cluster", "systemctl is-enabled ssh",
        "systemctl list-units --failed", "systemctl list-timers", "systemctl show pveproxy -p ActiveState", "systemctl cat pveproxy",
        "journalctl -u pveproxy -n 50", "journalctl -u pve-cluster --since '1 hour ago' --no-pager", "journalctl -p err -b",
        "journalctl -k -n 100", "journalctl --disk-usage", "journalctl -o json -n 10", "dmesg -T", "dmesg --level=err,warn",
        "tail -n 100 /var/log/syslog", "grep -i error /var/log/syslog", "zgrep -i oom /var/log/syslog.2.gz", "less /var/log/syslog",
        "cat /var/log/pve/tasks/index", "ls /var/log/pve/tasks/",
        // packages
        "apt list --upgradable", "apt list --installed", "apt policy pve-manager", "apt show pve-manager", "apt-cache policy zfsutils-linux",
        "apt-cache search ceph", "dpkg -l", "dpkg -l pve*", "dpkg -l 'pve*'", "dpkg -L pve-manager", "dpkg -S /usr/bin/qm",
        "dpkg-query -W pve-manager", "cat /etc/apt/sources.list",
        // hardware and system
        "uptime", "free -h", "nproc", "lscpu", "lspci", "lspci -nnk", "lsusb", "sensors", "dmidecode -t memory", "cat /proc/cpuinfo",
        "cat /proc/meminfo", "uname -a", "hostname -f", "date", "date -u +%FT%TZ", "cat /etc/os-release", "cat /etc/hosts", "id", "whoami",
        "ps aux", "ps -ef --forest", "ps -eo pid,comm,%cpu --sort=-%cpu", "top -bn1", "pgrep -a kvm", "pidof pveproxy", "lsof -i :8006",
        "vmstat 1 3", "iostat -x 1 2", "mpstat -P ALL 1 1", "last reboot", "w", "who", "uptime -p", 
        "openssl x509 -noout -text -in /etc/pve/local/pve-ssl.pem", "openssl version",
        // shell glue
        "cd /var/log && ls", "cd /tmp && ls -la", "for vm in $(qm list | awk 'NR>1 {print $1}'); do qm config $vm | grep -i net; done",
        "qm list | grep running | wc -l", "find /var/log -name '*.gz' -mtime +7", "find / -xdev -size +1G -type f 2>/dev/null",
        "du -h --max-depth=1 /var/lib/vz | sort -h",
        "ls -la /etc/pve/qemu-server/", "cat /etc/pve/qemu-server/100.conf", "cat /etc/pve/storage.cfg", "cat /etc/pve/datacenter.cfg",
        "grep -r 'vmbr0' /etc/network/", "echo $HOSTNAME", "printf '%s\\n' a b", "test -f /etc/pve/local/pve-ssl.pem && echo ok",
        "if [ -d /etc/pve ]; then echo cluster; fi", "awk '{print $1, $4}' /proc/loadavg", "sort /etc/hosts | uniq",
        "head -c 200 /etc/pve/corosync.conf", "cat /etc/pve/corosync.conf", "stat /etc/pve/storage.cfg", "md5sum /etc/pve/storage.cfg",
        "jq . /etc/pve/.vmlist", "cat /etc/pve/.members", "xargs -a /etc/hosts echo",
    ]

    /// Everyday changes: allowed unattended in guarded mode, denied in read-only mode.
    static let changes = [
        "qm start 100", "qm shutdown 100", "qm shutdown 100 --timeout 120", "qm stop 100", "qm reboot 100", "qm suspend 100",
        "qm resume 100", "qm snapshot 100 before-upgrade", "qm snapshot 100 s1 --description 'before apt'", "qm migrate 100 pve2 --online",
        "pct start 200", "pct shutdown 200", "pct reboot 200", "pct snapshot 200 s1", "vzdump 100 --storage local --mode snapshot",
        "vzdump 100 --storage pbs --mode snapshot --compress zstd", "apt update", "apt-get update", "apt install -y htop", "apt-get install -y iotop",
        "systemctl restart pveproxy", "systemctl reload pveproxy", "systemctl restart pvestatd", "zpool scrub rpool",
        "echo x > /tmp/out.txt", "qm list > /root/vms-$(date +%F).txt", "tar czf /root/etc-backup.tgz /etc/pve", "mkdir -p /root/backup",
        "cp /etc/pve/storage.cfg /root/storage.cfg.bak", "touch /tmp/marker", "ls -la | tee /tmp/listing.txt",
        "wget -q -O /var/lib/vz/template/iso/debian.iso https://cdimage.debian.org/x.iso",
    ]

    @Test("everyday reads run unattended in guarded and read-only mode", arguments: reads)
    func read(_ command: String) {
        let guarded = CommandPolicy.evaluate(command, mode: .guarded)
        #expect(guarded.verdict == .allow, "guarded false block: \(command.debugDescription): \(guarded.reason ?? "")")
        let readOnly = CommandPolicy.evaluate(command, mode: .readOnly)
        #expect(readOnly.verdict == .allow, "read-only false block: \(command.debugDescription): \(readOnly.reason ?? "")")
    }

    @Test("everyday changes run unattended in guarded mode only", arguments: changes)
    func change(_ command: String) {
        let guarded = CommandPolicy.evaluate(command, mode: .guarded)
        #expect(guarded.verdict == .allow, "guarded false block: \(command.debugDescription): \(guarded.reason ?? "")")
        #expect(CommandPolicy.evaluate(command, mode: .readOnly).verdict == .deny)
    }
}
