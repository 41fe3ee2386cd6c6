import Foundation
import Testing
@testable import ShellPolicy

/// With POLICY_CORPUS_OUT=FILE, writes every corpus case as JSON for `shell-policy-bench`; never fails.
@Suite("Policy corpus export (POLICY_CORPUS_OUT)")
struct PolicyCorpusExport {
    struct Case: Encodable {
        var group: String
        var command: String
        var mode: String
    }

    static var all: [Case] {
        func group(_ name: String, _ commands: [String], _ mode: PolicyMode = .guarded) -> [Case] {
            commands.map { Case(group: name, command: $0, mode: mode.rawValue) }
        }
        return group("issue 6 corpus", PolicyCorpusTests.denied + PolicyCorpusTests.allowed)
            + group("guarded bypasses", PolicyGuardedTests.bypasses)
            + group("guarded everyday", PolicyGuardedTests.falseAlarms + PolicyGuardedTests.everydayChanged.map(\.0))
            + group("read-only mode", PolicyModeTests.readOnlyAllowed + PolicyModeTests.readOnlyDenied, .readOnly)
            + PolicyClassesTests.cases.map { Case(group: "issue 10: \($0.class)", command: $0.command, mode: "guarded") }
    }

    @Test func export() throws {
        guard let path = ProcessInfo.processInfo.environment["POLICY_CORPUS_OUT"] else { return }
        try JSONEncoder().encode(Self.all).write(to: URL(fileURLWithPath: path))
    }
}
