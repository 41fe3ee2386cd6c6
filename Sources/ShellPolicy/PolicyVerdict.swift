/// The policy's answer for one command line on one host.
public struct PolicyVerdict: Codable, Sendable, Hashable {
    /// Whether the command may be sent to the host.
    public var allowed: Bool
    /// The host's policy mode that produced this verdict.
    public var mode: PolicyMode
    /// Why the command was refused, naming the class and the segment; nil when allowed. For example
    /// "`rm` deletes files (segment 2: `rm -rf /tmp/x`); this host's policy is guarded".
    public var reason: String?
    /// The normalized simple commands found (wrappers removed, verbs by basename), e.g. `["ls", "rm -rf /"]`.
    public var commands: [String]

    public init(allowed: Bool, mode: PolicyMode, reason: String? = nil, commands: [String] = []) {
        self.allowed = allowed
        self.mode = mode
        self.reason = reason
        self.commands = commands
    }
}
