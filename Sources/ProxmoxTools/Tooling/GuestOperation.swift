import MCP

/// The result of a guest operation (power, snapshot, backup): the task it started and how it went.
public struct GuestOperationResult: ToolOutput {
    public var host: String
    public var vmid: Int
    public var guestType: String
    public var node: String
    public var operation: String
    public var command: String
    public var upid: String
    /// False when the call did not wait, or the wait ended before the task.
    public var finished: Bool
    public var cancelled: Bool
    /// `running` or `stopped`.
    public var status: String
    public var exitStatus: String?
    public var state: ProxmoxTask.State
    public var log: [String]

    public var isError: Bool { cancelled || state == .error }
}

/// What the guest operations share: find the guest, check the command against the host's policy,
/// start the Proxmox task, and (by default) follow it to the end.
struct GuestOperation: Sendable {
    static let resultSchema: Value = JSONSchema.object(
        [
            "host": JSONSchema.string("Node alias the command ran on."),
            "vmid": JSONSchema.integer(), "guestType": JSONSchema.string(oneOf: ["qemu", "lxc"]),
            "node": JSONSchema.string("Proxmox node of the guest."),
            "operation": JSONSchema.string("What was done, e.g. shutdown, snapshot, backup."),
            "command": JSONSchema.string("The command that started the task."),
            "upid": JSONSchema.string("The Proxmox task; follow it with proxmox_task_log."),
            "finished": JSONSchema.boolean("The task ended within the wait."),
            "cancelled": JSONSchema.boolean("The call was cancelled and the task asked to stop."),
            "status": JSONSchema.string("running or stopped."),
            "exitStatus": JSONSchema.string("OK, WARNINGS: n, or the error; absent while running."),
            "state": OpsSchema.taskState,
            "log": JSONSchema.array(of: JSONSchema.string(), description: "The last lines of the task log."),
        ],
        required: ["host", "vmid", "guestType", "node", "operation", "command", "upid", "finished", "cancelled", "status", "state", "log"])

    static let waitSchema: [String: Value] = [
        "wait": JSONSchema.boolean("Wait for the task to end (default true), sending progress notifications when the client asked for them."),
        "timeoutSeconds": JSONSchema.integer("Longest wait; the task keeps running after it (default: see description).", minimum: 1, maximum: 86_400),
        "host": JSONSchema.string("The node to ask where the guest runs (any cluster member). Default: the default node.", minLength: 1),
    ]

    var vmid: Int
    var operation: String
    var wait: Bool
    var timeout: Duration

    /// Runs `build(guest)` (a fixed command from validated input) on the guest's node.
    func run(asking hostName: String?, in context: ToolContext, build: (GuestLocation) throws -> String) async throws -> GuestOperationResult {
        guard GuestSelection.vmidRange.contains(vmid) else {
            throw ToolFailure.invalidArgument("vmid must be between 100 and 999999999, got \(vmid)")
        }
        let asked = try context.inventory.host(named: hostName)
        let guest = try await GuestLocation.find(vmid, asking: asked, in: context)
        let host = context.inventory.host(forNode: guest.node) ?? asked
        let command = try build(guest)
        let verdict = CommandPolicy.evaluate(command, mode: host.policy)
        guard verdict.allowed else {
            let reason = verdict.reason ?? "refused by this host's \(host.policy.rawValue) policy"
            context.record(host: host, command: command, verdict: .denied, reason: reason)
            throw ToolFailure(error: "blocked", message: "\(host.alias) refused `\(command)`: \(reason)")
        }
        let output = try await context.run(command, on: host, verdict: .allowed, reason: verdict.reason)
            .requireSuccess(command, on: host)
        // pvesh prints the UPID of the task it started, as text or as a JSON string.
        let printed = output.stdout.split(whereSeparator: \.isNewline).last.map { String($0.strippingPadding()) } ?? ""
        guard let upid = UPID(printed.trimmingQuotes) else {
            throw ToolFailure(ParseError(command: command, text: String(printed.prefix(120)), expected: "the UPID of the started task"))
        }
        var result = GuestOperationResult(host: host.alias, vmid: vmid, guestType: guest.type, node: guest.node, operation: operation,
                            command: command, upid: upid.text, finished: false, cancelled: false, status: "running",
                            state: .running, log: [])
        guard wait else { return result }
        let outcome = try await TaskFollower(upid: upid, host: host, context: context).follow(timeout: timeout)
        result.finished = outcome.finished
        result.cancelled = outcome.cancelled
        result.status = outcome.status
        result.exitStatus = outcome.exitStatus
        result.state = outcome.state
        result.log = outcome.log
        return result
    }
}

extension String {
    var trimmingQuotes: String {
        hasPrefix("\"") && hasSuffix("\"") && count >= 2 ? String(dropFirst().dropLast()) : self
    }

    /// `self` as one shell word in single quotes (`it's` → `'it'\''s'`).
    var singleQuoted: String { "'" + replacingOccurrences(of: "'", with: #"'\''"#) + "'" }
}
