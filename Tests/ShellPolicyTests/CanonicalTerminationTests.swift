import Foundation
import Testing
@testable import ShellPolicy

/// Every differential case renders (or is refused) quickly: the renderer's input loop always ends.
@Suite("Canonical rendering terminates")
struct CanonicalTerminationTests {
    @Test("hand-written and generated cases")
    func terminates() {
        let cases = HandWrittenCases.all.map(\.text) + GeneratedCases.cases().map(\.text)
        var slowest: Duration = .zero
        var worst = ""
        for text in cases {
            if let path = Environment.progressFile { try? text.write(toFile: path, atomically: false, encoding: .utf8) }
            let (_, elapsed) = ThreadCPUTime.measure { try? ShellRendering.canonical(text) }
            if elapsed > slowest { slowest = elapsed; worst = text }
        }
        #expect(slowest < .seconds(1), "slowest \(slowest): \(worst.prefix(80).debugDescription)")
    }
}

enum Environment {
    static let progressFile = ProcessInfo.processInfo.environment["CANONICAL_PROGRESS"]
}
