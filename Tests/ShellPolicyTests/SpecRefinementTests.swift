import Testing
@testable import ShellPolicy

/// Each refinement's attack next to the harmless look-alike that must pass.
@Suite("Spec refinements: sed, awk, kill, pkill")
struct SpecRefinementTests {
    static func kind(_ words: [String]) -> EffectClass { specJudge(words).effect.kind }

    @Test("sed: scripts from -e, --expression, the first operand, `-ne` clusters", arguments: [
        (["sed", "-n", "1p", "f"], EffectClass.read), (["sed", "s/a/b/g", "f"], .read), (["sed", "-E", "s/(a)/\\1/", "f"], .read),
        (["sed", "-n", "/re/{p;q}", "f"], .read), (["sed", "-e", "1d", "-e", "$d", "f"], .read), (["sed", "y/abc/xyz/", "f"], .read),
        (["sed", "-ne", "1e", "f"], .deny), (["sed", "1e id", "f"], .deny), (["sed", "e", "f"], .deny),
        (["sed", "s/x/id/e", "f"], .deny), (["sed", "--expression=1e", "f"], .deny), (["sed", "--expr", "s/a/b/e", "f"], .deny),
        (["sed", "-f", "/tmp/s.sed", "f"], .deny), (["sed", "$SCRIPT", "f"], .deny), (["sed", "-n", "1p", "$F"], .deny),
        (["sed", "s|a|b|e", "f"], .deny), (["sed", "1!e", "f"], .deny), (["sed", "/x/I,+2e", "f"], .deny),
        (["sed", "a\\\ntext e", "f"], .read), (["sed", "s/e/e/", "f"], .read), (["sed", "-i", "s/a/b/", "f"], .change),
        (["sed", "-n", "1p;k", "f"], .deny),
    ])
    func sed(_ words: [String], _ expected: EffectClass) {
        #expect(Self.kind(words) == expected, "\(words)")
    }

    @Test("sed: w/W/s///w write and r/R read, with their file names")
    func sedPaths() {
        let write = specJudge(["sed", "-n", "w /root/.ssh/authorized_keys", "f"])
        #expect(write.paths.contains(PathUse(path: .literal("/root/.ssh/authorized_keys"), access: .write(truncates: true), by: "`sed w`")))
        let flag = specJudge(["sed", "s/a/b/w /etc/x", "f"])
        #expect(flag.paths.contains { $0.path == .literal("/etc/x") })
        let read = specJudge(["sed", "1r /etc/shadow", "f"])
        #expect(read.paths.contains(PathUse(path: .literal("/etc/shadow"), access: .read, by: "`sed r`")))
        let inPlace = specJudge(["sed", "-i.bak", "s/a/b/", "/etc/hosts"])
        #expect(inPlace.paths == [PathUse(path: .literal("/etc/hosts"), access: .write(truncates: true), by: "`sed -i`")])
        #expect(specJudge(["sed", "-n", "1p", "f"]).paths == [PathUse(path: .literal("f"), access: .read, by: "`sed`")])
    }

    @Test("awk: code, pipes, redirections and includes; comments and strings do not confuse it", arguments: [
        (["awk", "$3 > 50", "f"], EffectClass.read), (["awk", "{print $1}", "f"], .read), (["awk", "-F:", "{print $1}", "/etc/passwd"], .read),
        (["awk", "$1 == \"a\" || $2 > 3 {print}", "f"], .read), (["awk", "{ if ($3 > 50) print $1 }", "f"], .read),
        (["awk", "{ print ($1 > 2) }", "f"], .read), (["awk", "/a|b/ {print}", "f"], .read), (["awk", "{x = \"|\"; print x}", "f"], .read),
        (["awk", "BEGIN{system(\"id\")}"], .deny), (["awk", "# \"\nBEGIN{system(\"id\")}"], .deny),
        (["awk", "{print | \"sh\"}", "f"], .deny), (["awk", "BEGIN{\"id\" | getline x}"], .deny), (["awk", "{print |& \"x\"}"], .deny),
        (["awk", "@include \"x\""], .deny), (["awk", "BEGIN{f=\"system\"; @f(\"id\")}"], .deny),
        (["awk", "-f", "/tmp/p.awk", "f"], .deny), (["gawk", "-i", "x", "1"], .deny), (["gawk", "-l", "ext", "1"], .deny),
        (["gawk", "-E", "x"], .deny), (["gawk", "-e", "BEGIN{system(\"id\")}"], .deny), (["awk", "$PROG", "f"], .deny),
        (["awk", "BEGIN{print > \"/inet/tcp/0/h/80\"}"], .deny), (["mawk", "-W", "exec", "x"], .ask),
        (["awk", "{print $1}", "$F"], .read), (["awk", "/#/ { print \"#\" }", "f"], .read),
        (["awk", "{ if ($1) /\"/ ; system(\"id\") }", "f"], .deny), (["awk", "{ if ($1) /#/; system(\"id\") }", "f"], .deny),
        (["awk", "{ x = ($1) / 2; print x }", "f"], .read), (["awk", "{ print ($2 + 1) / $3 }", "f"], .read),
    ])
    func awk(_ words: [String], _ expected: EffectClass) {
        #expect(Self.kind(words) == expected, "\(words)")
    }

