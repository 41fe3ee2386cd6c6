@testable import ProxmoxModel
import Testing

/// `FixedCommand`: what a helper sends is its own literal words plus values that cannot change the
/// command's shape. The look-alikes must come out as one word; the hostile values must too.
@Suite("Fixed commands")
struct FixedCommandTests {
    enum Kind: String { case vm, storage }

    @Test func literalsAndIntegersAreSentAsWritten() {
        let vmid = 101
        let command: FixedCommand = "qm config \(vmid) --current"
        #expect(command.text == "qm config 101 --current")
    }

    @Test func enumRawValuesAreWords() {
        let command: FixedCommand = "pvesh get /cluster/resources --type \(Kind.storage)"
        #expect(command.text == "pvesh get /cluster/resources --type storage")
    }

    @Test(arguments: ["pve1", "local-lvm", "node.example:8006", "root@pam", "a/b+c=d_e"])
    func plainWordsStayPlain(_ word: String) {
        let command: FixedCommand = "pvesh get /nodes/\(word: word)"
        #expect(command.text == "pvesh get /nodes/" + word)
    }

    @Test(arguments: [
        ("pve1; rm -rf /", "'pve1; rm -rf /'"),
        ("$(id)", "'$(id)'"),
        ("it's", #"'it'\''s'"#),
        ("-o ProxyCommand=x", "'-o ProxyCommand=x'"),
        ("--help", "'--help'"),
        ("", "''"),
        ("a\nb", "'a\nb'"),
        ("`id`", "'`id`'"),
    ])
    func anythingElseIsOneQuotedWord(_ value: String, _ expected: String) {
        let word: FixedCommand = "\(word: value)"
        let quoted: FixedCommand = "\(quoted: value)"
        #expect(word.text == expected)
        #expect(quoted.text == expected)
    }

    @Test func quotedAlwaysQuotesEvenAPlainWord() {
        let command: FixedCommand = "journalctl --unit \(quoted: "pveproxy.service")"
        #expect(command.text == "journalctl --unit 'pveproxy.service'")
    }

    @Test func appendingKeepsBothParts() {
        var command: FixedCommand = "pvesh get /nodes/localhost/tasks"
        command += " --errors 1"
        command += " --vmid \(7)"
        let nested: FixedCommand = "sh -c \(quoted: command.text)"
        #expect(command.text == "pvesh get /nodes/localhost/tasks --errors 1 --vmid 7")
        #expect(nested.text == "sh -c 'pvesh get /nodes/localhost/tasks --errors 1 --vmid 7'")
    }
}
