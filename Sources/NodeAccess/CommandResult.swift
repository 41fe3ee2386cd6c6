import Audit
import ProxmoxModel

/// The result of `proxmox_run_host_command` and of `proxmox-tools run --json`: a superset of the
/// original Node server's `{success, command, host, exitCode, stdout, stderr}`.
public struct CommandResult: Codable, Sendable, Hashable {
    /// Ran, and exited 0 (not timed out, not blocked).
    public var success: Bool
    public var command: String
    /// The inventory alias.
    public var host: String
    /// `address:port`.
    public var address: String?
    public var exitCode: Int32?
    public var exitSignal: String?
    public var stdout: String
    public var stderr: String
    public var durationMs: Int
    public var timedOut: Bool
    public var stdoutTruncated: Bool
    public var stderrTruncated: Bool
    /// Why the call failed, when it did not run to completion: `host_key_unknown`, `auth_failed`,
    /// `unreachable`, `blocked`, `timed_out`, …
    public var error: FailureCode?
    public var message: String?
    /// Key setup / host-key trust instructions, where they apply.
    public var setup: String?
    /// Set when the command policy refused the command (it never reached the node).
    public var blocked: Bool?
    /// The host's policy mode, when a policy verdict was made.
    public var mode: String?
    /// Why the policy refused it.
    public var reason: String?
    /// Set when the policy asked for a person: `approved` (it ran), `declined`, `cancelled`,
    /// `no_answer`, or `unavailable` (nobody could be asked here).
    public var approval: AuditEntry.Approval?

    public init(command: String, host: InventoryHost, output: CommandOutput) {
        self.success = output.succeeded
        self.command = command
        self.host = host.alias
        self.address = host.endpoint
        self.exitCode = output.exitCode
        self.exitSignal = output.exitSignal
        self.stdout = output.stdout
        self.stderr = output.stderr
        self.durationMs = Int((output.duration * 1000).rounded())
        self.timedOut = output.timedOut
        self.stdoutTruncated = output.stdoutTruncated
        self.stderrTruncated = output.stderrTruncated
    }

    public init(command: String, host: String, address: String?, failure: Failure, durationMs: Int = 0) {
        self.success = false
        self.command = command
        self.host = host
        self.address = address
        self.exitCode = nil
        self.stdout = ""
        self.stderr = ""
        self.durationMs = durationMs
        self.timedOut = false
        self.stdoutTruncated = false
        self.stderrTruncated = false
        self.error = failure.code
        self.message = failure.message
        self.setup = failure.remedy
    }

    public init(command: String, host: InventoryHost, failure: Failure, durationMs: Int = 0) {
        self.init(command: command, host: host.alias, address: host.endpoint, failure: failure, durationMs: durationMs)
    }

    /// Always encode every key (nil as null) so clients see a stable shape.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(success, forKey: .success)
        try c.encode(command, forKey: .command)
        try c.encode(host, forKey: .host)
        try c.encode(address, forKey: .address)
        try c.encode(exitCode, forKey: .exitCode)
        try c.encode(exitSignal, forKey: .exitSignal)
        try c.encode(stdout, forKey: .stdout)
        try c.encode(stderr, forKey: .stderr)
        try c.encode(durationMs, forKey: .durationMs)
        try c.encode(timedOut, forKey: .timedOut)
        try c.encode(stdoutTruncated, forKey: .stdoutTruncated)
        try c.encode(stderrTruncated, forKey: .stderrTruncated)
        try c.encodeIfPresent(error, forKey: .error)
        try c.encodeIfPresent(message, forKey: .message)
        try c.encodeIfPresent(setup, forKey: .setup)
        try c.encodeIfPresent(blocked, forKey: .blocked)
        try c.encodeIfPresent(mode, forKey: .mode)
        try c.encodeIfPresent(reason, forKey: .reason)
        try c.encodeIfPresent(approval, forKey: .approval)
    }
}
