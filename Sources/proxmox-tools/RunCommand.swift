import ArgumentParser
import Foundation
import MCP
import NodeAccess
import ProxmoxToolset

/// `proxmox-tools [--host ALIAS] [run] COMMAND`: the CLI face of `proxmox_run_host_command`,
/// through the same registry call (policy, connection manager, audit) the MCP server makes.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a shell command on one node (the default subcommand).",
        discussion: """
            Prints the node's stdout and stderr as they are and exits with the remote exit status;
            255 when the node cannot be reached or used (connection, key, host key, inventory),
            124 when the command timed out (it is stopped on the node), 126 when the host's command
            policy refused it (it never reached the node).

            A command the policy marks `ask` (destructive or not known to be safe) is shown with a
            `[y/N]` prompt when stdin and stderr are a terminal; without a terminal it is refused
            (exit 126) unless you pass --yes. Check first with `proxmox-tools policy COMMAND`.

            Examples:
              proxmox-tools --host pve2 "qm list"
              proxmox-tools --host pve2 --timeout 10 "journalctl -u pveproxy -n 20"
              proxmox-tools --json "pvesm status"          # the MCP tool's result object
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("Stop the command after this many seconds (at most the host's `timeout`).", valueName: "seconds"))
    var timeout: Double?

    @Option(name: .customLong("audit-log"), help: ArgumentHelp(
        "Audit log file, or `off` (default: audit_log: in the inventory, else $XDG_STATE_HOME/proxmox-tools/audit.jsonl).",
        valueName: "path"))
    var auditLog: String?

    @Flag(name: .long, help: "Approve a command the policy would ask about, without a prompt (for scripts). Refused commands stay refused.")
    var yes = false

    @Argument(help: "The command, run by the node's login shell. Quote it as one argument.")
    var command: String

    func validate() throws {
        if let timeout, !(timeout > 0) { throw ValidationError("--timeout must be a positive number of seconds") }
    }

    func run() async throws {
        var session = try CLIToolSession(global: global, auditSetting: auditLog)
        if !global.json {
            // Show the output as it arrives, like ssh: raw bytes, straight to our stdout/stderr.
            session.context.outputSink = { stream, bytes in
                Self.write(bytes, to: stream == .stdout ? STDOUT_FILENO : STDERR_FILENO)
            }
        }
        session.context.approver = TerminalApprover.make(yes: yes)
        let result: CommandResult
        if session.server != nil {
            result = try await throughServer(session)
        } else {
            let input = RunHostCommand.Input(command: command, host: global.host, timeoutSeconds: timeout)
            result = try await session.callAndClose(RunHostCommand.self, input)
        }
        if result.blocked == true, result.approval == .unavailable, !global.json, let server = session.server {
            Self.note("this command needs a person's approval, and a call through the server at \(server.name) cannot ask "
                + "for it yet: run it without --server (then --yes or the prompt approve it) (\(result.reason ?? ""))")
            throw ExitCode(ExitStatus.blocked)
        }
        if result.blocked == true, result.approval == .unavailable, !global.json {
            Self.note("this command needs approval, and stdin/stderr is not a terminal to ask on: "
                + "pass --yes to approve it (\(result.reason ?? ""))")
            throw ExitCode(ExitStatus.blocked)
        }
        if global.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            FileHandle.standardOutput.write(try encoder.encode(result) + Data("\n".utf8))
        } else {
            for (name, truncated) in [("stdout", result.stdoutTruncated), ("stderr", result.stderrTruncated)] where truncated {
                Self.note("\(name) was cut at this host's max_output; raise `max_output:` in hosts.d to see more")
            }
            if let message = result.message, result.exitCode == nil || result.timedOut {
                Self.note(message)
                if let setup = result.setup { FileHandle.standardError.write(Data("\n\(setup)\n".utf8)) }
            }
        }
        let status = ExitStatus.of(result)
        if status != 0 { throw ExitCode(status) }
    }

    /// The same call through a running server: its output is printed once the call is over (it
    /// is not streamed), with the same bytes and exit status.
    private func throughServer(_ session: CLIToolSession) async throws -> CommandResult {
        var arguments: [String: Value] = ["command": .string(command)]
        if let host = global.host { arguments["host"] = .string(host) }
        if let timeout { arguments["timeoutSeconds"] = .double(timeout) }
        let outcome = try await session.callAndClose(RunHostCommand.definition.name, arguments)
        guard let result = try? JSONDecoder().decode(CommandResult.self, from: outcome.compactJSON) else {
            let body = outcome.structured
            throw CLIFailure(message: body["message"]?.stringValue ?? "the server's answer is not a command result",
                             code: ExitStatus.failure)
        }
        if !global.json {
            FileHandle.standardOutput.write(Data(result.stdout.utf8))
            FileHandle.standardError.write(Data(result.stderr.utf8))
        }
        return result
    }

    static func note(_ message: String) {
        FileHandle.standardError.write(Data("proxmox-tools: \(message)\n".utf8))
    }

    /// Writes all of `bytes` to `fd`, retrying short writes.
    static func write(_ bytes: UnsafeRawBufferPointer, to fd: Int32) {
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n <= 0 { if errno == EINTR { continue } else { return } }
            offset += n
        }
    }
}
