/// Everything needed to open and authenticate one SSH session. Built by the connection manager
/// from an inventory host; the SSH module knows nothing of inventories.
public struct SSHTarget: Sendable, Hashable {
    public var address: String
    public var port: Int
    public var user: String
    /// An explicit private key; `nil` = agent (if `useAgent`), then `defaultIdentityFiles`.
    public var identityFile: String?
    public var passphrase: String?
    /// The environment variable the passphrase came from, for messages.
    public var passphraseVariable: String?
    public var knownHostsFile: String
    /// `SHA256:…` pin; when set the offered key must match it.
    public var pinnedFingerprint: String?
    /// TCP connect + handshake + authentication together.
    public var connectTimeout: Duration
    /// The ssh-agent socket to try when no identity file is configured (`SSH_AUTH_SOCK`).
    public var agentSocket: String?
    public var useAgent: Bool { agentSocket != nil }
    /// Tried in order when no identity file is configured (those that exist).
    public var defaultIdentityFiles: [String]

    public init(address: String, port: Int = 22, user: String = "root", identityFile: String? = nil,
                passphrase: String? = nil, passphraseVariable: String? = nil, knownHostsFile: String,
                pinnedFingerprint: String? = nil, connectTimeout: Duration = .seconds(10), agentSocket: String? = nil,
                defaultIdentityFiles: [String] = []) {
        self.address = address
        self.port = port
        self.user = user
        self.identityFile = identityFile
        self.passphrase = passphrase
        self.passphraseVariable = passphraseVariable
        self.knownHostsFile = knownHostsFile
        self.pinnedFingerprint = pinnedFingerprint
        self.connectTimeout = connectTimeout
        self.agentSocket = agentSocket
        self.defaultIdentityFiles = defaultIdentityFiles
    }

    /// `address:port`, IPv6 bracketed.
    public var endpoint: String { address.contains(":") ? "[\(address)]:\(port)" : "\(address):\(port)" }
}
