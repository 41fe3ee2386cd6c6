import Foundation
import Testing
@testable import ShellPolicy

/// Input built to break the parser: deep nesting, huge lines, NUL bytes, random text.
/// Every one must get a verdict (deny as unparsable when it is too deep), never a crash.
@Suite("Policy hostile input")
struct PolicyHostileInputTests {
    static let levels = 10_000

    /// 10,000 levels of each construct that nests.
    static let deeplyNested: [(String, String)] = [
        ("{ }", String(repeating: "{ ", count: levels) + "ls; " + String(repeating: "}; ", count: levels)),
        ("( )", String(repeating: "( ", count: levels) + "ls" + String(repeating: " )", count: levels)),
        ("$( )", "echo " + String(repeating: "$( ", count: levels) + "ls" + String(repeating: ")", count: levels)),
        ("\"$( )\"", "echo " + String(repeating: "\"$(echo ", count: levels) + "ls" + String(repeating: ")\"", count: levels)),
        ("${x:-…}", "echo " + String(repeating: "${x:-", count: levels) + "y" + String(repeating: "}", count: levels)),
        ("$(( ))", "echo " + String(repeating: "$((1+", count: levels) + "1" + String(repeating: "))", count: levels)),
        ("(( ))", "((" + String(repeating: "(", count: levels) + "1" + String(repeating: ")", count: levels) + "))"),
        ("if", String(repeating: "if true; then ", count: levels) + "ls" + String(repeating: "; fi", count: levels)),
        ("while", String(repeating: "while true; do ", count: levels) + "ls" + String(repeating: "; done", count: levels)),
        ("f()", String(repeating: "f() ", count: levels) + "{ ls; }"),
        ("function", String(repeating: "function f ", count: levels) + "{ ls; }"),
        ("<( )", "cat " + String(repeating: "<(cat ", count: levels) + "x" + String(repeating: ")", count: levels)),
        ("unclosed {", String(repeating: "{ ", count: levels)),
        ("unclosed $(", String(repeating: "$(", count: levels)),
    ]

    @Test("10,000 levels of nesting are refused as unparsable", arguments: deeplyNested.map(\.0))
    func deepNestingIsDenied(_ name: String) throws {
        let command = try #require(Self.deeplyNested.first { $0.0 == name }?.1)
        let verdict = CommandPolicy.evaluate(command, mode: .guarded)
        #expect(verdict.verdict == .deny, "\(name)")
        #expect(verdict.reason?.contains("could not be parsed") == true, "\(name): \(verdict.reason ?? "nil")")
        #expect(CommandPolicy.evaluate(command, mode: .readOnly).verdict == .deny)
    }

    static let backtickLines = [String(repeating: "`", count: 10_000), String(repeating: "`", count: 10_001),
                                "echo " + String(repeating: "`echo \\", count: 5_000) + "`"]

    @Test("backticks by the thousand", arguments: backtickLines.indices)
    func backticks(_ index: Int) {
        // Whatever the verdict, it must come back without a crash.
        let verdict = CommandPolicy.evaluate(Self.backtickLines[index], mode: .guarded)
        #expect(verdict.mode == .guarded)
    }

    @Test("nesting just under the limit still parses")
    func underTheLimit() {
        let depth = ShellParser.maximumNesting - 2
        let command = String(repeating: "{ ", count: depth) + "ls; " + String(repeating: "}; ", count: depth)
        #expect(CommandPolicy.evaluate(command, mode: .guarded).verdict == .allow)
        let deeper = String(repeating: "{ ", count: depth + 3) + "ls; " + String(repeating: "}; ", count: depth + 3)
        #expect(CommandPolicy.evaluate(deeper, mode: .guarded).verdict == .deny)
    }

    /// The deepest input the parser accepts must fit a small thread stack. Debug builds use about
    /// 7 KiB per nested `{ }`, release builds under 3.4 KiB (shell-policy-bench checks 512 KiB there).
    static let deepestAccepted: [String] = {
        let limit = ShellParser.maximumNesting
        return [
            String(repeating: "{ ", count: limit - 1) + "ls; " + String(repeating: "}; ", count: limit - 1),
            "echo " + String(repeating: "\"${x:-", count: limit / 2 - 1) + "y" + String(repeating: "}\"", count: limit / 2 - 1),
            "echo " + String(repeating: "$(echo ", count: ShellParser.maximumDepth) + "y" + String(repeating: ")", count: ShellParser.maximumDepth),
            String(repeating: "if true; then ", count: limit - 1) + "ls" + String(repeating: "; fi", count: limit - 1),
            String(repeating: "( ", count: limit - 1) + "ls" + String(repeating: " )", count: limit - 1),
        ]
    }()

    @Test("the deepest accepted input fits a 1 MiB stack (debug build)", arguments: deepestAccepted.indices)
    func smallStack(_ index: Int) async {
        let input = Self.deepestAccepted[index]
        let verdict: Verdict = await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: CommandPolicy.evaluate(input, mode: .guarded).verdict) }
            thread.stackSize = 1024 * 1024
            thread.start()
        }
        #expect(verdict != .deny || index == 2)
    }

    static let hugeLines = [
        String(repeating: "ls; ", count: 25_000),
        "echo " + String(repeating: "a", count: 99_990),
        "echo '" + String(repeating: "a", count: 99_990),
        String(repeating: "echo $(ls) | grep x && ", count: 4_000) + "ls",
        "cat <<EOF\n" + String(repeating: "$(id)\n", count: 16_000) + "EOF",
        String(repeating: "a=(", count: 33_000),
        String(repeating: "x", count: CommandPolicy.maximumLength + 1),
    ]

    @Test("100 KB lines get a verdict", arguments: hugeLines.indices)
    func hugeLine(_ index: Int) {
        let verdict = CommandPolicy.evaluate(Self.hugeLines[index], mode: .guarded)
        #expect(verdict.mode == .guarded)
    }

    @Test("a NUL byte anywhere is refused", arguments: ["ls\u{0}", "echo 'a\u{0}b'", "\u{0}reboot", #"$'reboot\0junk'"#,
                                                        #"echo $'a\x00b'"#, #"echo $'\u0000'"#, #"echo $'\c@'"#])
    func nul(_ command: String) {
        let verdict = CommandPolicy.evaluate(command, mode: .guarded)
        #expect(verdict.verdict == .deny)
        #expect(verdict.reason?.contains("NUL") == true, "\(verdict.reason ?? "nil")")
    }

    /// Random text over the shell's special characters: a fixed seed, so a failure reproduces.
    @Test("random shell-like text never crashes")
    func fuzz() {
        var generator = SplitMix64(seed: 0x5EED)
        let alphabet = Array("ab qm$(){}[]`'\"\\|&;<>!#*?~=-\n\t0{}$((x))${!@P}")
        for _ in 0..<3_000 {
            let length = Int(generator.next() % 80)
            let text = String((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
            for mode in PolicyMode.allCases { _ = CommandPolicy.evaluate(text, mode: mode) }
        }
    }
}

/// A tiny deterministic generator (SplitMix64) for the fuzz test.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
