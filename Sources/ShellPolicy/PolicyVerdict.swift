/// The three answers the policy gives.
public enum Verdict: String, Codable, Sendable, CaseIterable, Hashable, Comparable {
    /// Known to be safe under the host's mode: runs without asking.
    case allow
    /// Statically known, but destructive or not known to be safe: runs only once a person approves.
    case ask
    /// What would run cannot be known before it runs, or a rule forbids it: never runs.
    case deny

    /// `allow < ask < deny`: a command line takes the strictest verdict of its parts.
    public static func < (lhs: Verdict, rhs: Verdict) -> Bool {
        let order: [Verdict] = [.allow, .ask, .deny]
        return order.firstIndex(of: lhs)! < order.firstIndex(of: rhs)!
    }
}

/// The policy's answer for one command line on one host.
public struct PolicyVerdict: Codable, Sendable, Hashable {
    /// allow, ask (a person must approve) or deny.
    public var verdict: Verdict
    /// Whether the command may be sent to the host without asking anyone (`verdict == .allow`).
    public var allowed: Bool
    /// The host's policy mode that produced this verdict.
    public var mode: PolicyMode
    /// Why the command needs approval or was refused, naming the class and the segment; nil when allowed.
    /// For example "`rm` deletes files (segment 2: `rm -rf /tmp/x`); this host's policy is guarded".
    public var reason: String?
    /// The normalized simple commands found (wrappers removed, verbs by basename), e.g. `["ls", "rm -rf /"]`.
    public var commands: [String]

    public init(verdict: Verdict, mode: PolicyMode, reason: String? = nil, commands: [String] = []) {
        self.verdict = verdict
        self.allowed = verdict == .allow
        self.mode = mode
        self.reason = reason
        self.commands = commands
    }

    /// A two-way verdict (allow or deny).
    public init(allowed: Bool, mode: PolicyMode, reason: String? = nil, commands: [String] = []) {
        self.init(verdict: allowed ? .allow : .deny, mode: mode, reason: reason, commands: commands)
    }
}
