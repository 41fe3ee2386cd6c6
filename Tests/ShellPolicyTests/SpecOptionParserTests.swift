import Testing
@testable import ShellPolicy

/// Arguments for spec tests, built directly (no shell parser): `$NAME` (upper case) is only known at
/// run time, every other word is literal (`$3 > 50`, `$d` are text).
func specArguments(_ words: [String]) -> [ArgumentValue] {
    words.map { word in
        let isExpansion = word.hasPrefix("$") && word.count > 1
            && word.dropFirst().allSatisfy { ($0.isUppercase && $0.isASCII) || $0 == "_" }
        return isExpansion ? .unknown(word) : .literal(word)
    }
}

/// Judges `words[0]` with the rest as arguments.
func specJudge(_ words: [String]) -> ProgramJudgement {
    ProgramCatalog.judge(program: words[0], arguments: specArguments(Array(words.dropFirst())))
}

@Suite("Spec option parser (getopt_long, stop-at-operand, long-only, key=value)")
struct SpecOptionParserTests {
    static let sample = ProgramSpec("sample", options: [
        .flag("-a", "--all"), .flag("-b", "--brief"), .value("-n", "--lines"), .optionalValue("-c", "--color"),
        .writes("-o", "--output"), .flag("--only"), .flag("--verbose"), .flag("--version"),
    ], operands: .readFiles)

    static func parse(_ words: [String], _ spec: ProgramSpec = sample) -> ParsedArguments {
        OptionParser.parse(specArguments(words), spec: spec)
    }

    static func rendered(_ parsed: ParsedArguments) -> String {
        let options = parsed.options.map { "\($0.spec.names[0])" + ($0.value.map { "=" + $0.display } ?? "") }
        return (options + ["|"] + parsed.operands.map(\.display)).joined(separator: " ")
    }

    @Test("clusters, attached and separate values, optional values only attached", arguments: [
        (["-ab", "f"], "-a -b | f"),
        (["-n5", "f"], "-n=5 | f"),
        (["-n", "5", "f"], "-n=5 | f"),
        (["-an", "5"], "-a -n=5 |"),
        (["-c", "f"], "-c | f"),
        (["-calways", "f"], "-c=always | f"),
        (["--color", "f"], "-c | f"),
        (["--color=never", "f"], "-c=never | f"),
        (["--lines=3", "--lines", "4"], "-n=3 -n=4 |"),
        (["-n", "-a"], "-n=-a |"),
    ])
    func shortAndLong(_ words: [String], _ expected: String) {
        let parsed = Self.parse(words)
        #expect(parsed.problems.isEmpty)
        #expect(Self.rendered(parsed) == expected)
    }

    @Test("permutation, `--` and a lone `-`", arguments: [
        (["f", "-a", "g"], "-a | f g"),
        (["-a", "--", "-b", "-n"], "-a | -b -n"),
        (["-", "-a"], "-a | -"),
    ])
    func permutation(_ words: [String], _ expected: String) {
        #expect(Self.rendered(Self.parse(words)) == expected)
    }

    @Test("unambiguous abbreviations are the option; ambiguous ones are refused (ask)")
    func abbreviations() {
        #expect(Self.rendered(Self.parse(["--al"])) == "-a |")
        #expect(Self.rendered(Self.parse(["--outp=x"])) == "-o=x |")
        #expect(Self.rendered(Self.parse(["--ve"])) .isEmpty == false)
        let ambiguous = Self.parse(["--ver"])
        #expect(ambiguous.problems.first?.kind == .ask)
        #expect(ambiguous.problems.first?.reason?.contains("ambiguous") == true)
        let onlyOrOutput = Self.parse(["--o"])
        #expect(onlyOrOutput.problems.first?.kind == .ask)
    }

    @Test("unknown options and a value given to a flag are problems that ask", arguments: [
        ["-x"], ["-ax"], ["--nope"], ["--all=yes"], ["-n"],
    ])
    func unknownOptions(_ words: [String]) {
        let parsed = Self.parse(words)
        #expect(parsed.problems.map(\.kind) == [.ask])
    }

    @Test("the unknown option's reason names the program and the option")
    func unknownReason() {
        #expect(Self.parse(["-x"]).problems.first?.reason == "`sample` option `-x` is not in its specification")
    }

    @Test("an argument only known at run time costs the strictest thing an option could do")
    func runtimeArguments() {
        let parsed = Self.parse(["$X", "f"])
        #expect(parsed.problems.isEmpty)
        #expect(parsed.possiblePaths.map(\.access) == [.write(truncates: true)])
        #expect(parsed.operands.count == 2)
        let runner = ProgramSpec("runner", options: [.runs("-e", because: "runs its value")])
        #expect(Self.parse(["$X"], runner).problems.map(\.kind) == [.deny])
        let safe = ProgramSpec("safe", options: [.flag("-l")], operands: .readFiles)
        let parsedSafe = Self.parse(["$DIR"], safe)
        #expect(parsedSafe.problems.isEmpty && parsedSafe.possiblePaths.isEmpty)
        #expect(Self.parse(["-n", "$X"]).problems.isEmpty, "a value position is not an option position")
        #expect(Self.parse(["--", "$X"], runner).problems.isEmpty, "after `--` it can only be an operand")
    }

    @Test("stop at the first operand (`+` optstrings)")
    func stopAtOperand() {
        let spec = ProgramSpec("wrap", style: .gnuStopAtOperand, options: [.flag("-a"), .value("-n")], operands: .command)
        let parsed = Self.parse(["-a", "-n", "3", "ls", "-l", "-a"], spec)
        #expect(Self.rendered(parsed) == "-a -n=3 | ls -l -a")
        #expect(parsed.operandIndices == [3, 4, 5])
    }

    @Test("long-only style: one or two dashes, =value, unique prefixes, short fallback")
    func longOnly() {
        let spec = ProgramSpec("pvex", style: .longOnly, options: [.value("--storage"), .optionalValue("--force"),
                                                                    .flag("--start"), .flag("-v", "--verbose")])
        #expect(Self.rendered(Self.parse(["-storage", "local", "100"], spec)) == "--storage=local | 100")
        #expect(Self.rendered(Self.parse(["--storage=local"], spec)) == "--storage=local |")
        #expect(Self.rendered(Self.parse(["-forc", "1", "100"], spec)) == "--force=1 | 100")
        #expect(Self.rendered(Self.parse(["-v"], spec)) == "-v |")
        #expect(Self.parse(["-st"], spec).problems.map(\.kind) == [.ask], "`-st` is ambiguous (storage, start)")
    }

    @Test("old-style tar letters take their values from the following arguments, in order")
    func oldStyleLetters() {
        let spec = ProgramSpec("t", style: .gnuOldStyleFirst, options: [.flag("-c"), .value("-f"), .value("-b"), .flag("-z")])
        #expect(Self.rendered(Self.parse(["cfb", "out.tar", "20", "dir"], spec)) == "-c -f=out.tar -b=20 | dir")
        #expect(Self.rendered(Self.parse(["-czf", "x.tgz", "dir"], spec)) == "-c -z -f=x.tgz | dir")
    }

    @Test("two-value options (`jq --arg NAME VALUE`)")
    func pairs() {
        let spec = ProgramSpec("j", options: [OptionSpec(["--arg"], .pair), .flag("-r")])
        #expect(Self.rendered(Self.parse(["--arg", "n", "v", "-r", ".x"], spec)) == "--arg=v -r | .x")
    }
}
