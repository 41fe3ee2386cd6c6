/// Every failure code a caller can see, in results (`error`), audit lines and schemas.
///
/// One list, so a schema's `enum` (`FailureCode.allCases`), the README and the code cannot
/// drift apart. Raw values are the JSON spelling and never change once released.
public enum FailureCode: String, CaseIterable, Codable, Sendable, Hashable, CustomStringConvertible {
    // Reaching and logging in to a node (the SSH layer's errors, mapped in `NodeErrors`).
    case dnsFailed = "dns_failed"
    case connectionRefused = "connection_refused"
    /// TCP connect, handshake and authentication did not finish in time; nothing reached the node.
    case connectTimeout = "connect_timeout"
    case unreachable
    case handshakeFailed = "handshake_failed"
    case hostKeyUnknown = "host_key_unknown"
    case hostKeyChanged = "host_key_changed"
    case hostKeyRevoked = "host_key_revoked"
    case keyMissing = "key_missing"
    case keyUnreadable = "key_unreadable"
    case passphraseRequired = "passphrase_required"
    case passphraseWrong = "passphrase_wrong"
    case authFailed = "auth_failed"
    /// The session broke; the message says whether the command may have started.
    case connectionLost = "connection_lost"
    /// The node stopped answering SSH keepalives: the session was declared dead.
    case nodeUnresponsive = "node_unresponsive"
    /// The node refused to open a channel or run the command; the session itself is fine.
    case channelFailed = "channel_failed"
    /// This process ran out of something it needs (file descriptors, threads).
    case resourceExhausted = "resource_exhausted"
    /// proxmox-tools is stopping; the call was not run or was stopped.
    case shutdown

    // How a call ended without a normal exit status.
    /// The command ran and was stopped after its timeout.
    case timedOut = "timed_out"
    /// The caller cancelled the call; the command (if started) was stopped.
    case cancelled
    /// The command is longer than can be sent; nothing was sent.
    case commandTooLong = "command_too_long"
    /// The command cannot be run as given (e.g. it contains a NUL byte); nothing was sent.
    case invalidCommand = "invalid_command"
    /// The host's command policy refused the command; nothing was sent.
    case blocked
    /// The audit log could not be written, so the call was refused; nothing was sent.
    case auditUnavailable = "audit_unavailable"
    /// The node could not set up the containment an unattended command runs in; nothing ran.
    case containmentUnavailable = "containment_unavailable"

    // Choosing hosts and reading the configuration.
    case unknownHost = "unknown_host"
    case hostRequired = "host_required"
    case noHosts = "no_hosts"
    case config

    // A Proxmox command that ran and failed (classified from its stderr), or output we cannot read.
    case notFound = "not_found"
    /// A Proxmox task that should be running could not be found in the node's task list.
    case taskNotFound = "task_not_found"
    case permissionDenied = "permission_denied"
    case clusterFilesystemUnavailable = "cluster_filesystem_unavailable"
    case notACluster = "not_a_cluster"
    case corosyncUnavailable = "corosync_unavailable"
    case noQuorum = "no_quorum"
    case invalidArgument = "invalid_argument"
    case unknownCommand = "unknown_command"
    case unknownNode = "unknown_node"
    case locked
    case notProxmox = "not_proxmox"
    case commandFailed = "command_failed"
    case unexpectedOutput = "unexpected_output"

    /// A bug in proxmox-tools (please report it with the message).
    case `internal`

    public var description: String { rawValue }

    /// All raw values, for a schema's `enum`.
    public static var allRawValues: [String] { allCases.map(\.rawValue) }
}
