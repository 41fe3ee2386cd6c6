import Testing
@testable import ShellPolicy

/// Every judgement is linear in the size of its arguments: huge inputs are judged well under 50 ms,
/// never crash, never hang.
/// Serialized, and each case timed as the best of three runs: this measures the judgement's own
/// cost, not how busy the machine's other processes keep its cores.
@Suite("Spec judgement bounds", .serialized)
struct SpecBoundsTests {
    // The 50 ms goal is the release build's (the MCP fuzz e2e holds the server binary to it); a debug
    // build on a loaded 2-core CI machine is several times slower, and this bound then only catches
    // what is not linear.
    #if DEBUG
    static let bound = Duration.milliseconds(250)
    #else
    static let bound = Duration.milliseconds(50)
    #endif

    static func timed(_ program: String, _ arguments: [ArgumentValue]) -> (ProgramJudgement, Duration) {
        // The catalog is built once per process; do not count its first construction.
        _ = ProgramCatalog.judge(program: "true", arguments: [])
        var best = Duration.seconds(3_600)
        var judgement = ProgramJudgement(effect: .read, normalized: NormalizedInvocation(program: program))
        for _ in 0..<3 {
            let start = ContinuousClock.now
            judgement = ProgramCatalog.judge(program: program, arguments: arguments)
            best = min(best, ContinuousClock.now - start)
        }
        return (judgement, best)
    }

    static let manyArguments: [(String, [ArgumentValue])] = [
        ("ls", Array(repeating: .literal("-l"), count: 10_000)),
        ("cat", (0..<10_000).map { .literal("/var/log/file\($0)") }),
        ("grep", [.literal("-e"), .literal("x")] + Array(repeating: .literal("f"), count: 10_000)),
        ("awk", [.literal("{print}")] + Array(repeating: .literal("x=1"), count: 10_000)),
        ("sed", [.literal("-n")] + Array(repeating: .literal("-e"), count: 1) + [.literal("1p")] + Array(repeating: .literal("f"), count: 10_000)),
        ("kill", Array(repeating: .literal("1234"), count: 10_000)),
        ("pkill", Array(repeating: .literal("myjob"), count: 10_000)),
        ("find", [.literal("/")] + Array(repeating: .literal("-print"), count: 10_000)),
        ("xargs", Array(repeating: .literal("-0"), count: 5_000) + Array(repeating: .literal("ls"), count: 5_000)),
        ("tar", [.literal("-cf"), .literal("a.tar")] + Array(repeating: .literal("d"), count: 10_000)),
        ("curl", Array(repeating: .literal("https://x/a"), count: 10_000)),
        ("ip", [.literal("-s")] + Array(repeating: .literal("-d"), count: 10_000)),
        ("rm", Array(repeating: .unknown("$F"), count: 10_000)),
        ("sort", Array(repeating: .literal("--rev"), count: 10_000)),
        ("env", Array(repeating: .literal("LANG=C"), count: 10_000)),
        ("ps", Array(repeating: .literal("aux"), count: 10_000)),
    ]

    /// Cases are named by their index, so a failure does not print 10 000 arguments.
    @Test("10 000 arguments", arguments: manyArguments.indices)
    func tenThousandArguments(_ index: Int) {
        let (program, arguments) = Self.manyArguments[index]
        let (_, elapsed) = Self.timed(program, arguments)
        #expect(elapsed < Self.bound, "\(program) #\(index): \(elapsed)")
    }

    @Test("a cluster of 100 000 letters stops at the option budget and denies")
    func optionBudget() {
        let judgement = ProgramCatalog.judge(program: "ls", arguments: [.literal("-" + String(repeating: "a", count: 100_000))])
        #expect(judgement.effect.kind == .deny)
        #expect(ProgramCatalog.judge(program: "ls", arguments: Array(repeating: .literal("-l"), count: 4_000)).effect.kind == .read)
    }

    static let big = String(repeating: "a", count: 100_000)
    static let hugeArguments: [(String, [ArgumentValue])] = [
        ("ls", [.literal("--" + big)]), ("ls", [.literal("-" + big)]), ("cat", [.literal(big)]),
        ("sed", [.literal(String(repeating: "s/a/b/;", count: 12_500))]),
        ("sed", [.literal(String(repeating: "{", count: 100_000))]),
        ("awk", [.literal(String(repeating: "{print $1 > 50}\n", count: 6_000))]),
        ("awk", [.literal(String(repeating: "\"", count: 100_000))]),
        ("awk", [.literal(String(repeating: "/", count: 100_000))]),
        ("awk", [.literal("# " + String(repeating: "\"", count: 100_000))]),
        ("kill", [.literal(String(repeating: "9", count: 100_000))]),
        ("pkill", [.literal(String(repeating: "[", count: 100_000))]),
        ("pkill", [.literal("-f"), .literal(String(repeating: "(.+)+", count: 20_000))]),
        ("curl", [.literal("https://" + big)]), ("wget", [.literal("https://h/" + big)]),
        ("tar", [.literal(String(repeating: "t", count: 100_000))]),
        ("ip", [.literal(big)]), ("find", [.literal("/"), .literal("-name"), .literal(big)]),
        ("xargs", [.literal("-I"), .literal(big), .literal(big)]),
    ]

    @Test("100 KB arguments", arguments: hugeArguments.indices)
    func hugeArgument(_ index: Int) {
        let (program, arguments) = Self.hugeArguments[index]
        let (judgement, elapsed) = Self.timed(program, arguments)
        #expect(elapsed < Self.bound, "\(program) #\(index): \(elapsed)")
        #expect(judgement.effect.reason.map { $0.utf8.count < 2_000 } ?? true, "reasons quote huge arguments clipped")
    }
}
