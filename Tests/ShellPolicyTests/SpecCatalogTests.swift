import Testing
@testable import ShellPolicy

@Suite("Spec catalog: lookup, folding, normalized form")
struct SpecCatalogTests {
    @Test("every spec name is unique, so no file silently shadows another")
    func uniqueNames() {
        var seen: [String: Int] = [:]
        for spec in ProgramCatalog.all { seen[spec.name, default: 0] += 1 }
        #expect(seen.filter { $0.value > 1 }.keys.sorted() == [])
    }

    @Test("the programs the brief names are all in the catalog")
    func coverage() {
        let required = """
            ls cat head tail wc sort uniq cut tr df du stat date uptime id whoami hostname uname nproc free env printenv \
            echo printf true false test [ basename dirname readlink realpath seq sleep tee touch mkdir cp mv rm ln chmod \
            chown md5sum sha256sum grep egrep zgrep less more column jq sed awk gawk mawk diff cmp strings od xxd hexdump \
            base64 file ps top pgrep pidof lsof fuser kill pkill killall sudo nice ionice timeout xargs nohup stdbuf \
            taskset chrt flock setsid watch time find sh bash dash su runuser unshare nsenter chroot script ip ss ping \
            traceroute dig host nslookup curl wget nc ethtool bridge lsblk blkid lscpu lspci lsusb dmidecode smartctl \
            nvme sensors dmesg tar gzip zstd xz last w who
            """.split(separator: " ").map(String.init)
        let missing = required.filter { ProgramCatalog.spec(named: $0) == nil }
        #expect(missing == [])
    }

    @Test("an unknown program asks, by basename")
    func unknownProgram() {
        let judgement = ProgramCatalog.judge(program: "/usr/local/bin/frobnicate", arguments: [.literal("-x")])
        #expect(judgement.effect == .ask("`frobnicate` is not on the allow-list of known programs"))
        #expect(ProgramCatalog.judge(program: "/bin/ls", arguments: []).effect.kind == .read)
    }

    @Test("plain reads pass; unknown options ask", arguments: [
        (["ls", "-la", "/etc"], EffectClass.read), (["ls", "--color=auto"], .read), (["ls", "$DIR"], .read),
        (["cat", "-n", "/var/log/syslog"], .read), (["head", "-20", "f"], .read), (["head", "-n", "5", "f"], .read),
        (["tail", "-f", "-n", "100", "f"], .read), (["df", "-h"], .read), (["du", "-sh", "/var/lib/vz"], .read),
        (["free", "-m"], .read), (["uname", "-a"], .read), (["date", "+%F"], .read), (["date", "-u"], .read),
        (["seq", "1", "10"], .read), (["echo", "-x", "hello"], .read), (["printf", "%s\n", "a"], .read),
        (["test", "-f", "/etc/hosts"], .read), (["stat", "-c", "%s", "f"], .read), (["sort", "-rn", "f"], .read),
        (["ls", "--frobnicate"], .ask), (["cat", "-Z"], .ask), (["date", "010100002030"], .ask),
        (["date", "-s", "now"], .ask), (["hostname", "newname"], .ask), (["hostname", "-f"], .read),
    ])
    func readsAndUnknowns(_ words: [String], _ expected: EffectClass) {
        #expect(specJudge(words).effect.kind == expected, "\(words)")
    }

    @Test("writes become paths; destructive programs ask", arguments: [
        (["tee", "/tmp/x"], EffectClass.change), (["touch", "/root/a"], .change), (["mkdir", "-p", "/root/d"], .change),
        (["cp", "a", "b"], .change), (["mv", "a", "b"], .ask), (["rm", "-rf", "/tmp/x"], .ask),
        (["rm", "--no-preserve-root", "-rf", "/"], .deny), (["chmod", "600", "f"], .ask), (["chown", "root", "f"], .ask),
        (["ln", "-s", "a", "b"], .ask), (["sort", "-o", "/etc/passwd", "f"], .read), (["dd", "if=/dev/zero", "of=/x"], .change),
        (["dd", "if=/dev/zero", "of=/x", "evil=1"], .ask), (["sort", "--compress-program=sh", "f"], .deny),
    ])
    func writes(_ words: [String], _ expected: EffectClass) {
        #expect(specJudge(words).effect.kind == expected, "\(words)")
    }

    @Test("written files are reported with their access, whatever the spelling", arguments: [
        (["sort", "-o", "/etc/passwd", "f"], "/etc/passwd"), (["sort", "-o/etc/passwd", "f"], "/etc/passwd"),
        (["sort", "--output=/etc/passwd", "f"], "/etc/passwd"), (["sort", "--out", "/etc/passwd", "f"], "/etc/passwd"),
        (["sort", "f", "-o", "/etc/passwd"], "/etc/passwd"), (["tee", "-a", "/etc/passwd"], "/etc/passwd"),
        (["cp", "a", "/etc/passwd"], "/etc/passwd"), (["cp", "-t", "/etc", "a"], "/etc"),
        (["dd", "if=/dev/zero", "of=/etc/passwd"], "/etc/passwd"), (["uniq", "in", "/etc/passwd"], "/etc/passwd"),
        (["xxd", "-r", "dump", "/etc/passwd"], "/etc/passwd"), (["ss", "-D", "/etc/passwd"], "/etc/passwd"),
        (["blkid", "-c", "/etc/passwd"], "/etc/passwd"), (["zstd", "-o", "/etc/passwd", "f"], "/etc/passwd"),
    ])
    func writePaths(_ words: [String], _ path: String) {
        let judgement = specJudge(words)
        let written = judgement.paths.filter { if case .write = $0.access { return true } else { return false } }
        #expect(written.map(\.path).contains(.literal(path)), "\(words): \(judgement.paths)")
    }

