import Testing
@testable import ShellPolicy

/// Policy v3 against the v1/v2 corpora (`LegacyCorpora`): 0 bypasses (a refused case allowed) and
/// 0 false blocks (an allowed case refused), apart from the documented `v3Changes`.
@Suite("Policy v3 keeps the v1/v2 corpora")
struct PolicyLegacyCorpusTests {
    /// Cases whose v2 verdict v3 changes on purpose, with the verdict v3 gives and why.
    static let v3Changes: [String: (Verdict, String)] = [:]

    static var refusedGuarded: [String] {
        LegacyCorpora.deniedIssue6 + LegacyCorpora.bypasses + LegacyCorpora.cases.filter { $0.expected != .allow }.map(\.command)
    }
    static var allowedGuarded: [String] {
        LegacyCorpora.allowedIssue6 + LegacyCorpora.falseAlarms + LegacyCorpora.cases.filter { $0.expected == .allow }.map(\.command)
    }

    @Test("every refused case is still refused (guarded)", arguments: refusedGuarded)
    func refused(_ command: String) {
        let verdict = CommandPolicy.evaluate(command, mode: .guarded)
        #expect(verdict.verdict != .allow, "bypass: \(command.debugDescription) is allowed; commands \(verdict.commands)")
        #expect(verdict.reason?.contains("this host's policy is guarded") == true)
    }

    @Test("every everyday case is still allowed (guarded)", arguments: allowedGuarded)
    func allowed(_ command: String) {
        let verdict = CommandPolicy.evaluate(command, mode: .guarded)
        if let (expected, why) = Self.v3Changes[command] {
            #expect(verdict.verdict == expected, "\(command): v3 gives \(expected) because \(why); got \(verdict.verdict)")
            return
        }
        #expect(verdict.verdict == .allow, "false block: \(command.debugDescription): \(verdict.reason ?? "")")
        #expect(verdict.canonical != nil)
    }

    @Test("read-only allows its reads", arguments: LegacyCorpora.readOnlyAllowed)
    func readOnlyAllowed(_ command: String) {
        let verdict = CommandPolicy.evaluate(command, mode: .readOnly)
        if let (expected, why) = Self.v3Changes["read-only: " + command] {
            #expect(verdict.verdict == expected, "\(command): v3 gives \(expected) because \(why); got \(verdict.verdict)")
            return
        }
        #expect(verdict.verdict == .allow, "false block in read-only: \(command.debugDescription): \(verdict.reason ?? "")")
    }

    @Test("read-only refuses the rest, and never asks", arguments: LegacyCorpora.readOnlyDenied + refusedGuarded)
    func readOnlyDenied(_ command: String) {
        let verdict = CommandPolicy.evaluate(command, mode: .readOnly)
        #expect(verdict.verdict == .deny, "read-only gave \(verdict.verdict) for \(command.debugDescription)")
        #expect(verdict.reason?.contains("this host's policy is read-only") == true)
    }
}
