import Foundation

/// One tool call that reached a node, or was refused before it could, as the audit log records
/// it. Sizes only — never the output itself.
public struct ToolAuditEvent: Sendable, Hashable {
    public var time: Date
    public var tool: String
    /// Inventory alias.
    public var host: String
    public var command: String
    public var verdict: Verdict
    /// Why it was refused (or the policy's note when allowed).
    public var reason: String?
    public var exitCode: Int32?
    public var timedOut: Bool
    public var durationMs: Int
    public var stdoutBytes: Int
    public var stderrBytes: Int
    /// The failure code when the command did not run (`unreachable`, `auth_failed`, …).
    public var error: String?
    /// The MCP client's name from `initialize`, or `cli`.
    public var client: String
    public var clientVersion: String?

    /// What the command policy said.
    public enum Verdict: String, Sendable, Hashable {
        case allowed, denied
        /// A read-only helper's fixed command: no policy applies.
        case notApplicable = "n/a"
    }

    public init(time: Date = Date(), tool: String, host: String, command: String, verdict: Verdict, reason: String? = nil,
                exitCode: Int32? = nil, timedOut: Bool = false, durationMs: Int = 0, stdoutBytes: Int = 0,
                stderrBytes: Int = 0, error: String? = nil, client: String, clientVersion: String? = nil) {
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
}

/// Where tools record what they did. The audit log (Audit/) is the real one; tests may collect
/// events in memory. Kept as a protocol so tools depend on "something records this", not on the
/// log's file format.
public protocol ToolAuditRecorder: Sendable {
    /// Records one event; returns the error if it could not be written (the call still succeeds).
    func record(_ event: ToolAuditEvent) -> (any Error)?
}
