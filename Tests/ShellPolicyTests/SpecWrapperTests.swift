import Testing
@testable import ShellPolicy

/// Wrappers hand their payload to the judge as an inner command; what they change themselves is said here.
@Suite("Spec refinements: wrappers, find, xargs, shells")
struct SpecWrapperTests {
    static func inner(_ words: [String]) -> [InnerCommand] { specJudge(words).inner }
    static func argv(_ words: [String]) -> InnerCommand { .argv(specArguments(words)) }

    @Test("wrappers stop at their command; its options are its own", arguments: [
        (["nice", "-n", "5", "ls", "-l"], ["ls", "-l"]), (["nice", "-10", "tar", "-cf", "x", "d"], ["tar", "-cf", "x", "d"]),
        (["timeout", "5", "ls", "-la"], ["ls", "-la"]), (["timeout", "-s", "KILL", "5s", "ls"], ["ls"]),
        (["nohup", "sleep", "10"], ["sleep", "10"]), (["stdbuf", "-oL", "tail", "-f", "x"], ["tail", "-f", "x"]),
        (["setsid", "-f", "sleep", "1"], ["sleep", "1"]), (["time", "-v", "ls"], ["ls"]),
        (["env", "LANG=C", "ls", "-l"], ["ls", "-l"]), (["env", "-i", "ls"], ["ls"]),
        (["sudo", "-u", "www-data", "ls", "-l"], ["ls", "-l"]), (["sudo", "-n", "--", "rm", "-rf", "/"], ["rm", "-rf", "/"]),
        (["taskset", "--cpu-list", "1", "ls", "-l"], ["ls", "-l"]), (["taskset", "-c", "0-3", "ls"], ["ls"]),
        (["taskset", "0x3", "ls"], ["ls"]), (["ionice", "-c", "3", "du", "-sh"], ["du", "-sh"]),
        (["chrt", "-b", "0", "ls"], ["ls"]), (["flock", "/run/lock/x", "ls"], ["ls"]),
        (["unshare", "-m", "ls"], ["ls"]), (["nsenter", "-t", "1234", "-m", "ls"], ["ls"]),
        (["chroot", "/mnt", "ls"], ["ls"]), (["runuser", "-u", "nobody", "--", "ls"], ["ls"]),
        (["watch", "-x", "ls", "-l"], ["ls", "-l"]), (["ip", "netns", "exec", "blue", "ls"], ["ls"]),
    ])
    func innerCommands(_ words: [String], _ command: [String]) {
        #expect(Self.inner(words) == [Self.argv(command)], "\(words)")
    }

    @Test("`taskset --cpu-list 1 cmd` is not read as an option with a value")
    func tasksetCpuList() {
        let judgement = specJudge(["taskset", "--cpu-list", "1", "rm", "-rf", "/"])
        #expect(judgement.inner == [Self.argv(["rm", "-rf", "/"])])
        #expect(specJudge(["taskset", "-p", "0x3", "1234"]).inner.isEmpty)
        #expect(specJudge(["taskset", "-p", "0x3", "1234"]).effect.kind == .change)
    }

    @Test("wrapper effects: shells without a command, chdir, other roots", arguments: [
        (["sudo", "-i"], EffectClass.deny), (["sudo", "-s"], .deny), (["sudo", "--login"], .deny), (["sudo", "--sh"], .deny), (["sudo", "-e", "/etc/hosts"], .ask),
        (["sudo", "-A", "ls"], .deny), (["sudo", "-R", "/mnt", "ls"], .ask), (["sudo", "ls"], .read),
        (["env", "-S", "ls -l"], .deny), (["env", "LD_PRELOAD=/tmp/x.so", "ls"], .ask), (["env", "PATH=/tmp", "ls"], .ask),
        (["env", "LC_ALL=C", "TZ=UTC", "date"], .read), (["unshare", "-m"], .deny), (["nsenter", "-t", "1", "-a"], .deny),
        (["nsenter", "-t", "1", "-m", "ls"], .ask), (["chroot", "/mnt"], .deny), (["chroot", "/mnt", "ls"], .ask),
        (["unshare", "--root=/mnt", "ls"], .ask), (["unshare", "--mount=/run/ns", "ls"], .ask),
        (["nice", "$CMD"], .deny), (["timeout", "5", "$CMD"], .read), (["chrt", "-f", "99", "ls"], .ask),
        (["watch", "ls", "-l"], .deny), (["watch", "-n", "5", "ls -l"], .read),
    ])
    func wrapperEffects(_ words: [String], _ expected: EffectClass) {
        #expect(specJudge(words).effect.kind == expected, "\(words)")
    }

    @Test("`env NAME=value` is reported for the judge; `env -C`, `unshare --wd`, `sudo -D` change the directory")
    func environmentAndDirectory() {
        #expect(specJudge(["env", "LANG=C", "A=1", "ls"]).environment == [.literal("LANG=C"), .literal("A=1")])
        #expect(specJudge(["env", "-C", "/etc", "ls"]).changesDirectory)
        #expect(specJudge(["env", "--chdir=/etc", "ls"]).changesDirectory)
        #expect(specJudge(["unshare", "--wd", "/etc", "ls"]).changesDirectory)
        #expect(specJudge(["sudo", "-D", "/etc", "ls"]).changesDirectory)
        #expect(!specJudge(["env", "ls"]).changesDirectory)
    }

