import Foundation
import Testing
@testable import ShellPolicy

/// The shell parser and the shape of verdicts (normalized commands, reasons, speed).
@Suite("Policy parser and verdicts")
struct PolicyParserTests {
    @Test("quote removal and escapes", arguments: [
        ("'qm' destroy", ["qm", "destroy"]), ("\"q\"m  des'tr'oy", ["qm", "destroy"]), (#"$'\x72\x6d' -f"#, ["rm", "-f"]),
        (#"r\m"#, ["rm"]), ("a\\\nb", ["ab"]), (#"$'\101\u0042'"#, ["AB"]), (#"echo "a\"b""#, ["echo", "a\"b"]),
    ])
    func wordValues(_ input: String, _ expected: [String]) throws {
        let script = try ShellParser.parse(input)
        #expect(script.commands.first?.words.map(\.value) == expected)
        #expect(script.commands.first?.words.allSatisfy { $0.staticValue != nil } == true)
    }

    @Test("expansions and patterns make a word dynamic", arguments: ["$X", "${X}", "$(x)", "`x`", "a*", "b?", "[ab]c", "{a,b}", "{1..3}", "$((1))"])
    func dynamicWords(_ input: String) throws {
        let word = try #require(try ShellParser.parse("echo \(input)").commands.first?.words.last)
        #expect(word.staticValue == nil, "\(input) should not have a static value")
    }

    @Test("literal braces and brackets stay static", arguments: ["{}", "[", "a]", "'*'", "\"$\"", "x=1"])
    func staticWords(_ input: String) throws {
        let word = try #require(try ShellParser.parse("echo \(input)").commands.first?.words.last)
        #expect(word.staticValue != nil, "\(input) should be static")
    }

    @Test("unbalanced input is a syntax error", arguments: [
        "echo 'x", "echo \"x", "echo $(x", "echo `x", "(ls", "ls )", "{ ls;", "if true; then ls", "for i in 1; do ls",
        "case x in a) ls;;", "echo ${x", "echo $((1+2)", "while true; do ls; fi", "ls &&", "| ls", "[[ -f x",
    ])
    func syntaxErrors(_ input: String) {
        #expect(throws: ShellSyntaxError.self) { try ShellParser.parse(input) }
        let verdict = CommandPolicy.evaluate(input, mode: .guarded)
        #expect(!verdict.allowed)
        #expect(verdict.reason?.contains("could not be parsed") == true)
    }

    @Test("every simple command is found, including nested ones")
    func flattening() throws {
        let verdict = CommandPolicy.evaluate("if grep -q x f; then echo $(date) | tee /tmp/o; fi && (ls; cat <<EOF\n$(id)\nEOF\n)", mode: .guarded)
        #expect(verdict.commands == ["grep -q x f", "echo $(date)", "date", "tee /tmp/o", "ls", "cat << EOF", "id"])
        #expect(verdict.allowed)
    }

    @Test("here-document bodies are not commands, and the next line is")
    func hereDocument() {
        let verdict = CommandPolicy.evaluate("cat <<'EOF' > /tmp/x\nreboot\nEOF\nls", mode: .guarded)
        #expect(verdict.commands == ["cat << EOF > /tmp/x", "ls"])
        #expect(verdict.allowed)
    }

    @Test("the reason names the class and the segment")
    func reasonFormat() {
        let verdict = CommandPolicy.evaluate("ls; rm -rf /tmp/x", mode: .guarded)
        #expect(verdict.reason == "`rm` deletes files (segment 2: `rm -rf /tmp/x`); this host's policy is guarded, so a person must approve it")
        #expect(verdict.verdict == .ask)
        #expect(verdict.commands == ["ls", "rm -rf /tmp/x"])
        #expect(verdict.mode == .guarded)
    }

    @Test("wrappers are removed from the normalized commands")
    func normalization() {
        let verdict = CommandPolicy.evaluate("sudo -u root /usr/sbin/qm list; env A=1 nice -n 5 \\ls", mode: .guarded)
        #expect(verdict.commands == ["qm list", "ls"])
    }

    @Test("the verdict encodes as the explainer's JSON")
    func verdictJSON() throws {
        let data = try JSONEncoder().encode(CommandPolicy.evaluate("reboot", mode: .guarded))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["allowed"] as? Bool == false)
        #expect(object["mode"] as? String == "guarded")
        #expect(object["commands"] as? [String] == ["reboot"])
        #expect((object["reason"] as? String)?.hasPrefix("`reboot` takes the host down") == true)
    }

    @Test("deep nesting fails closed instead of exhausting the stack")
    func deepNesting() {
        let command = String(repeating: "$(", count: 200) + "ls" + String(repeating: ")", count: 200)
        #expect(!CommandPolicy.evaluate(command, mode: .guarded).allowed)
    }
}
