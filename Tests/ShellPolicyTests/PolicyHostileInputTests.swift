import Foundation
import Testing
@testable import ShellPolicy

/// Input built to crash, wedge or exhaust the checker: depth, size, odd bytes, regex bombs.
/// Every one gets a verdict quickly (deny when it is too deep or too big), never a crash.
@Suite("Policy v3 hostile input")
struct PolicyHostileInputTests {
    static let levels = 10_000

    static let deeplyNested: [(String, String)] = [
        ("{ }", String(repeating: "{ ", count: levels) + "ls; " + String(repeating: "}; ", count: levels)),
        ("( )", String(repeating: "( ", count: levels) + "ls" + String(repeating: " )", count: levels)),
        ("$( )", "echo " + String(repeating: "$( ", count: levels) + "ls" + String(repeating: ")", count: levels)),
        ("\"$( )\"", "echo " + String(repeating: "\"$(echo ", count: levels) + "ls" + String(repeating: ")\"", count: levels)),
        ("${x:-…}", "echo " + String(repeating: "${x:-", count: levels) + "y" + String(repeating: "}", count: levels)),
        ("$(( ))", "echo " + String(repeating: "$((1+", count: levels) + "1" + String(repeating: "))", count: levels)),
        ("if", String(repeating: "if true; then ", count: levels) + "ls" + String(repeating: "; fi", count: levels)),
        ("while", String(repeating: "while true; do ", count: levels) + "ls" + String(repeating: "; done", count: levels)),
        ("<( )", "cat " + String(repeating: "<(cat ", count: levels) + "x" + String(repeating: ")", count: levels)),
        ("backticks", "echo " + String(repeating: "`echo \\", count: 2_000) + "`"),
        ("wrappers", String(repeating: "sudo nice ", count: 40) + "ls"),
        ("unclosed {", String(repeating: "{ ", count: levels)),
        ("unclosed $(", String(repeating: "$(", count: levels)),
    ]

    @Test("deep nesting is refused, never a crash", arguments: deeplyNested.map(\.0))
    func deepNesting(_ name: String) throws {
        let command = try #require(Self.deeplyNested.first { $0.0 == name }?.1)
        for mode in [PolicyMode.guarded, .readOnly] {
            let verdict = Self.timed(command, mode)
            #expect(verdict.verdict == .deny, "\(name)")
        }
    }

    @Test("nesting just under the limit still parses")
    func underTheLimit() {
        let depth = ShellTreeParser.maximumNesting - 2
        let command = String(repeating: "{ ", count: depth) + "ls; " + String(repeating: "}; ", count: depth)
        #expect(CommandPolicy.evaluate(command, mode: .guarded).verdict == .allow)
        let deeper = String(repeating: "{ ", count: depth + 3) + "ls; " + String(repeating: "}; ", count: depth + 3)
        #expect(CommandPolicy.evaluate(deeper, mode: .guarded).verdict == .deny)
    }

    /// The deepest accepted input judged on a small thread stack: 512 KiB (a cooperative-pool thread's size on
    /// Darwin, less than Linux gives) in a release build; a debug build's frames are about twice as big.
    #if DEBUG
    static let stack = 1024 * 1024
    #else
    static let stack = 512 * 1024
    #endif

    @Test("the deepest accepted input fits a small stack")
    func smallStack() async {
        let limit = ShellTreeParser.maximumNesting - 1
        let inputs = [
            String(repeating: "{ ", count: limit) + "ls; " + String(repeating: "}; ", count: limit),
            "echo " + String(repeating: "\"$(echo ", count: limit) + "y" + String(repeating: ")\"", count: limit),
            String(repeating: "if true; then ", count: limit) + "ls" + String(repeating: "; fi", count: limit),
            "cat " + String(repeating: "<(cat ", count: limit) + "x" + String(repeating: ")", count: limit),
        ]
        for input in inputs {
            let verdict: Verdict = await withCheckedContinuation { continuation in
                let thread = Thread { continuation.resume(returning: CommandPolicy.evaluate(input, mode: .guarded).verdict) }
                thread.stackSize = Self.stack
                thread.start()
            }
            #expect(verdict != .deny, "parsed and judged, not refused as too deep")
        }
    }

