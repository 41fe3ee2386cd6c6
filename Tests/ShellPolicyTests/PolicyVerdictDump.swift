import Foundation
import Testing
@testable import ShellPolicy

/// With POLICY_DUMP=1, prints the verdict of every corpus case (for review); never fails.
@Suite("Policy verdict dump (POLICY_DUMP=1)")
struct PolicyVerdictDump {
    @Test func dump() {
        guard ProcessInfo.processInfo.environment["POLICY_DUMP"] != nil else { return }
        let lists: [(String, [String])] = [("corpus-denied", PolicyCorpusTests.denied), ("bypasses", PolicyGuardedTests.bypasses)]
        for (name, list) in lists {
            for command in list {
                let verdict = CommandPolicy.evaluate(command, mode: .guarded)
                print("DUMP\t\(name)\t\(verdict.verdict.rawValue)\t\(command.debugDescription)\t\(verdict.reason ?? "")")
            }
        }
    }
}