    @Test("`tee -a` appends, `tee` truncates")
    func teeAppend() {
        #expect(specJudge(["tee", "-a", "f"]).paths.map(\.access) == [.write(truncates: false)])
        #expect(specJudge(["tee", "f"]).paths.map(\.access) == [.write(truncates: true)])
    }

    @Test("reads of files are reported, stdin is not")
    func readPaths() {
        #expect(specJudge(["cat", "/etc/shadow", "-"]).paths == [PathUse(path: .literal("/etc/shadow"), access: .read, by: "`cat`")])
        #expect(specJudge(["grep", "-r", "root", "/etc/pve/priv"]).paths.map(\.path) == [.literal("/etc/pve/priv")])
        #expect(specJudge(["grep", "-e", "x", "a", "b"]).paths.map(\.path) == [.literal("a"), .literal("b")])
        #expect(specJudge(["grep", "-f", "/etc/shadow", "a"]).paths.map(\.path) == [.literal("/etc/shadow"), .literal("a")])
        #expect(specJudge(["jq", ".", "/etc/pve/priv/x.json"]).paths.map(\.path) == [.literal("/etc/pve/priv/x.json")])
    }

    @Test("an expansion where grep expects options may be `-f FILE`: a read of an unknown path, not a refusal")
    func grepExpansion() {
        let judgement = specJudge(["grep", "-r", "x", "$DIR"])
        #expect(judgement.effect.kind == .read)
        #expect(judgement.paths.contains { $0.path == .unknown("$DIR") && $0.access == .read })
    }

    @Test("normalized form: canonical option names, values, operands, subcommands")
    func normalized() {
        let judgement = specJudge(["sort", "--out=/tmp/o", "-r", "f"])
        #expect(judgement.normalized.program == "sort")
        #expect(judgement.normalized.options["-o"] == ["/tmp/o"])
        #expect(judgement.normalized.options["-b"] == nil)
        #expect(judgement.normalized.options["-r"] == [nil])
        #expect(judgement.normalized.operands == [.literal("f")])
        #expect(specJudge(["ip", "a", "s"]).effect.kind == .ask, "`s` also abbreviates `set`: never read as `show`")
        let ip = specJudge(["ip", "-br", "a", "sh", "dev", "vmbr0"])
        #expect(ip.normalized.subcommands == ["address", "show"], "\(ip.normalized)")
        #expect(ip.effect.kind == .read)
    }

    static let tree = ProgramSpec("tool", options: [.flag("-v")], subcommands: [
        ProgramSpec("list", options: [.flag("--all")]),
        ProgramSpec("guest", subcommands: [ProgramSpec("exec", style: .gnuStopAtOperand, operands: .skipping(1, then: .command),
                                                      effect: .ask("runs a command in a guest"))]),
        ProgramSpec("destroy", effect: .ask("destroys")),
    ], unknownSubcommand: .deny("no such subcommand"))

    @Test("subcommands: selected by the first operand, recursively; unknown and run-time words")
    func subcommands() {
        let compiled = CompiledSpec(Self.tree)
        #expect(compiled.subcommands["guest"]?.subcommands["exec"] != nil)
        let parsed = OptionParser.parse(specArguments(["-v", "list", "--all"]), spec: Self.tree)
        #expect(parsed.operands == [.literal("list"), .literal("--all")], "options after the subcommand are its own")
        func judge(_ words: [String]) -> ProgramJudgement { ProgramCatalog.judge(Self.tree, arguments: specArguments(words)) }
        let list = judge(["-v", "list", "--all"])
        #expect(list.effect.kind == .read)
        #expect(list.normalized.subcommands == ["list"] && list.normalized.options["-v"] == [nil] && list.normalized.options["--all"] == [nil])
        #expect(judge(["list", "-v"]).effect.kind == .ask, "`-v` belongs to `tool`, not to `list`")
        let exec = judge(["guest", "exec", "100", "ls", "-l"])
        #expect(exec.effect.kind == .ask)
        #expect(exec.normalized.subcommands == ["guest", "exec"])
        #expect(exec.inner == [.argv([.literal("ls"), .literal("-l")])])
        #expect(judge(["frob"]).effect == .deny("no such subcommand"))
        #expect(judge(["$SUB"]).effect.kind == .deny)
        #expect(judge(["guest", "nope"]).effect == .ask("`tool guest nope` is not on the allow-list"))
        #expect(judge([]).effect.kind == .read)
    }

    @Test("an expansion where a known program's options are all safe costs nothing (`ls $DIR`), a runner's denies")
    func runtimeOptions() {
        #expect(specJudge(["ls", "-l", "$DIR"]).effect.kind == .read)
        #expect(specJudge(["tar", "-tf", "a.tar", "$X"]).effect.kind == .deny)
        #expect(specJudge(["nice", "$CMD"]).effect.kind == .deny)
    }

    @Test("GNU abbreviations of dangerous options are the dangerous option", arguments: [
        ["tar", "-xf", "a.tar", "--to-c=sh"], ["tar", "-cf", "a.tar", "--use-comp=sh", "d"], ["sed", "--expr=1e", "f"],
        ["sed", "--fi=/tmp/s.sed", "f"], ["sort", "--compress-p=sh", "f"], ["tar", "--checkpoint-a=exec=sh", "-cf", "a", "d"],
    ])
    func abbreviations(_ words: [String]) {
        #expect(specJudge(words).effect.kind == .deny, "\(words)")
    }
}
