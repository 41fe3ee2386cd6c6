public import SSH

/// Where a command's output goes as it arrives (on the session's thread): SSH's sink, named
/// here so the layers above need not import SSH.
public typealias CommandOutputSink = OutputSink
import ProxmoxModel

/// What a remote command produced. A non-zero exit status is data here, never an error.
public struct CommandOutput: Sendable, Hashable {
    public var exitCode: Int32?
    /// The signal name that ended the command (`TERM`, `KILL`, …), if any.
    public var exitSignal: String?
    /// Valid UTF-8 (invalid bytes became U+FFFD), cut at `max_output` with a marker appended.
    public var stdout: String
    public var stderr: String
    public var stdoutTruncated: Bool
    public var stderrTruncated: Bool
    /// The command ran and was stopped on the node because its timeout expired.
    public var timedOut: Bool
    /// The command ran and was stopped on the node because the call was cancelled or the process
    /// shut down.
    public var cancelled: Bool
    /// After a stop (timeout, cancellation), whether the node confirmed it: the command's channel
    /// closed after TERM/KILL. False means the node did not answer within the grace period.
    public var stopConfirmed: Bool
    /// Wall-clock seconds from the call to the result.
    public var duration: Double

    public init(
        exitCode: Int32?, exitSignal: String? = nil, stdout: String, stderr: String,
        stdoutTruncated: Bool = false, stderrTruncated: Bool = false, timedOut: Bool = false,
        cancelled: Bool = false, stopConfirmed: Bool = true, duration: Double = 0
    ) {
        self.cancelled = cancelled
        self.stopConfirmed = stopConfirmed
        self.exitCode = exitCode
        self.exitSignal = exitSignal
        self.stdout = stdout
        self.stderr = stderr
        self.stdoutTruncated = stdoutTruncated
        self.stderrTruncated = stderrTruncated
        self.timedOut = timedOut
        self.duration = duration
    }

    /// Ran to completion with exit status 0.
    public var succeeded: Bool { exitCode == 0 && !timedOut && !cancelled }
}

/// Runs commands on inventory hosts. The real one is `ConnectionManager`; unit tests may use a fake.
public protocol CommandRunner: Sendable {
    /// Runs `command` through the node's login shell. `timeout` (seconds) is capped by `host.timeout`;
    /// `nil` means `host.timeout`. Throws a `Failure` when the node cannot be used.
    func run(_ command: String, on host: InventoryHost, timeout: Double?) async throws(Failure) -> CommandOutput

    /// Runs a composed command (the caller's text, contained or not). A runner without nodes (a
    /// test double) may run `command.command` as it is: that is what the default does.
    func run(_ command: RemoteCommand, on host: InventoryHost, timeout: Double?) async throws(Failure) -> CommandOutput

    /// Probes a node: reachability, host key, auth, and the round trip of `true`.
    func check(_ host: InventoryHost) async -> HostCheck
}

/// A runner that can also hand over output as it arrives, so the CLI's `run` prints a long
/// command's output live, as ssh does, instead of all at the end.
public protocol StreamingCommandRunner: CommandRunner {
    func run(_ command: String, on host: InventoryHost, timeout: Double?,
             streamingTo sink: @escaping OutputSink) async throws(Failure) -> CommandOutput

    func run(_ command: RemoteCommand, on host: InventoryHost, timeout: Double?,
             streamingTo sink: @escaping OutputSink) async throws(Failure) -> CommandOutput
}

extension CommandRunner {
    public func run(_ command: RemoteCommand, on host: InventoryHost, timeout: Double?) async throws(Failure) -> CommandOutput {
        try await run(command.command, on: host, timeout: timeout)
    }
}

extension StreamingCommandRunner {
    public func run(_ command: RemoteCommand, on host: InventoryHost, timeout: Double?,
                    streamingTo sink: @escaping OutputSink) async throws(Failure) -> CommandOutput {
        try await run(command.command, on: host, timeout: timeout, streamingTo: sink)
    }
}

/// What `proxmox_list_hosts` with `check: true` reports for one node.
public struct HostCheck: Codable, Sendable, Hashable {
    /// TCP connect and SSH handshake succeeded.
    public var reachable: Bool
    /// Authentication succeeded.
    public var authenticated: Bool
    /// `trusted`, `unknown`, `changed`, or `unchecked` (never got that far).
    public var hostKey: String
    /// The node's host key, `SHA256:…`, when the handshake got that far.
    public var fingerprint: String?
    /// Round trip of a trivial command (`true`) on the session, in milliseconds.
    public var roundTripMs: Double?
    /// Why the check stopped where it did.
    public var error: FailureCode?
    public var message: String?

    public init(reachable: Bool, authenticated: Bool, hostKey: String, fingerprint: String? = nil,
                roundTripMs: Double? = nil, error: FailureCode? = nil, message: String? = nil) {
        self.reachable = reachable
        self.authenticated = authenticated
        self.hostKey = hostKey
        self.fingerprint = fingerprint
        self.roundTripMs = roundTripMs
        self.error = error
        self.message = message
    }
}

extension CommandRunner {
    /// Default probe for runners that cannot tell the stages apart: run `true`.
    public func check(_ host: InventoryHost) async -> HostCheck {
        do {
            let output = try await run("true", on: host, timeout: nil)
            return HostCheck(reachable: true, authenticated: true, hostKey: "trusted",
                             roundTripMs: output.duration * 1000)
        } catch {
            return HostCheck(reachable: false, authenticated: false, hostKey: "unchecked",
                             error: error.code, message: error.message)
        }
    }
}
