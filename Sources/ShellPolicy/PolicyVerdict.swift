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

/// How a command the policy allowed without a person is fenced in on the node (the second wall).
public enum Containment: String, Codable, Sendable, Hashable, CaseIterable {
    /// Runs as it is: an approved `ask`, an `unrestricted` host, or a fixed helper command.
    case none
    /// Guarded `allow`: read-only file system except the writable places, secrets hidden,
    /// no reboot/module/raw-I/O/time capabilities, `no_new_privs`.
    case guarded
    /// Read-only `allow`: as guarded, but nothing writable except a private temp dir, and the
    /// systemd/D-Bus control sockets hidden.
    case readOnly = "read-only"
}

/// Why a command did not get `allow`, typed (for exit codes and messages, instead of searching reasons).
public enum PolicyFinding: String, Codable, Sendable, Hashable {
    /// Statically known but destructive or not known to be safe: a person may approve it.
    case needsApproval = "needs_approval"
    /// What would run cannot be known before it runs (or a `deny:` rule / fail-closed rule matched).
    case unknowable
    /// The command could not be parsed or rendered faithfully.
    case unparsable
    /// Known, but more than this host's mode allows (read-only), or nobody may be asked (`approval: deny`).
    case notAllowedInMode = "not_allowed_in_mode"
    case approvalDisabled = "approval_disabled"
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
    /// What is sent to the node: the canonical rendering of the syntax tree that was judged (policy v3),
    /// never the original text. nil when the command is denied (nothing is sent).
    public var canonical: String?
    /// The containment an `allow` runs in when nobody approved it (`.none` for ask/deny/unrestricted;
    /// an approved `ask` runs with `.none` too).
    public var containment: Containment
    /// Why it is not `allow` (nil when allowed).
    public var finding: PolicyFinding?

    public init(verdict: Verdict, mode: PolicyMode, reason: String? = nil, commands: [String] = [],
                canonical: String? = nil, containment: Containment? = nil, finding: PolicyFinding? = nil) {
        self.finding = verdict == .allow ? nil : finding ?? (verdict == .ask ? .needsApproval : .unknowable)
        self.verdict = verdict
        self.allowed = verdict == .allow
        self.mode = mode
        self.reason = reason
        self.commands = commands
        self.canonical = canonical
        self.containment = containment ?? (verdict != .allow ? .none : mode == .guarded ? .guarded : mode == .readOnly ? .readOnly : .none)
    }

    /// A two-way verdict (allow or deny).
    public init(allowed: Bool, mode: PolicyMode, reason: String? = nil, commands: [String] = []) {
        self.init(verdict: allowed ? .allow : .deny, mode: mode, reason: reason, commands: commands)
    }
}
