import ShellPolicy

/// One Proxmox node as the inventory (`hosts.d/*.yaml`) describes it, with every default applied
/// and every path already `~`-expanded.
public struct InventoryHost: Sendable, Hashable, Codable {
    /// Where a host was defined, for error messages (`pve2.yaml:4`).
    public struct Source: Sendable, Hashable, Codable, CustomStringConvertible {
        public var file: String
        public var line: Int
        public init(file: String, line: Int) {
            self.file = file
            self.line = line
        }
        public var description: String { "\(file):\(line)" }
    }

    public static let defaultPort = 22
    public static let defaultUser = "root"
    public static let defaultTimeout: Duration = .seconds(60)
    public static let defaultMaxOutput = 1 << 20
    public static let defaultConnectTimeout: Duration = .seconds(10)
    public static let defaultIdleTimeout: Duration = .seconds(300)
    public static let defaultMaxChannels = 8

    public var alias: String
    public var address: String
    public var port: Int
    public var user: String
    /// The private key to use; `nil` means ssh-agent (if `SSH_AUTH_SOCK` is set), then
    /// `~/.ssh/id_ed25519`, `id_ecdsa`, `id_rsa`.
    public var identityFile: String?
    /// Name of the environment variable that holds the key's passphrase.
    public var passphraseEnv: String?
    /// OpenSSH known_hosts file checked for this host's key.
    public var knownHosts: String
    /// Optional pinned host key fingerprint, `SHA256:…` as OpenSSH prints it.
    public var hostKey: String?
    public var policy: PolicyMode
    /// The host's own `allow:`/`deny:` rules and `approval:` setting.
    public var rules: PolicyRules
    /// How long a command may run before it is stopped on the node.
    public var timeout: Duration
    /// Bytes kept per output stream.
    public var maxOutput: Int
    public var tags: [String]
    public var isDefault: Bool
    /// How long to wait for TCP connect + SSH handshake + auth.
    public var connectTimeout: Duration
    /// How long an unused session stays open.
    public var idleTimeout: Duration
    /// Channels (concurrent commands) per node.
    public var maxChannels: Int
    public var source: Source?

    public init(
        alias: String,
        address: String,
        port: Int = InventoryHost.defaultPort,
        user: String = InventoryHost.defaultUser,
        identityFile: String? = nil,
        passphraseEnv: String? = nil,
        knownHosts: String,
        hostKey: String? = nil,
        policy: PolicyMode = .guarded,
        timeout: Duration = InventoryHost.defaultTimeout,
        maxOutput: Int = InventoryHost.defaultMaxOutput,
        tags: [String] = [],
        isDefault: Bool = false,
        connectTimeout: Duration = InventoryHost.defaultConnectTimeout,
        idleTimeout: Duration = InventoryHost.defaultIdleTimeout,
        maxChannels: Int = InventoryHost.defaultMaxChannels,
        rules: PolicyRules = .none,
        source: Source? = nil
    ) {
        self.alias = alias
        self.address = address
        self.port = port
        self.user = user
        self.identityFile = identityFile
        self.passphraseEnv = passphraseEnv
        self.knownHosts = knownHosts
        self.hostKey = hostKey
        self.policy = policy
        self.timeout = timeout
        self.maxOutput = maxOutput
        self.tags = tags
        self.isDefault = isDefault
        self.connectTimeout = connectTimeout
        self.idleTimeout = idleTimeout
        self.maxChannels = maxChannels
        self.rules = rules
        self.source = source
    }

    /// `address:port`, with IPv6 addresses bracketed.
    public var endpoint: String {
        address.contains(":") ? "[\(address)]:\(port)" : "\(address):\(port)"
    }
}
