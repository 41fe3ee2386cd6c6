import Foundation
import Testing

/// The harness can fail: stand-in renderers with known behaviour give the verdicts they must.
@Suite("Differential: harness self-checks")
struct DifferentialHarnessTests {
    static func cases(_ texts: [String]) -> [DifferentialCase] {
        texts.enumerated().map { DifferentialCase(text: $1, origin: "self#\($0)") }
    }

    @Test("identity passes (a) and (b) exactly on bash's own fixed points")
    func identityOnFixedPoints() throws {
        let report = try DifferentialReport.run(
            Self.cases(["echo hi", "ls -l | wc -l", "a && b || c", "echo 'a b' \"$x\""]), canonical: { $0 }, known: [:])
        #expect(report.results.allSatisfy { $0.agreement == .agrees && $0.fidelity == .faithful }, "\(report.results)")
    }

    @Test("identity fails (a) and (b) wherever bash reformats, and (b) where bash rejects")
    func identityWhereBashReformats() throws {
        let report = try DifferentialReport.run(
            Self.cases(["echo   hi", "a;b", "ls \\\n-l", #"echo $'\x41'"#, "echo (", "ls\u{0}x"]), canonical: { $0 }, known: [:])
        #expect(report.fidelityFailures.count == 6, "\(report.summary)")
        #expect(report.disagreements.count == 6, "\(report.summary)")
    }

    @Test("a renderer that throws on everything is refused or agrees that bash rejects, never fails")
    func throwingRenderer() throws {
        struct Unrenderable: Error {}
        let report = try DifferentialReport.run(Self.cases(["echo hi", "echo ("]), canonical: { _ in throw Unrenderable() }, known: [:])
        #expect(report.results.map(\.fidelity) == [nil, nil])
        #expect(report.results.map(\.agreement) == [.refused("Unrenderable()"), .bothReject])
    }

    @Test("(b) catches a renderer that ignores backslash-newline")
    func agreementCatchesContinuationBug() throws {
        let texts = ["ls -l", "ls \\\n-l", "echo 'a b'  c"]
        let correct = try DifferentialReport.run(Self.cases(texts), canonical: { try MiniRenderer.canonical($0) }, known: [:])
        #expect(correct.disagreements.isEmpty && correct.fidelityFailures.isEmpty, "\(correct.results)")
        let buggy = try DifferentialReport.run(
            Self.cases(texts), canonical: { try MiniRenderer.canonical($0, continuation: false) }, known: [:])
        #expect(buggy.disagreements.map(\.input.text) == ["ls \\\n-l"])
    }

    @Test("(a) catches a rendering that bash reads differently")
    func fidelityCatchesRenderingBug() throws {
        let report = try DifferentialReport.run(
            Self.cases(["ls -l /tmp", "echo hi"]), canonical: { try MiniRenderer.canonical($0, separator: "\\\n") }, known: [:])
        #expect(report.fidelityFailures.map(\.input.text) == ["ls -l /tmp", "echo hi"], "\(report.results)")
    }

    @Test("texts that differ only in Unicode normalization are asked and answered apart")
    func normalizationTwins() throws {
        let nfd = "echo e\u{301}", nfc = "echo \u{E9}"
        let report = try DifferentialReport.run(
            Self.cases([nfd]), canonical: { $0.precomposedStringWithCanonicalMapping }, known: [:])
        #expect(DifferentialCheck.sameBytes(report.results[0].rendering ?? "", nfc))
        // S and R are both sent: Swift's String == would have merged them into one request.
        #expect(report.bashAnswers == 2)
    }

    @Test("a listed known difference excuses a disagreement, not a fidelity failure")
    func knownDifference() throws {
        let report = try DifferentialReport.run(Self.cases(["echo   hi"]), canonical: { $0 }, known: ["echo   hi": "listed"])
        #expect(report.results[0].agreement == .known("listed"))
        #expect(report.fidelityFailures.count == 1)
    }
}

/// A renderer for a toy language (plain words, single quotes, `;`, backslash-newline) with bugs to
/// switch on: enough to show that each check notices what it is meant to notice.
enum MiniRenderer {
    struct Unsupported: Error {}

    static func canonical(_ text: String, continuation: Bool = true, separator: String = " ") throws -> String {
        var commands: [[String]] = [[]], word: String?
        var scalars = Array(text.unicodeScalars)[...]
        func endWord() { if let done = word { commands[commands.count - 1].append(done) }; word = nil }
        while let scalar = scalars.popFirst() {
            switch scalar {
            case " ", "\t": endWord()
            case ";", "\n": endWord(); commands.append([])
            case "\\" where continuation && scalars.first == "\n": scalars.removeFirst()
            case "'":
                guard let close = scalars.firstIndex(of: "'") else { throw Unsupported() }
                word = (word ?? "") + String(String.UnicodeScalarView(scalars[..<close]))
                scalars = scalars[(close + 1)...]
            case _ where scalar.properties.isAlphabetic || "0123456789-/._\\".unicodeScalars.contains(scalar):
                word = (word ?? "") + String(scalar)
            default: throw Unsupported()
            }
        }
        endWord()
        return commands.filter { !$0.isEmpty }
            .map { $0.map { "'\($0)'" }.joined(separator: separator) }.joined(separator: "; ")
    }
}
