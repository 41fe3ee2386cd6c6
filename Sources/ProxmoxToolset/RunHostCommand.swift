public import MCP
import Audit
import NodeAccess
import ProxmoxModel
import ShellPolicy
import ToolKit

/// Runs one shell command on one Proxmox node, behind the host's command policy.
public struct RunHostCommand: Tool {
    public struct Input: Decodable, Sendable {
        public var command: String
        public var host: String?
        public var timeoutSeconds: Double?

        public init(command: String, host: String? = nil, timeoutSeconds: Double? = nil) {
            self.command = command
            self.host = host
            self.timeoutSeconds = timeoutSeconds
        }
    }

    public typealias Output = CommandResult

    public static let definition = ToolDefinition(
        name: "proxmox_run_host_command",
        title: "Run a shell command on a Proxmox node",
        description: """
            Run a shell command on one Proxmox VE node over SSH (as the inventory's user, usually root) \
            and return its exit code, stdout and stderr. Use it for anything the read-only proxmox_* \
            helpers do not cover, e.g. `qm start 100`, `journalctl -u pveproxy -n 50`, `zpool status`. \
            Prefer the helpers (proxmox_list_vms, proxmox_vm_status, …) for reading state: they return \
            parsed data. The node's command policy is checked first: in `guarded` mode known-safe \
            commands run, destructive or unfamiliar ones (qm/pct destroy, rm, reboot, package removal, …) \
            run only after a person approves them in the client (MCP elicitation), and commands whose \
            real text cannot be known (eval, $VERB, … | sh) are refused with blocked=true and a reason; \
            in `read-only` mode only reading commands run. There is no argument that approves anything. \
            A refused command never reaches the node. success is true only when the command ran and exited 0; a non-zero exit, \
            a timeout (timedOut=true, output so far kept) or an unreachable node is an error result \
            with the details. Every call is written to an audit log.
            """,
        inputSchema: JSONSchema.object(
            [
                "command": JSONSchema.string(
                    "The command line, run by the node's login shell (bash), e.g. `qm list` or `pvesm status | grep local`.",
                    minLength: 1),
                "host": JSONSchema.string(
                    "Node alias from the inventory (see proxmox_list_hosts). Default: the node marked default, or the only node.",
                    minLength: 1),
                "timeoutSeconds": JSONSchema.number(
                    "Stop the command after this many seconds (capped by the host's own timeout, default 60).",
                    minimum: 1, maximum: 86_400),
            ],
            required: ["command"]),
        outputSchema: CommandResult.outputSchema,
        hints: ToolHints(readOnly: false, destructive: true, idempotent: false, openWorld: true),
        examples: [["command": "qm list", "host": "pve2"]])

    public init() {}

    public func call(_ input: Input, in context: ToolContext) async throws -> CommandResult {
        let host: InventoryHost
        do {
            host = try context.inventory.host(named: input.host)
        } catch {
            return CommandResult(command: input.command, host: input.host ?? "", address: nil,
                                 failure: Failure(error.code, error.description))
        }

        // A NUL ends the command where the node's shell reads it, so what ran would not be what the
        // result and the audit log show: refuse it before the policy looks at it.
        if input.command.utf8.contains(0) {
            let problem = "the command contains a NUL byte (\\0), which a shell cannot pass on; nothing was sent"
            await context.record(host: host, command: input.command, verdict: .denied, reason: problem, error: .invalidCommand)
            return CommandResult(command: input.command, host: host.alias, address: host.endpoint,
                                 failure: Failure(.invalidCommand, problem + ". Remove it (use printf '\\0' on the node if you need one)."))
        }

        let authorization = await context.authorize(input.command, on: host, timeout: input.timeoutSeconds)
        let verdict = authorization.verdict
        if let reason = authorization.refusal {
            var result = CommandResult(command: input.command, host: host.alias, address: host.endpoint, failure: Failure(.blocked, reason))
            result.blocked = true
            result.mode = verdict.mode.rawValue
            result.reason = reason
            result.approval = authorization.approval
            return result
        }

        let started = ContinuousClock.now
        var result: CommandResult
        var context = context
        if context.outputSink == nil, let progress = context.progress {
            // The client asked for progress: its output lines are the progress messages.
            context.outputSink = OutputLineProgress(progress: progress).sink
        }
        do {
            // Policy v3: the node runs the canonical rendering of the tree that was judged, never the original text.
            let output = try await context.run(authorization, on: host, timeout: input.timeoutSeconds)
            result = CommandResult(command: input.command, host: host, output: output)
            if output.timedOut || output.cancelled {
                let why = output.timedOut ? "ran past its timeout" : "was cancelled"
                result.error = output.timedOut ? .timedOut : .cancelled
                result.message = output.stopConfirmed
                    ? "the command started on \(host.alias), \(why), and was stopped there (its process group got TERM, then KILL after 1 s); stdout/stderr hold the output so far"
                    : "the command started on \(host.alias) and \(why); it was told to stop, but the node did not confirm within 3 s. It is stopped as soon as the node sees the request or the connection drop; check with `ps` before running it again"
            }
        } catch {
            result = CommandResult(command: input.command, host: host, failure: error,
                                   durationMs: ToolContext.milliseconds(since: started))
        }
        result.mode = verdict.mode.rawValue
        result.approval = authorization.approval
        return result
    }
}

extension CommandResult: ToolOutput {
    /// Anything but "ran and exited 0" is an error the client should notice.
    public var isError: Bool { !success }

    /// JSON Schema of the encoded result (every key is always present; nil encodes as null).
    public static let outputSchema = JSONSchema.object(
        [
            "success": JSONSchema.boolean("The command ran and exited 0 (not timed out, not blocked)."),
            "command": JSONSchema.string("The command as given."),
            "host": JSONSchema.string("Inventory alias of the node."),
            "address": JSONSchema.nullable(JSONSchema.string("address:port of the node.")),
            "exitCode": JSONSchema.nullable(JSONSchema.integer("Exit status; null if the command did not run or was killed by a signal.")),
            "exitSignal": JSONSchema.nullable(JSONSchema.string("Signal that ended the command (TERM, KILL, …).")),
            "stdout": JSONSchema.string("Standard output (valid UTF-8; cut at the host's max_output with a marker)."),
            "stderr": JSONSchema.string("Standard error, same rules as stdout."),
            "durationMs": JSONSchema.integer("Wall-clock time of the call in milliseconds."),
            "timedOut": JSONSchema.boolean("The command was stopped after its timeout."),
            "stdoutTruncated": JSONSchema.boolean(),
            "stderrTruncated": JSONSchema.boolean(),
            "error": JSONSchema.failureCode("Failure code: blocked, unreachable, auth_failed, host_key_unknown, timed_out, unknown_host, …"),
            "message": JSONSchema.string("What went wrong and what to do."),
            "setup": JSONSchema.string("Key setup or host-key trust instructions for this node."),
            "blocked": JSONSchema.boolean("The command policy refused the command; it never reached the node."),
            "mode": JSONSchema.string("The host's policy mode.", oneOf: PolicyMode.allCases.map(\.rawValue)),
            "reason": JSONSchema.string("Why the policy refused the command."),
            "approval": JSONSchema.string("Set when a person was asked: approved (it ran), declined, cancelled, no_answer, "
                                          + "or unavailable (nobody could be asked here).",
                                          oneOf: AuditEntry.Approval.allCases.map(\.rawValue)),
        ],
        required: ["success", "command", "host", "address", "exitCode", "exitSignal", "stdout", "stderr",
                   "durationMs", "timedOut", "stdoutTruncated", "stderrTruncated"])
}
