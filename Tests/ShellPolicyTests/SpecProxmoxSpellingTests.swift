import Testing
@testable import ShellPolicy

/// Spellings the programs' own parsers accept for their dangerous options: Getopt::Long prefixes with
/// one or two dashes and `=`, getopt_long abbreviations, short-option clusters, and unknown words
/// that could turn out to be options.
@Suite("Policy v3 specs: spellings of dangerous options")
struct SpecProxmoxSpellingTests {
    static let cases: [(command: String, expected: EffectClass)] = [
        ("qmrestore b.vma 100 -forc 1", .ask), ("qmrestore b.vma 100 -f", .ask), ("vzdump 100 --storage local -scr /tmp/h", .deny),
        ("vzdump 100 -stor local", .change), ("vzdump 100 -storage=local", .change), ("vzdump 100 --storage local --rem 1", .ask),
        ("qm stop 100 -skipl", .ask), ("qm set 100 -hook local:snippets/h", .deny), ("qm set 100 --hookscr=local:snippets/h", .deny),
        ("pct set 200 -hooks local:snippets/h", .deny), ("qm guest exec 100 --pass 1 -- cat", .ask),
        ("pvesh create /nodes/pve1/vzdump --vmid 100 --stor local --scr /tmp/h", .deny),
        ("pvesh create /nodes/pve1/vzdump -vmid 100 -storage local -mode snapshot", .change),
        ("systemctl --no-bl restart pveproxy", .change), ("systemctl restart --job-m=isolate pveproxy", .ask),
        ("journalctl --vacuum-t=1d", .ask), ("journalctl --vacuum-s 1G", .ask), ("journalctl -n50", .read), ("journalctl -kb", .read),
        ("multipath -ll", .read), ("multipath -lF", .ask), ("zfs list -Ho name", .read), ("zfs list -rt snapshot rpool", .read),
        ("mdadm -Ds", .read), ("zpool status -vc smart", .deny), ("zpool iostat -vc media 1", .deny), ("zpool events -vc", .ask),
        ("lvs --conf x", .ask), ("lvs --configr x", .read), ("ceph --admin /run/x.asok status", .ask),
        ("apt -yo APT::Update::Pre-Invoke::=x update", .deny), ("efibootmgr -vo 0001", .ask), ("efibootmgr -vB", .ask),
        ("dpkg -lr x", .ask), ("dpkg --pre-inv x -l", .deny),
        // words only known at run time where an option could be
        ("vzdump 100 --storage local $EXTRA", .deny), ("systemctl $OPT restart pveproxy", .deny), ("zpool status $FLAGS", .deny),
        ("qm list $X", .read), ("pvesm status $X", .read),
    ]

    @Test("Spellings", arguments: cases)
    func effect(command: String, expected: EffectClass) {
        let judgement = SpecProbe.judge(command)
        #expect(judgement.effect.kind == expected, "\(command): \(judgement.effect)")
    }

    /// Getopt::Long's default `ignore_case`, which PVE's `get_options` keeps: the whole policy
    /// (not the probe above, whose reader is case-sensitive) reads `--HOOKSCRIPT` as `--hookscript`.
    @Test("Proxmox option names in any case", arguments: [
        ("qm set 100 --HOOKSCRIPT local:snippets/h", Verdict.deny), ("qm set 100 -HookScr=local:snippets/h", .deny),
        ("pct set 200 --Hookscript local:snippets/h", .deny), ("vzdump 100 --storage local --SCRIPT /tmp/h", .deny),
        ("qm set 100 --ARGS '-x'", .deny), ("qm list --FULL", .allow), ("qm config 100 --Current", .allow),
        ("qm list --full", .allow), ("ls --ALL", .ask),
    ])
    func caseInsensitiveOptions(command: String, expected: Verdict) {
        let verdict = CommandPolicy.evaluate(command, mode: .guarded)
        #expect(verdict.verdict == expected, "\(command): \(verdict.reason ?? "allow")")
    }

    @Test("Abbreviated write options still hand their file to the judge")
    func abbreviatedFiles() {
        #expect(SpecProbe.files("journalctl --cursor-f /root/c") == ["truncate /root/c"])
        #expect(SpecProbe.files("vzdump 100 --storage local -dump /etc") == ["write /etc"])
    }
}