    @Test("awk: print redirections write, getline < reads; assignments are not files")
    func awkPaths() {
        let write = specJudge(["awk", "{print > \"/etc/x\"}", "f"])
        #expect(write.paths.contains(PathUse(path: .literal("/etc/x"), access: .write(truncates: true), by: "`awk` print >")))
        let append = specJudge(["awk", "{printf(\"%s\", $1) >> $2}", "f"])
        #expect(append.paths.contains { $0.path == .unknown("awk expression") })
        let read = specJudge(["awk", "BEGIN{while ((getline line < \"/etc/shadow\") > 0) print line}"])
        #expect(read.paths.contains(PathUse(path: .literal("/etc/shadow"), access: .read, by: "`awk` getline <")))
        #expect(specJudge(["awk", "$3 > 50", "f"]).paths == [PathUse(path: .literal("f"), access: .read, by: "`awk`")])
        #expect(specJudge(["awk", "{print x}", "x=1", "f"]).paths.map(\.path) == [.literal("f")])
        #expect(specJudge(["awk", "{print > \"/dev/stderr\"}"]).paths.isEmpty)
        let concatenated = specJudge(["awk", "{print > \"/tmp/\" $1}"])
        #expect(concatenated.paths.map(\.path) == [.unknown("awk expression")], "`\"/tmp/\" $1` is not the file `/tmp/`")
        #expect(specJudge(["awk", "{print > \"/tmp/o\"; n++}"]).paths.map(\.path) == [.literal("/tmp/o")])
    }

    @Test("kill: PIDs as the kernel reads them", arguments: [
        (["kill", "1234"], EffectClass.ask), (["kill", "-9", "1234"], .ask), (["kill", "-s", "TERM", "1234"], .ask),
        (["kill", "-0", "1234"], .read), (["kill", "-l"], .read), (["kill", "-l", "9"], .read),
        (["kill", "-9", "01"], .deny), (["kill", "-9", " 1"], .deny), (["kill", "-SEGV", "+1"], .deny),
        (["kill", "--", "-1"], .deny), (["kill", "-9", "-01"], .deny), (["kill", "-9", "-1"], .deny), (["kill", "1"], .deny),
        (["kill", "0"], .deny), (["kill", "-9", "$PID"], .deny), (["kill", "-TERM", "-1234"], .deny),
        (["kill", "1234", "-1"], .deny), (["kill", "%1"], .deny), (["kill", "1e3"], .deny), (["kill", "99999999999"], .deny),
        (["kill"], .ask),
    ])
    func kill(_ words: [String], _ expected: EffectClass) {
        #expect(Self.kind(words) == expected, "\(words)")
    }

    @Test("pkill/killall/pgrep: plain names only, selectors ask, protected daemons deny", arguments: [
        (["pgrep", "sshd"], EffectClass.read), (["pgrep", "-f", "(.+)+#"], .read), (["pgrep", "-u", "root", "-l", "cron"], .read),
        (["pkill", "myjob"], .ask), (["pkill", "-HUP", "rsyslogd"], .ask), (["killall", "-9", "myjob"], .ask),
        (["pkill", "-f", "(.+)+#"], .ask), (["pkill", "my.*job"], .ask), (["pkill", "-u", "root", "myjob"], .ask),
        (["pkill", "--cgroup", "/x", "myjob"], .ask), (["pkill", "-g", "1", "myjob"], .ask), (["pkill", "--ns", "1", "myjob"], .ask),
        (["pkill", "x"], .deny),
        (["killall", "-r", "x"], .ask), (["pkill", "-v", "x"], .deny), (["killall", "-9", "kvm"], .deny),
        (["pkill", "qemu"], .deny), (["pkill", "-x", "qemu"], .ask), (["pkill", "em"], .deny), (["pkill", "$NAME"], .deny),
        (["killall", "pveproxy"], .deny), (["pkill", "-9", "-x", "corosync"], .deny),
    ])
    func byName(_ words: [String], _ expected: EffectClass) {
        #expect(Self.kind(words) == expected, "\(words)")
    }

    @Test("hostile patterns are judged instantly and never compiled")
    func hostilePatterns() {
        let brackets = String(repeating: "[", count: 5_000)
        let start = ThreadCPUTime.now
        #expect(Self.kind(["pkill", brackets]) == .ask)
        #expect(Self.kind(["pkill", "-f", "(.+)+#"]) == .ask)
        #expect(Self.kind(["killall", brackets]) == .ask)
        #expect(Self.kind(["pgrep", brackets]) == .read)
        #expect(ThreadCPUTime.now - start < .milliseconds(50))
    }
}
