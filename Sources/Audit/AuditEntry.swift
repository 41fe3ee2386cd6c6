import Foundation
public import ShellPolicy
import ProxmoxModel

/// One line of the audit log. A call that reaches a host has two lines with the same `call` id:
/// `start`, written before anything is sent, and `end`, written when it is over (missing only if
/// proxmox-tools itself was killed). A call refused before anything was sent has one `end` line.
/// It records what was asked and how it ended, never the command's output.
public struct AuditEntry: Codable, Sendable, Hashable {
    /// `start`: about to be sent; `end`: finished (or refused).
    public enum Phase: String, Codable, Sendable, Hashable {
        case start, end
    }

    /// `allowed`, `denied`, or `n/a` for the helpers' fixed read-only commands (no policy applies).
    public enum Verdict: String, Codable, Sendable, Hashable {
        case allowed, denied
        case notApplicable = "n/a"
    }

    /// The outcome of asking a person, for commands the policy marked `ask`.
    public enum Approval: String, Codable, Sendable, Hashable, CaseIterable {
        /// The person approved; the command ran.
        case approved
        /// The person declined (or cancelled); the command did not run.
        case declined, cancelled
        /// Nobody answered in time, or asking failed.
        case noAnswer = "no_answer"
        /// Nobody could be asked (a client without elicitation, a CLI without a terminal).
        case unavailable
    }

    /// When the line was written, ISO-8601 with milliseconds (`2025-01-31T12:00:00.123Z`).
    public var time: String
    public var phase: Phase
    /// The tool call's id (a short random one), also the `call` metadata of its log lines. A
    /// call's nodes share it (a fan-out); `call` and `host` pair a `start` line with its `end`.
    public var call: String
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
    /// The second wall the command ran in, for commands the policy checked that reached the node:
    /// `guarded` or `read-only` (an unattended `allow`), `none` (approved, or an `unrestricted` host).
    public var wall: Containment?
    /// How long the command policy took to judge the command, in microseconds (a person's answer
    /// not included); for commands the policy checked.
    public var policyMicroseconds: Int?
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
    /// Who the call ran for (issue 19): `stdio` on stdio, the tokens-file name over HTTP, `local`
    /// on the Unix socket; absent for CLI calls that reach nodes directly.
    public var principal: String?

    public init(time: String = AuditEntry.timestamp(), phase: Phase = .end, call: String = AuditEntry.newCallID(), tool: String, host: String, command: String? = nil,
                verdict: Verdict, reason: String? = nil, exitCode: Int32? = nil, timedOut: Bool? = nil,
                durationMs: Int? = nil, stdoutBytes: Int? = nil, stderrBytes: Int? = nil, error: FailureCode? = nil,
                client: String, clientVersion: String? = nil, approval: Approval? = nil, wall: Containment? = nil,
                policyMicroseconds: Int? = nil, principal: String? = nil) {
        self.time = time
        self.phase = phase
        self.call = call
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
        self.wall = wall
        self.policyMicroseconds = policyMicroseconds
        self.principal = principal
    }

    /// A fresh id for a call's lines: 12 hex digits, unique enough within one log.
    public static func newCallID() -> String {
        String(UInt64.random(in: 0..<(1 << 48)), radix: 16).leftPadded(to: 12)
    }

    /// `date` as ISO-8601 in UTC with milliseconds.
    public static func timestamp(_ date: Date = Date()) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
