import Testing
@testable import ShellPolicy

/// `qm` and `pct`: each class in both directions, the dangerous options, and CLIHandler's spellings.
@Suite("Policy v3 specs: qm and pct")
struct SpecProxmoxGuestTests {
    static let cases: [(command: String, expected: EffectClass)] = [
        // reads, and look-alikes of the dangerous ones that must stay reads
        ("qm list", .read), ("qm list --full", .read), ("qm config 100 --current", .read), ("qm config 100 --snapshot s1", .read),
        ("qm status 100 --verbose", .read), ("qm pending 100", .read), ("qm listsnapshot 100", .read), ("qm lists 100", .read),
        ("qm showcmd 100 --pretty", .read), ("qm guest cmd 100 network-get-interfaces", .read), ("qm guest cmd 100 get-osinfo", .read),
        ("qm agent 100 ping", .read), ("qm guest exec-status 100 1234", .read), ("qm cloudinit dump 100 network", .read),
        ("qm cloudinit pending 100", .read), ("qm help", .read), ("qm wait 100 --timeout 30", .read),
        ("pct list", .read), ("pct config 200", .read), ("pct status 200 --verbose", .read), ("pct df 200", .read),
        ("pct listsnapshot 200", .read), ("pct pending 200", .read),
        // everyday changes
        ("qm start 100", .change), ("qm shutdown 100 --timeout 60", .change), ("qm shutdown 100 --forceStop 1", .change),
        ("qm stop 100", .change), ("qm reboot 100", .change), ("qm suspend 100 --todisk", .change), ("qm resume 100", .change),
        ("qm snapshot 100 before-upgrade --vmstate 1", .change), ("qm migrate 100 pve2 --online", .change),
        ("qm migrate 100 pve2 --online --with-local-disks", .change), ("qm guest cmd 100 fstrim", .change),
        ("pct start 200", .change), ("pct stop 200", .change), ("pct reboot 200", .change), ("pct suspend 200", .change),
        ("pct snapshot 200 s1", .change), ("pct migrate 200 pve2 --restart", .change),
        // a person decides
        ("qm destroy 100", .ask), ("qm destroy 100 --purge", .ask), ("qm dest 100", .ask), ("qm set 100 --delete unused0", .ask),
        ("qm set 100 --memory 2048", .ask), ("qm rollback 100 snap1", .ask), ("qm delsnapshot 100 snap1", .ask),
        ("qm stop 100 --skiplock", .ask), ("qm start 100 --skiplock 1", .ask), ("qm start 100 --stateuri tcp", .ask),
        ("qm migrate 100 pve2 --force", .ask), ("qm unlink 100 --idlist scsi0", .ask), ("qm disk unlink 100 --idlist scsi0", .ask),
        ("qm importdisk 100 /tmp/x.raw local", .ask), ("qm move-disk 100 scsi0 local", .ask), ("qm resize 100 scsi0 +1G", .ask),
        ("qm template 100", .ask), ("qm guest cmd 100 fsfreeze-freeze", .ask), ("qm guest cmd 100 shutdown", .ask),
        ("qm guest cmd 100 file-write", .ask), ("qm guest passwd 100 root", .ask), ("qm cloudinit dump 100 user", .ask),
        ("qm sendkey 100 ctrl-alt-delete", .ask), ("qm clone 100 101", .ask), ("qm unlock 100", .ask),
        ("qm guest exec 100 --pass-stdin 1 -- cat", .ask), ("qm --version", .ask),
        ("pct destroy 200", .ask), ("pct set 200 --memory 512", .ask), ("pct rollback 200 snap1", .ask),
        ("pct restore 200 b.tar --force", .ask), ("pct push 200 a /b", .ask), ("pct pull 200 /etc/shadow /tmp/s", .ask),
        ("pct mount 200", .ask), ("pct fsck 200", .ask), ("pct resize 200 rootfs +1G", .ask), ("pct move_volume 200 rootfs local", .ask),
        // never
        ("qm set 100 --hookscript local:snippets/h.pl", .deny), ("qm set 100 --args -no-reboot", .deny),
        ("qm create 200 --args -S", .deny), ("qm create 200 --hookscript local:snippets/h", .deny),
        ("qm monitor 100", .deny), ("qm mon 100", .deny), ("qm terminal 100", .deny), ("qm vncproxy 100", .deny),
        ("qm mtunnel", .deny), ("qm guest cmd 100 $CMD", .deny), ("qm guest exec $ID -- ls", .deny),
        ("pct enter 200", .deny), ("pct ent 200", .deny), ("pct console 200", .deny), ("pct exec 200", .deny),
        ("pct exec $CT -- ls", .deny), ("pct set 200 --hookscript local:snippets/h", .deny),
        ("pct create 300 local:vztmpl/x.tar.zst --hookscript local:snippets/h", .deny),
    ]

