import Foundation

/// One line of the audit log: a tool call that reached a host or was refused.
/// It records what was asked and how it ended, never the command's output.
public struct AuditEntry: Codable, Sendable, Hashable {
    /// `allowed`, `denied`, or `n/a` for the helpers' fixed read-only commands (no policy applies).
    public enum Verdict: String, Codable, Sendable, Hashable {
        case allowed, denied
        case notApplicable = "n/a"
    }

    /// The outcome of asking a person, for commands the policy marked `ask`.
    public enum Approval: String, Codable, Sendable, Hashable {
        /// The person approved; the command ran.
        case approved
        /// The person declined (or cancelled); the command did not run.
        case declined, cancelled
        /// Nobody answered in time, or asking failed.
        case noAnswer = "no_answer"
        /// Nobody could be asked (a client without elicitation, a CLI without a terminal).
        case unavailable
    }

    /// When the call finished, ISO-8601 with milliseconds (`2025-01-31T12:00:00.123Z`).
    public var time: String
    /// The tool name, e.g. `proxmox_run_host_command`.
    public var tool: String
    /// The host alias the call was for.
    public var host: String
    /// The command line, for tools that run one.
    public var command: String?
    /// What the command policy said.
    public var verdict: Verdict
    /// Why the policy refused the call (or asked a person).
    public var reason: String?
    /// Set when a person was asked (or could not be): approved, declined, cancelled, no_answer, unavailable.
    public var approval: Approval?
    public var exitCode: Int32?
    public var timedOut: Bool?
    public var durationMs: Int?
    public var stdoutBytes: Int?
    public var stderrBytes: Int?
    /// A failure code (e.g. `connection_failed`) when the call did not complete.
    public var error: String?
    /// The MCP client's name from `initialize`, or `cli`.
    public var client: String
    public var clientVersion: String?

    public init(time: String = AuditEntry.timestamp(), tool: String, host: String, command: String? = nil,
                verdict: Verdict, reason: String? = nil, exitCode: Int32? = nil, timedOut: Bool? = nil,
                durationMs: Int? = nil, stdoutBytes: Int? = nil, stderrBytes: Int? = nil, error: String? = nil,
                client: String, clientVersion: String? = nil, approval: Approval? = nil) {
        self.time = time
        self.tool = tool
        self.host = host
        self.command = command
        self.verdict = verdict
        self.reason = reason
        self.exitCode = exitCode
        self.timedOut = timedOut
        self.durationMs = durationMs
        self.stdoutBytes = stdoutBytes
        self.stderrBytes = stderrBytes
        self.error = error
        self.client = client
        self.clientVersion = clientVersion
        self.approval = approval
    }

    /// `date` as ISO-8601 in UTC with milliseconds.
    public static func timestamp(_ date: Date = Date()) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
