import Foundation
import Synchronization

/// Asks a person whether a command the policy marked `ask` may run: an MCP client through
/// elicitation, or the terminal in the CLI. Tools only see this protocol, never MCP or a TTY.
public protocol CommandApprover: Sendable {
    /// Asks once and returns the person's answer; never throws (an error is an answer too).
    func approve(_ request: ApprovalRequest) async -> ApprovalAnswer
}

/// What the person is asked about: the host, the exact command, what will run and why.
public struct ApprovalRequest: Sendable, Hashable {
    public var host: String
    /// `user@address:port`.
    public var destination: String
    public var command: String
    /// What is sent to the node if approved: the policy's canonical rendering of the command it
    /// judged (every word re-quoted), which can differ from `command` in spelling only.
    public var sent: String
    /// The normalized simple commands (wrappers removed) that will run.
    public var commands: [String]
    /// Why the policy wants a person's approval.
    public var reason: String
    /// Seconds to wait for an answer; no answer by then is a refusal.
    public var timeout: Double

    public init(host: String, destination: String, command: String, sent: String? = nil, commands: [String], reason: String,
                timeout: Double) {
        self.host = host
        self.destination = destination
        self.command = command
        self.sent = sent ?? command
        self.commands = commands
        self.reason = reason
        self.timeout = timeout
    }

    /// The text shown to the person. Control characters, ANSI escapes and non-ASCII characters in
    /// the command are shown escaped (`\n`, `\x1b`, `\u200b`), so what is approved is what runs.
    public var message: String {
        var lines = ["Run this command on \(host) (\(destination))?", "", "Command:", "  " + Self.visible(command)]
        if sent != command {
            lines += ["", "Sent to the node exactly as (the form that was checked):", "  " + Self.visible(sent)]
        }
        if Self.needsEscaping(command) || Self.needsEscaping(sent) || commands.contains(where: Self.needsEscaping) {
            lines.append("  (non-printing and non-ASCII characters are shown escaped; a backslash is shown as \\\\)")
        }
        lines += ["", "It runs these simple commands (wrappers such as sudo removed):"]
        lines += commands.map { "  - " + Self.visible($0) }
        lines += ["", "Why a person must approve it: " + Self.visible(reason)]
        return lines.joined(separator: "\n")
    }

    /// One line for a terminal prompt: `Run on pve2 (root@…): qm destroy 100 --purge? [y/N] `.
    public var prompt: String { "Run on \(host) (\(destination)): \(Self.visible(command))? [y/N] " }

    static func needsEscaping(_ text: String) -> Bool {
        text.unicodeScalars.contains { !(0x20...0x7E).contains($0.value) }
    }

    /// `text` with every character outside printable ASCII escaped; when anything is escaped,
    /// backslashes are doubled so the escapes cannot be confused with the text.
    public static func visible(_ text: String) -> String {
        guard needsEscaping(text) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x5C: result += "\\\\"
            case 0x0A: result += "\\n"
            case 0x0D: result += "\\r"
            case 0x09: result += "\\t"
            case 0x20...0x7E: result.unicodeScalars.append(scalar)
            case 0x00...0x1F, 0x7F: result += "\\x" + String(format: "%02x", scalar.value)
            case 0x80...0xFFFF: result += "\\u" + String(format: "%04x", scalar.value)
            default: result += "\\U" + String(format: "%08x", scalar.value)
            }
        }
        return result
    }
}

/// How the person answered.
public enum ApprovalAnswer: Sendable, Hashable {
    case approved
    case declined
    case cancelled
    /// No answer in time, or the question could not be asked; the text says which.
    case noAnswer(String)

    /// Waits for `ask` at most `timeout` seconds. An unanswered question is left behind rather
    /// than awaited, so a client that never answers cannot hold the call past its timeout.
    public static func within(_ timeout: Double, _ ask: @escaping @Sendable () async -> ApprovalAnswer) async -> ApprovalAnswer {
        let first = FirstAnswer()
        return await withCheckedContinuation { continuation in
            first.set(continuation)
            Task { first.resume(await ask()) }
            Task {
                try? await Task.sleep(for: .seconds(max(timeout, 0)))
                first.resume(.noAnswer("nobody answered within \(Int(timeout.rounded())) s"))
            }
        }
    }
}

/// Resumes a continuation once, with whichever answer comes first.
private final class FirstAnswer: Sendable {
    private let state = Mutex<CheckedContinuation<ApprovalAnswer, Never>?>(nil)

    func set(_ continuation: CheckedContinuation<ApprovalAnswer, Never>) { state.withLock { $0 = continuation } }

    func resume(_ answer: ApprovalAnswer) {
        let continuation = state.withLock { current -> CheckedContinuation<ApprovalAnswer, Never>? in
            defer { current = nil }
            return current
        }
        continuation?.resume(returning: answer)
    }
}
