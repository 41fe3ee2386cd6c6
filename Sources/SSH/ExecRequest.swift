/// What one exec request asks of the node: the bytes its login shell runs, and how a stop is
/// signalled to whatever runs there. SSH sends both as given; what the bytes contain (a watchdog,
/// a containment wrapper, `sudo`) is decided by the layer that composes them.
public struct ExecRequest: Sendable, Hashable {
    /// The exact text of the exec request.
    public var command: String
    /// Done in order when the call ends before the command did (timeout, cancellation, shutdown).
    /// Empty: nothing on the node is told; the channel is closed and the command may go on.
    public var teardown: [TeardownStep]

    public init(command: String, teardown: [TeardownStep]) {
        self.command = command
        self.teardown = teardown
    }

    /// The longest request (UTF-8 bytes) one exec carries. libssh2 refuses larger packets
    /// (`MAX_SSH_PACKET_LEN`, 35,000 bytes with the channel-request header and padding: 34,720
    /// bytes of command went through against OpenSSH 9.2, 34,740 did not), so larger requests
    /// fail as `commandTooLong` before anything is sent.
    public static let maximumBytes = 34_700
}

/// One step of stopping a remote command, like swift-subprocess's `TeardownStep` for a local one.
/// SSH cannot signal a process group itself (OpenSSH ignores `signal` channel requests for
/// commands without a terminal), so the steps are what the channel can carry.
public enum TeardownStep: Sendable, Hashable {
    /// Send EOF on the command's stdin; something on the node that waits for it (a watchdog)
    /// stops the command. The connection dropping has the same effect on the node.
    case closeInput
}