    @Test("qm and pct effects", arguments: cases)
    func effect(command: String, expected: EffectClass) {
        let judgement = SpecProbe.judge(command)
        #expect(judgement.effect.kind == expected, "\(command): \(judgement.effect)")
        if expected != .read { #expect(judgement.effect.reason?.isEmpty == false, "\(command) needs a reason") }
    }

    @Test("qm guest exec and pct exec hand their words to the guest, judged there")
    func guestCommands() {
        #expect(SpecProbe.judge("qm guest exec 100 -- cat /etc/hostname").inner
                == [.guestArgv(vmid: "100", [.literal("cat"), .literal("/etc/hostname")])])
        #expect(SpecProbe.judge("qm guest exec 100 --timeout 5 -- rm -rf /").inner
                == [.guestArgv(vmid: "100", [.literal("rm"), .literal("-rf"), .literal("/")])])
        #expect(SpecProbe.judge("pct exec 200 -- df -h").inner == [.guestArgv(vmid: "200", [.literal("df"), .literal("-h")])])
        #expect(SpecProbe.judge("pct exec 200 -- $CMD").inner == [.guestArgv(vmid: "200", [.unknown("$CMD")])])
        #expect(SpecProbe.judge("qm guest exec 100").inner.isEmpty)
    }

    @Test("Spellings CLIHandler expands (unique prefixes, aliases) name the canonical command")
    func canonicalCommands() {
        #expect(SpecProbe.judge("qm dest 100").normalized.subcommands == ["destroy"])
        #expect(SpecProbe.judge("qm agent 100 ping").normalized.subcommands == ["guest", "cmd"])
        #expect(SpecProbe.judge("qm gu c 100 ping").normalized.subcommands == ["guest", "cmd"])
        #expect(SpecProbe.judge("qm importdisk 100 x local").normalized.subcommands == ["disk", "import"])
        #expect(SpecProbe.judge("pct move_volume 200 rootfs local").normalized.subcommands == ["move-volume"])
        // Ambiguous prefixes are no command at all: `st` is start, stop or status; `l` list or listsnapshot.
        for ambiguous in ["qm st", "qm s", "qm l", "qm re", "pct s", "qm guest ex"] {
            #expect(SpecProbe.spec(ambiguous) == nil, "\(ambiguous) must not resolve")
        }
        // Aliases are exact names and never prefix targets (`qm agen` is an unknown command for qm too).
        #expect(SpecProbe.spec("qm agen") == nil)
        #expect(SpecProbe.spec("qm mo")?.effect.kind == .deny)
    }

    @Test("The options that run code on the node are declared as running code",
          arguments: ["qm set", "qm create"], ["--hookscript", "--args"])
    func hostCode(path: String, option: String) {
        let spec = SpecProbe.option(option, of: path)
        #expect(spec.map { SpecProbe.effectClass($0.effect) } == .deny, "\(path) \(option)")
        #expect(spec?.argument == .required)
    }

    @Test("Boolean API properties take Getopt::Long's optional value, others a required one")
    func arity() {
        #expect(SpecProbe.option("--skiplock", of: "qm stop")?.argument == .optional)
        #expect(SpecProbe.option("--online", of: "qm migrate")?.argument == .optional)
        #expect(SpecProbe.option("--timeout", of: "qm shutdown")?.argument == .required)
        // `--skiplock 0` still names the option: Perl reads `0` as its value, not as an extra operand.
        #expect(SpecProbe.judge("qm stop 100 --skiplock 0").normalized.operands == [.literal("100")])
    }
}
