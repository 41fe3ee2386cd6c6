import Testing
@testable import ShellPolicy

/// Services and system programs on a PVE node: systemd, packages, time, certificates, corosync.
@Suite("Policy v3 specs: services programs")
struct SpecProxmoxServicesTests {
    static let cases: [(command: String, expected: EffectClass)] = [
        ("systemctl status pveproxy", .read), ("systemctl status pveproxy --no-pager -n 50", .read),
        ("systemctl is-active pveproxy", .read), ("systemctl is-enabled pve-guests", .read), ("systemctl list-units --failed", .read),
        ("systemctl list-units --type=service --state=running", .read), ("systemctl list-timers --all", .read),
        ("systemctl show -p ActiveState --value pveproxy", .read), ("systemctl cat pveproxy", .read), ("systemctl", .read),
        ("systemctl --failed", .read), ("systemctl status pve-guests", .read), ("systemctl status pve*", .read),
        ("systemctl restart pveproxy", .change), ("systemctl restart pveproxy.service pvedaemon", .change),
        ("systemctl --no-block restart pveproxy", .change), ("systemctl restart --no-block pvestatd", .change),
        ("systemctl reload pveproxy", .change), ("systemctl start pve-container@200", .change),
        ("systemctl try-restart chrony", .change), ("systemctl reset-failed pvescheduler.service", .change),
        ("systemctl restart pve-guests", .ask), ("systemctl restart pve-guests.service", .ask), ("systemctl restart networking", .ask),
        ("systemctl restart corosync", .ask), ("systemctl restart pve-cluster", .ask), ("systemctl restart pve-ha-lrm", .ask),
        ("systemctl restart ssh", .ask), ("systemctl restart ssh.socket", .ask), ("systemctl restart systemd-reboot.service", .ask),
        ("systemctl start systemd-poweroff", .ask), ("systemctl restart watchdog-mux.service", .ask),
        ("systemctl restart pve*", .ask), ("systemctl restart qemu.slice", .ask), ("systemctl start reboot.target", .ask),
        ("systemctl restart 100.scope", .ask), ("systemctl restart mnt-pve-nfs.mount", .ask), ("systemctl restart /dev/sda", .ask),
        ("systemctl stop pveproxy", .ask), ("systemctl -q stop pveproxy", .ask), ("systemctl mask corosync", .ask),
        ("systemctl disable --now ssh", .ask), ("systemctl kill sshd", .ask), ("systemctl daemon-reload", .ask),
        ("systemctl --force reboot", .ask), ("systemctl poweroff", .ask), ("systemctl isolate rescue.target", .ask),
        ("systemctl set-default rescue.target", .ask), ("systemctl edit pveproxy", .ask),
        ("systemctl start --job-mode isolate multi-user.target", .ask), ("systemctl restart --job-mode fail pveproxy", .change),
        ("systemctl restart -H pve2 pveproxy", .ask), ("systemctl restart --marked", .ask), ("systemctl restart", .ask),
        ("systemctl restart $UNIT", .deny), ("systemctl status $U", .deny),
        ("journalctl", .read), ("journalctl -u pveproxy -n 50 --no-pager", .read), ("journalctl -b -1", .read),
        ("journalctl -b -1 -p err", .read), ("journalctl -o json --since today", .read), ("journalctl -k -f", .read),
        ("journalctl --list-boots", .read), ("journalctl --disk-usage", .read), ("journalctl --output-fields MESSAGE -o json", .read),
        ("journalctl --rotate", .change), ("journalctl --flush", .change), ("journalctl --sync", .change),
        ("journalctl --vacuum-time=1d", .ask), ("journalctl --vacuum-size 100M", .ask), ("journalctl --setup-keys", .ask),
        ("journalctl --relinquish-var", .ask), ("journalctl -M ct200", .ask),
        ("timedatectl", .read), ("timedatectl status", .read), ("timedatectl timesync-status", .read), ("timedatectl show", .read),
        ("timedatectl set-time 12:00", .ask), ("timedatectl set-ntp false", .ask),
        ("hostnamectl", .read), ("hostnamectl status", .read), ("hostnamectl hostname", .read), ("hostnamectl hostname pve9", .ask),
        ("hostnamectl set-hostname pve9", .ask),
        ("loginctl list-sessions", .read), ("loginctl terminate-user bob", .ask),
        ("reboot", .ask), ("shutdown -h now", .ask), ("poweroff", .ask), ("halt", .ask), ("shutdown -c", .ask),
        ("apt list --installed", .read), ("apt list --upgradable", .read), ("apt policy pve-manager", .read),
        ("apt show pve-manager", .read), ("apt search zfs", .read), ("apt changelog pve-manager", .read),
        ("apt-cache policy pve-manager", .read), ("apt-cache show x", .read), ("apt-cache depends x", .read),
        ("apt update", .change), ("apt-get update", .change), ("apt install htop", .change), ("apt install -y htop", .change),
        ("apt-get install -y htop", .change), ("apt -y install htop", .change), ("apt install htop=3.2.2-2", .change),
        ("apt install -t bookworm-backports htop", .change), ("apt install htop/bookworm-backports", .change),
        ("apt remove pve-manager", .ask), ("apt -y remove pve-manager", .ask), ("apt purge x", .ask), ("apt upgrade -y", .ask),
        ("apt full-upgrade", .ask), ("apt dist-upgrade", .ask), ("apt-get -y autoremove", .ask), ("apt-get purge zfsutils-linux", .ask),
        ("apt install pve-manager-", .ask), ("apt install linux-*", .ask), ("apt install --autoremove htop", .ask),
        ("apt -o Acquire::Retries=3 update", .ask), ("apt install $PKG", .deny), ("apt satisfy x", .ask),
        ("apt install ./x.deb", .deny), ("apt install /tmp/x.deb", .deny), ("apt-get install ../x.deb", .deny),
        ("apt -o APT::Update::Pre-Invoke::=reboot update", .deny), ("apt install -o DPkg::Pre-Invoke::=x htop", .deny),
        ("apt -o Dir::Bin::dpkg=/tmp/x install htop", .deny), ("apt -c /tmp/apt.conf update", .deny),
        ("dpkg -l", .read), ("dpkg -l pve*", .read), ("dpkg -l pve-manager", .read), ("dpkg -L pve-manager", .read),
        ("dpkg -S /usr/bin/qm", .read), ("dpkg -s pve-manager", .read), ("dpkg --status pve-manager", .read),
        ("dpkg --get-selections", .read), ("dpkg --print-architecture", .read), ("dpkg-query -W pve-manager", .read),
        ("dpkg-query -W -f ${Version} pve-manager", .read), ("dpkg-query -l", .read),
        ("dpkg -r x", .ask), ("dpkg -P pve-manager", .ask), ("dpkg --purge x", .ask), ("dpkg --configure -a", .ask),
        ("dpkg --force-all -r x", .ask), ("dpkg -i x.deb", .deny), ("dpkg --unpack x.deb", .deny), ("dpkg --pre-invoke x -l", .deny),
        ("chronyc tracking", .read), ("chronyc sources", .read), ("chronyc sources -v", .read), ("chronyc sourcestats -v", .read),
        ("chronyc -n sources", .read), ("chronyc -v", .read), ("chronyc makestep", .ask), ("chronyc burst 4/4", .ask),
        ("chronyc -m tracking makestep", .ask), ("chronyc -h 10.0.0.1 tracking", .ask), ("chronyc", .deny),
        ("openssl version", .read), ("openssl version -a", .read), ("openssl x509 -noout -text -in /etc/pve/local/pve-ssl.pem", .read),
        ("openssl x509 -in /etc/pve/local/pve-ssl.pem -noout -enddate", .read), ("openssl x509 -noout -fingerprint -sha256 -in c.pem", .read),
        ("openssl x509 -in c.pem", .ask), ("openssl x509 -noout -signkey k.pem -in c.pem", .ask), ("openssl s_client", .ask),
        ("openssl x509 -noout -engine /tmp/x.so -in c.pem", .deny),
        ("corosync-cfgtool -s", .read), ("corosync-cfgtool -n", .read), ("corosync-quorumtool -s", .read),
        ("corosync-quorumtool -l", .read), ("corosync-cmapctl", .read), ("corosync-cmapctl -g totem.token", .read),
        ("corosync-cfgtool -R", .ask), ("corosync-cfgtool -k 3", .ask), ("corosync-quorumtool -e 1", .ask),
        ("corosync-cmapctl -s totem.token u32 3000", .ask),
    ]

