import Testing
import ShellPolicy

/// `allow:`, `deny:` and `approval:` in hosts.d, and how `CommandPolicy` applies them.
@Suite("Inventory policy rules")
struct InventoryPolicyRulesTests {
    @Test("rules load, and a host's own list replaces the default one")
    func loads() throws {
        let files = TemporaryInventory.self
        let root = try files.init(["pve.yaml": """
            defaults:
              deny: ["qm migrate"]
            pve1:
              address: 10.0.0.1
              allow: ["ceph osd set noout", "systemctl restart 'pve-cluster'"]
              approval: deny
            pve2:
              address: 10.0.0.2
              deny: []
            """])
        let inventory = try root.load()
        let pve1 = try inventory.host(named: "pve1")
        #expect(pve1.rules.allow.map(\.description) == ["ceph osd set noout", "systemctl restart pve-cluster"])
        #expect(pve1.rules.deny.map(\.description) == ["qm migrate"])
        #expect(pve1.rules.approval == .deny)
        let pve2 = try inventory.host(named: "pve2")
        #expect(pve2.rules.deny.isEmpty)
        #expect(pve2.rules.approval == .ask)
    }

    @Test("a bad rule is an error at its own line", arguments: [
        ("allow: [\"ls; reboot\"]", 3), ("deny: [\"qm $SUB\"]", 3), ("allow:\n    - qm list\n    - \"echo > /etc/x\"", 5),
        ("approval: maybe", 3), ("allow: qm list", 3), ("deny: [\"\"]", 3), ("allow: [\"qm 'destroy\"]", 3),
    ])
    func badRule(_ yaml: String, _ line: Int) throws {
        let root = try TemporaryInventory(["pve.yaml": "pve1:\n  address: 10.0.0.1\n  \(yaml)\n"])
        let error = try #require(root.loadError())
        #expect(error.kind == .invalidValue)
        #expect(error.file == root.file("pve.yaml"))
        #expect(error.line == line, "\(error)")
    }

    static func rules(allow: [String] = [], deny: [String] = [], approval: PolicyRules.Approval = .ask) throws -> PolicyRules {
        PolicyRules(allow: try allow.map { try PolicyRule($0) }, deny: try deny.map { try PolicyRule($0) }, approval: approval)
    }

    @Test("allow turns an ask into allow; deny beats allow and the built-in allow-list")
    func precedence() throws {
        let rules = try Self.rules(allow: ["ceph osd set noout", "qm migrate"], deny: ["qm migrate", "systemctl restart pve-cluster"])
        #expect(CommandPolicy.evaluate("ceph osd set noout", mode: .guarded).verdict == .ask)
        #expect(CommandPolicy.evaluate("ceph osd set noout", mode: .guarded, rules: rules).verdict == .allow)
        #expect(CommandPolicy.evaluate("sudo /usr/bin/ceph 'osd' set noout", mode: .guarded, rules: rules).verdict == .allow)
        #expect(CommandPolicy.evaluate("ceph osd set nodown", mode: .guarded, rules: rules).verdict == .ask)
        let migrate = CommandPolicy.evaluate("qm migrate 100 pve2", mode: .guarded, rules: rules)
        #expect(migrate.verdict == .deny)
        #expect(migrate.reason?.contains("`deny:` rule `qm migrate`") == true)
        #expect(CommandPolicy.evaluate("systemctl restart pve-cluster", mode: .guarded, rules: rules).verdict == .deny)
        #expect(CommandPolicy.evaluate("qm migrate 100 pve2", mode: .readOnly, rules: rules).verdict == .deny)
    }

    @Test("rules never weaken the fail-closed rules")
    func failClosedStays() throws {
        let rules = try Self.rules(allow: ["ceph", "bash", "eval", "qm"])
        for command in ["ceph $(cat x)", "eval ceph osd set noout", "bash -c \"$X\"", "qm $SUB 100", "ceph osd set noout > $F",
                        "ceph osd set noout | sh"] {
            #expect(CommandPolicy.evaluate(command, mode: .guarded, rules: rules).verdict == .deny, "\(command)")
        }
        // An allow rule covers the command, not a protected write next to it.
        #expect(CommandPolicy.evaluate("ceph osd set noout > /etc/pve/x", mode: .guarded, rules: rules).verdict == .ask)
    }

    @Test("approval: deny turns every ask into a refusal, and says so")
    func approvalDeny() throws {
        let rules = try Self.rules(approval: .deny)
        let verdict = CommandPolicy.evaluate("qm destroy 100", mode: .guarded, rules: rules)
        #expect(verdict.verdict == .deny)
        #expect(verdict.reason?.contains("approval setting is deny") == true)
        #expect(CommandPolicy.evaluate("qm list", mode: .guarded, rules: rules).verdict == .allow)
    }
}
