import Testing
@testable import ShellPolicy

/// Host rules judge the structured form (issue 17, class 7): a `deny:` rule is not evaded by spelling,
/// and an `allow:` rule is exact (or an explicit `prefix:`) and never lifts a deny or a secret read.
@Suite("Policy v3 host rules")
struct PolicyHostRuleTests {
    static func rules(allow: [String] = [], deny: [String] = []) throws -> PolicyRules {
        PolicyRules(allow: try allow.map { try PolicyRule($0) }, deny: try deny.map { try PolicyRule($0) })
    }

    @Test("deny rules match however the command is written", arguments: [
        ("systemctl restart pveproxy", "systemctl restart pveproxy.service"),
        ("systemctl restart pveproxy", "systemctl --no-block restart pveproxy"),
        ("systemctl restart pveproxy", "systemctl restart pvedaemon pveproxy"),
        ("systemctl restart pveproxy", "sudo /usr/bin/systemctl 'restart' pveproxy"),
        ("apt install", "apt -y install htop"),
        ("pvesh create /nodes/pve1/vzdump", "pvesh create //nodes//pve1/vzdump/ --vmid 100 --storage local"),
        ("qm migrate", "qm migrate 100 pve2 --online"),
    ])
    func denyMatches(_ rule: String, _ command: String) throws {
        let verdict = CommandPolicy.evaluate(command, mode: .guarded, rules: try Self.rules(deny: [rule]))
        #expect(verdict.verdict == .deny, "\(command) with deny \(rule): \(verdict.reason ?? "")")
        #expect(verdict.reason?.contains("deny:") == true)
    }

    @Test("deny rules do not catch other commands", arguments: [
        ("systemctl restart pveproxy", "systemctl status pveproxy"), ("qm migrate", "qm list"),
    ])
    func denyIsPrecise(_ rule: String, _ command: String) throws {
        #expect(CommandPolicy.evaluate(command, mode: .guarded, rules: try Self.rules(deny: [rule])).verdict == .allow)
    }

    @Test("an allow rule is the exact command")
    func allowExact() throws {
        let rules = try Self.rules(allow: ["ceph osd set noout"])
        #expect(CommandPolicy.evaluate("ceph osd set noout", mode: .guarded, rules: rules).verdict == .allow)
        #expect(CommandPolicy.evaluate("ceph osd set noout; ceph osd set pause", mode: .guarded, rules: rules).verdict == .ask)
        #expect(CommandPolicy.evaluate("ceph osd set noscrub", mode: .guarded, rules: rules).verdict == .ask)
    }

    @Test("a prefix: rule matches longer commands, but never lifts a deny or a secret read")
    func allowPrefix() throws {
        let rules = try Self.rules(allow: ["prefix: qm set"])
        #expect(CommandPolicy.evaluate("qm set 100 --memory 8192", mode: .guarded, rules: rules).verdict == .allow)
        #expect(CommandPolicy.evaluate("qm set 100 --hookscript local:snippets/x", mode: .guarded, rules: rules).verdict == .deny)
        let cat = try Self.rules(allow: ["prefix: cat"])
        #expect(CommandPolicy.evaluate("cat /etc/shadow", mode: .guarded, rules: cat).verdict == .ask)
    }

    @Test("rules must be one plain command")
    func invalidRules() {
        #expect(throws: PolicyRuleError.self) { try PolicyRule("ls; rm") }
        #expect(throws: PolicyRuleError.self) { try PolicyRule("rm $X") }
        #expect(throws: PolicyRuleError.self) { try PolicyRule("X=1 ls") }
    }
}

/// What is sent is the canonical rendering of what was judged (issue 17: parse → judge → re-emit).
@Suite("Policy v3 re-emission")
struct PolicyReemissionTests {
    @Test("the node gets our rendering, not the original text", arguments: [
        ("qm   list", "qm list"), ("'ls' -la", "ls -la"), ("echo \"$HOME\"", "echo \"${HOME}\""),
        ("sh -c 'ls   -la'", "sh -c 'ls -la'"), ("sudo sh -c \"qm list\"", "sudo sh -c 'qm list'"),
        ("echo a\r#b", "echo 'a\r#b'"),
    ])
    func canonical(_ command: String, _ sent: String) {
        let verdict = CommandPolicy.evaluate(command, mode: .guarded)
        #expect(verdict.verdict == .allow, "\(verdict.reason ?? "")")
        #expect(verdict.canonical == sent, "\(verdict.canonical.debugDescription)")
        #expect(verdict.containment == .guarded)
    }

    @Test("an ask carries the rendering to show and send; a deny sends nothing; unrestricted sends the original")
    func perVerdict() {
        let ask = CommandPolicy.evaluate("rm  -rf /tmp/x", mode: .guarded)
        #expect(ask.verdict == .ask)
        #expect(ask.canonical == "rm -rf /tmp/x")
        #expect(ask.containment == Containment.none)
        #expect(ask.finding == .needsApproval)
        let deny = CommandPolicy.evaluate("eval ls", mode: .guarded)
        #expect(deny.canonical == nil)
        #expect(deny.finding == .unknowable)
        let free = CommandPolicy.evaluate("f() { ls; }; f", mode: .unrestricted)
        #expect(free.verdict == .allow)
        #expect(free.canonical == "f() { ls; }; f")
        #expect(free.containment == Containment.none)
    }
}
