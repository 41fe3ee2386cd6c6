public import ShellPolicy

/// Who a call runs for on a shared server: one entry of the tokens file (`alice:`), or a fixed
/// name for the local wires (`stdio`, `local` on the Unix socket). Its `policy` is the most it may
/// do on any host; `hosts` (alias or `tag:NAME` selectors) the nodes it may reach, nil = all.
public struct Principal: Sendable, Hashable {
    public var name: String
    public var policy: PolicyMode
    public var hosts: [String]?

    public init(name: String, policy: PolicyMode = .unrestricted, hosts: [String]? = nil) {
        self.name = name
        self.policy = policy
        self.hosts = hosts
    }

    /// The stdio wire: whoever started the process; the hosts' own policies decide alone.
    public static let stdio = Principal(name: "stdio")
    /// The Unix socket (`serve --socket`): whoever can open a 0600 file owned by the server's user.
    public static let local = Principal(name: "local")
}

extension PolicyMode {
    /// How much the mode lets through: read-only < guarded < unrestricted.
    var permissiveness: Int {
        switch self {
        case .readOnly: 0
        case .guarded: 1
        case .unrestricted: 2
        }
    }

    /// The stricter of two modes: a principal capped at `guarded` gets `read-only` on a read-only
    /// host and `guarded` on an unrestricted one.
    public func stricter(_ other: PolicyMode) -> PolicyMode {
        permissiveness <= other.permissiveness ? self : other
    }
}