    static let hugeLines = [
        String(repeating: "ls; ", count: 16_000),
        "echo " + String(repeating: "a", count: 60_000),
        "echo '" + String(repeating: "a", count: 60_000),
        String(repeating: "echo $(ls) | grep x && ", count: 2_500) + "ls",
        "cat <<EOF\n" + String(repeating: "$(id)\n", count: 10_000) + "EOF",
        String(repeating: "a=(", count: 20_000),
        "pkill '" + String(repeating: "[", count: 5_000) + "'",
        "pkill -f '(.+)+#'",
        "awk '" + String(repeating: "{print \"x\" > \"/dev/null\"} ", count: 700) + "'",
        "sed '" + String(repeating: "s/a/b/;", count: 6_000) + "' f",
        "ls " + String(repeating: "-l ", count: 20_000),
        "echo " + String(repeating: "\u{301}", count: 20_000),
        "echo " + String(repeating: "$'\\x41'", count: 8_000),
        String(repeating: "x", count: CommandPolicy.maximumLength + 1),
    ]

    @Test("big lines get a verdict within the time bound", arguments: hugeLines.indices)
    func hugeLine(_ index: Int) {
        _ = Self.timed(Self.hugeLines[index], .guarded)
        _ = Self.timed(Self.hugeLines[index], .readOnly)
    }

    @Test("a NUL byte anywhere is refused", arguments: ["ls\u{0}", "echo 'a\u{0}b'", "\u{0}reboot", #"$'reboot\0junk'"#,
                                                        #"echo $'a\x00b'"#, #"echo $'\u0000'"#, #"echo $'\c@'"#, #"echo $'\400'"#])
    func nul(_ command: String) {
        let verdict = CommandPolicy.evaluate(command, mode: .guarded)
        #expect(verdict.verdict == .deny)
        #expect(verdict.reason?.contains("NUL") == true, "\(verdict.reason ?? "nil")")
    }

    /// Seeded random text over the shell's special characters (and odd bytes): no crash, every verdict under 50 ms,
    /// and whatever is not denied renders to text that renders to itself.
    @Test("seeded fuzzing: no crash, bounded time, stable rendering")
    func fuzz() {
        var generator = SplitMix64(seed: 0x5EED_0017)
        let alphabet = Array("ab qm rm ls$(){}[]`'\"\\|&;<>!#*?~=-\n\t\r0{}$((x))${!@P}\u{301}é\u{1B}")
        var slowest: Duration = .zero
        for _ in 0..<4_000 {
            let length = Int(generator.next() % 120)
            let text = String((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
            for mode in PolicyMode.allCases {
                let (verdict, cost) = ThreadCPUTime.measure { CommandPolicy.evaluate(text, mode: mode) }
                slowest = max(slowest, cost)
                if mode == .guarded, let canonical = verdict.canonical {
                    #expect((try? ShellRendering.canonical(canonical)) == canonical, "unstable rendering of \(text.debugDescription)")
                }
            }
        }
        #expect(slowest < Self.bound, "slowest verdict \(slowest)")
    }

    /// Issue 17's bound is 50 ms per verdict in the server (a release build: `make bench` and the MCP
    /// e2e fuzz measure it there); a debug build is about 20× slower, so its bound is 1 s. Measured
    /// as the thread's CPU time (`ThreadCPUTime`), so a loaded machine does not fail it.
    #if DEBUG
    static let bound: Duration = .seconds(1)
    #else
    static let bound: Duration = .milliseconds(50)
    #endif

    static func timed(_ command: String, _ mode: PolicyMode) -> PolicyVerdict {
        let (verdict, elapsed) = ThreadCPUTime.measure { CommandPolicy.evaluate(command, mode: mode) }
        #expect(elapsed < Self.bound, "\(command.prefix(40).debugDescription)…: \(elapsed)")
        return verdict
    }
}

/// A tiny deterministic generator (SplitMix64) for the fuzz tests.
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