    @Test("find: -exec runs an inner command with `{}` unknown; -execdir changes directory")
    func findExec() {
        let judgement = specJudge(["find", "/var/log", "-name", "*.log", "-exec", "grep", "-l", "error", "{}", ";"])
        #expect(judgement.inner == [.argv([.literal("grep"), .literal("-l"), .literal("error"), .unknown("{}")])])
        #expect(judgement.effect.kind == .read)
        #expect(!judgement.changesDirectory)
        let plus = specJudge(["find", ".", "-type", "f", "-exec", "rm", "{}", "+"])
        #expect(plus.inner == [.argv([.literal("rm"), .unknown("{}")])])
        let dir = specJudge(["find", ".", "-execdir", "sh", "-c", "x{}", ";"])
        #expect(dir.changesDirectory)
        #expect(dir.inner == [.argv([.literal("sh"), .literal("-c"), .unknown("x{}")])])
    }

    @Test("find: actions and primaries", arguments: [
        (["find", "/etc", "-name", "*.conf"], EffectClass.read), (["find", "-L", "/etc", "-maxdepth", "1", "-type", "f", "-print0"], .read),
        (["find", ".", "(", "-name", "a", "-o", "-name", "b", ")", "-prune"], .read), (["find", "/tmp", "-delete"], .ask),
        (["find", "/tmp", "-frobnicate"], .ask), (["find", "/tmp", "-exec", "ls"], .ask), (["find", "$DIR", "-name", "x"], .deny),
        (["find", "/tmp", "-newer", "$REF"], .read), (["find", "/tmp", "$EXPR"], .deny),
    ])
    func findActions(_ words: [String], _ expected: EffectClass) {
        #expect(specJudge(words).effect.kind == expected, "\(words)")
    }

    @Test("find: -fprint, -fprintf and -fls write their file; -files0-from reads")
    func findWrites() {
        for action in ["-fprint", "-fprint0", "-fls"] {
            #expect(specJudge(["find", "/", action, "/etc/cron.d/x"]).paths.contains {
                $0.path == .literal("/etc/cron.d/x") && $0.access == .write(truncates: true) })
        }
        #expect(specJudge(["find", "/", "-fprintf", "/etc/x", "%p"]).paths.contains { $0.path == .literal("/etc/x") })
        #expect(specJudge(["find", "-files0-from", "/etc/shadow"]).paths.contains { $0.path == .literal("/etc/shadow") && $0.access == .read })
    }

    @Test("xargs: an unknown item appended; -I replaces inside arguments; -a reads")
    func xargs() {
        #expect(Self.inner(["xargs", "rm"]) == [.argv([.literal("rm"), .unknown("an item xargs reads from its input")])])
        #expect(Self.inner(["xargs", "-0", "-n", "1", "ls", "-l"]).first == .argv([.literal("ls"), .literal("-l"), .unknown("an item xargs reads from its input")]))
        #expect(Self.inner(["xargs", "-I", "{}", "sh", "-c", "echo {}"]) == [.argv([.literal("sh"), .literal("-c"), .unknown("echo {}")])])
        #expect(Self.inner(["xargs", "-IX", "cp", "X", "/tmp/X.bak"]) == [.argv([.literal("cp"), .unknown("X"), .unknown("/tmp/X.bak")])])
        #expect(Self.inner(["xargs", "-i", "mv", "{}", "/tmp"]) == [.argv([.literal("mv"), .unknown("{}"), .literal("/tmp")])])
        #expect(Self.inner(["xargs"]) == [.argv([.literal("echo"), .unknown("an item xargs reads from its input")])])
        #expect(specJudge(["xargs", "-a", "/etc/shadow", "echo"]).paths.map(\.path) == [.literal("/etc/shadow")])
    }

    @Test("shells: `-c CODE` is a script to judge; a file or stdin is denied")
    func shells() {
        #expect(Self.inner(["sh", "-c", "ls -l"]) == [.script(argumentIndex: 1)])
        #expect(Self.inner(["bash", "-xc", "ls", "name", "arg"]) == [.script(argumentIndex: 1)])
        #expect(Self.inner(["bash", "--norc", "-c", "ls"]) == [.script(argumentIndex: 2)])
        #expect(specJudge(["bash", "/tmp/x.sh"]).paths == [PathUse(path: .literal("/tmp/x.sh"), access: .execute, by: "`bash`")])
        for words in [["bash", "/tmp/x.sh"], ["bash"], ["sh", "-s"], ["bash", "-i"], ["bash", "--rcfile", "/tmp/x", "-c", "ls"],
                      ["dash", "+x", "-c", "ls"]] {
            #expect(specJudge(words).effect.kind == .deny, "\(words)")
        }
        #expect(Self.inner(["su", "-", "root", "-c", "ls"]) == [.script(argumentIndex: 3)])
        #expect(Self.inner(["su", "-c", "ls", "postgres"]) == [.script(argumentIndex: 1)])
        #expect(specJudge(["su", "root"]).effect.kind == .deny)
        #expect(specJudge(["su", "-s", "/tmp/evil", "-c", "ls"]).effect.kind == .deny)
        #expect(specJudge(["su", "--command=ls"]).effect.kind == .deny, "attached code cannot be replaced in place")
        #expect(Self.inner(["script", "-q", "-c", "ls", "/dev/null"]) == [.script(argumentIndex: 2)])
        #expect(specJudge(["script", "-c", "ls", "/dev/null"]).paths.map(\.path) == [.literal("/dev/null")])
        #expect(specJudge(["script"]).effect.kind == .deny)
        #expect(Self.inner(["flock", "/run/x.lock", "-c", "ls"]) == [.script(argumentIndex: 2)])
        #expect(Self.inner(["watch", "ls -l"]) == [.script(argumentIndex: 0)])
    }
}