    @Test("Services program effects", arguments: cases)
    func effect(command: String, expected: EffectClass) {
        let judgement = SpecProbe.judge(command)
        #expect(judgement.effect.kind == expected, "\(command): \(judgement.effect)")
    }

    @Test("Host rules see unit names as systemd reads them", arguments: [
        ("systemctl restart pveproxy", ["pveproxy.service"]),
        ("systemctl restart pveproxy.service pvedaemon", ["pveproxy.service", "pvedaemon.service"]),
        ("systemctl --no-block restart pve-container@200", ["pve-container@200.service"]),
        ("systemctl stop ceph.target", ["ceph.target"]), ("systemctl status pve*", ["pve*"]),
        ("systemctl restart pveproxy.service.", ["pveproxy.service..service"]),
    ])
    func units(command: String, units: [String]) {
        #expect(SpecProbe.judge(command).normalized.operands == units.map { .literal($0) })
    }

    @Test("Journal files: --cursor-file is written, -D and --file are read")
    func journalPaths() {
        #expect(SpecProbe.judge("journalctl --cursor-file /root/c -n 10").paths.map(\.access) == [.write(truncates: true)])
        #expect(SpecProbe.judge("journalctl -D /var/log/journal").paths.map(\.access) == [.read])
        #expect(SpecProbe.judge("journalctl --file /var/log/journal/x.journal").paths.map(\.access) == [.read])
        #expect(SpecProbe.judge("journalctl --root /mnt").paths.map(\.access) == [.read])
    }

    @Test("openssl x509 -in is a read the judge checks against the secret places")
    func opensslPath() {
        #expect(SpecProbe.files("openssl x509 -noout -text -in /etc/pve/priv/authkey.key") == ["read /etc/pve/priv/authkey.key"])
        #expect(SpecProbe.files("openssl x509 -noout -text -in c.pem -out /etc/x") == ["read c.pem", "truncate /etc/x"])
    }
}
