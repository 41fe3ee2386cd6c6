import Testing
@testable import ShellPolicy

/// Options read the way the target program reads them (issue 10, point 5).
@Suite("Policy option parsing")
struct PolicyOptionTests {
    static func invocation(_ line: String) throws -> Invocation {
        let words = try #require(try ShellParser.parse(line).commands.first?.words)
        return Invocation(path: words[0].value, arguments: Array(words.dropFirst()))
    }

    @Test("GNU long options: exact, =value, abbreviations; clusters; `--` ends options", arguments: [
        ("sed --in-place=.bak s/a/b/ f", true), ("sed --in-pl s/a/b/ f", true), ("sed --i s/a/b/ f", true),
        ("sed -ni s/a/b/p f", true), ("sed -n s/a/b/p f", false), ("sed -n -- -i f", false), ("sed --inplace x f", false),
    ])
    func gnuLongOptions(_ line: String, _ hasInPlace: Bool) throws {
        #expect(try Self.invocation(line).hasOption(short: ["i"], long: ["in-place"]) == hasInPlace)
    }

    @Test("Proxmox CLIs: one or two dashes and unique prefixes", arguments: [
        ("qmrestore b.vma 100 --force 1", true), ("qmrestore b.vma 100 -force 1", true), ("qmrestore b.vma 100 --forc 1", true),
        ("qmrestore b.vma 100 -f", true), ("qmrestore b.vma 100 --storage local", false), ("vzdump 100 -scr /tmp/x", false),
    ])
    func proxmoxOptions(_ line: String, _ hasForce: Bool) throws {
        #expect(try Self.invocation(line).hasProxmoxOption(["force"]) == hasForce)
    }

    @Test("option values found in every spelling", arguments: [
        "mv -t /etc/pve x", "mv --target-directory=/etc/pve x", "mv --target /etc/pve x", "mv x -t /etc/pve", "mv -t/etc/pve x",
    ])
    func targetDirectory(_ line: String) throws {
        let targets = WritePaths.targets(of: try Self.invocation(line)).compactMap { $0.word.staticValue }
        #expect(targets.contains("/etc/pve"), "\(targets)")
    }

    @Test("ssh reads options after the destination, then the remote command", arguments: [
        ("ssh pve2 -l root reboot", ["reboot"]), ("ssh -p 22 pve2 -- qm list", ["qm list"]),
        ("ssh pve2 -o BatchMode=yes -l root qm list", ["qm list"]), ("ssh -l root pve2 uptime", ["uptime"]),
    ])
    func sshCommand(_ line: String, _ commands: [String]) {
        #expect(CommandPolicy.evaluate(line, mode: .guarded).commands == commands)
    }

    @Test("wrappers skip their option values in any spelling", arguments: [
        ("timeout --signal=KILL 5 reboot", ["reboot"]), ("timeout --sig KILL 5 reboot", ["reboot"]),
        ("sudo --user=root reboot", ["reboot"]), ("sudo --us root reboot", ["reboot"]), ("nice --adjustment 5 reboot", ["reboot"]),
    ])
    func wrapperValues(_ line: String, _ commands: [String]) {
        #expect(CommandPolicy.evaluate(line, mode: .guarded).commands == commands)
    }
}
