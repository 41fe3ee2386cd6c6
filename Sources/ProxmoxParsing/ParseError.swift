import ProxmoxModel

/// Output of a Proxmox command that does not have the shape its parser expects.
///
/// It names the command, the 1-based line and the line itself, so a person can compare it with
/// the raw output (for example through `proxmox_run_host_command`) and tell a format change in a
/// new Proxmox release from output that was cut short or mixed with something else.
public struct ParseError: Error, CustomStringConvertible, Sendable, Hashable, Codable {
    /// The command whose output was parsed, for example `qm list`.
    public var command: String
    /// 1-based line number in stdout, or nil when the problem concerns the output as a whole.
    public var line: Int?
    /// The offending line exactly as received (trailing spaces included), when there is one.
    public var text: String?
    /// What the parser expected to find there, written for a person.
    public var expected: String

    public init(command: String, line: Int? = nil, text: String? = nil, expected: String) {
        self.command = command
        self.line = line
        self.text = text
        self.expected = expected
    }

    /// The failure code a tool reports for output it could not read.
    public var code: FailureCode { .unexpectedOutput }

    public var description: String {
        var where_ = "cannot read the output of `\(command)`"
        if let line { where_ += " at line \(line)" }
        var message = "\(where_): expected \(expected)"
        if let text { message += ", but found \"\(text)\"" }
        return message + ". Run the command with proxmox_run_host_command to see the raw output; "
            + "the node may run a Proxmox VE version whose output format this tool does not know."
    }
}

extension ParseError: FailureConvertible {
    /// Output the parser could not read: a format this version does not know, or cut-off output.
    public var failure: Failure { Failure(.unexpectedOutput, description) }
}

extension Failure {
    public init(_ parseError: ParseError) { self = parseError.failure }
}
