import Foundation

/// One line of the audit log: a tool call that reached a host or was refused.
/// It records what was asked and how it ended, never the command's output.
public struct AuditEntry: Codable, Sendable, Hashable {
    /// `allowed`, `denied`, or `n/a` for the helpers' fixed read-only commands (no policy applies).
    public enum Verdict: String, Codable, Sendable, Hashable {
        case allowed, denied
        case notApplicable = "n/a"
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
    /// Why the policy refused the call.
    public var reason: String?
    public var exitCode: Int32?
    public var timedOut: Bool?
    public var durationMs: Int?
    public var stdoutBytes: Int?
    public var stderrBytes: Int?
    /// A failure code (e.g. `connection_lost`) when the call did not complete.
    public var error: FailureCode?
    /// The MCP client's name from `initialize`, or `cli`.
    public var client: String
    public var clientVersion: String?

    public init(time: String = AuditEntry.timestamp(), tool: String, host: String, command: String? = nil,
                verdict: Verdict, reason: String? = nil, exitCode: Int32? = nil, timedOut: Bool? = nil,
                durationMs: Int? = nil, stdoutBytes: Int? = nil, stderrBytes: Int? = nil, error: FailureCode? = nil,
                client: String, clientVersion: String? = nil) {
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
    }

    /// `date` as ISO-8601 in UTC with milliseconds.
    public static func timestamp(_ date: Date = Date()) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
