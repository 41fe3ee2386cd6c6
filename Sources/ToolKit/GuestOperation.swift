import MCP
import ProxmoxModel
import ProxmoxParsing
import ShellPolicy

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
package struct GuestOperation: Sendable {
    package static let resultSchema: Value = JSONSchema.object(
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

    package static let waitSchema: [String: Value] = [
        "wait": JSONSchema.boolean("Wait for the task to end (default true), sending progress notifications when the client asked for them; false returns once it has started."),
        "timeoutSeconds": JSONSchema.integer("Longest wait; the task keeps running after it (default: see description).", minimum: 1, maximum: 86_400),
        "host": JSONSchema.string("The node to ask where the guest runs (any cluster member). Default: the default node.", minLength: 1),
    ]

    package var vmid: Int
    package var operation: String
    /// The Proxmox task type this operation starts (`qmshutdown`, `vzdump`, …), to find its UPID.
    package var taskTypes: @Sendable (GuestLocation) -> Set<String>
    package var wait: Bool
    package var timeout: Duration

    package init(vmid: Int, operation: String, taskTypes: @escaping @Sendable (GuestLocation) -> Set<String>,
                 wait: Bool, timeout: Duration) {
        self.vmid = vmid
        self.operation = operation
        self.taskTypes = taskTypes
        self.wait = wait
        self.timeout = timeout
    }

    /// How long a call with `wait: false` lets the task start before it returns.
    static let startWindow = 2.0

    /// Runs `build(guest)` (a fixed command from validated input) on the guest's node.
    ///
    /// `pvesh create` runs a task in the foreground when called from a shell (pve-common
    /// `RESTEnvironment::fork_worker`: CLI environments are "sync"): it prints the task log as it
    /// goes and the UPID at the end, while the worker itself runs in a session of its own. So the
    /// output lines are the progress, the last line is the UPID, and when the wait ends early (the
    /// timeout, `wait: false`, a cancelled call) stopping the command leaves the task running — it
    /// is then found in the node's active task list, and stopped when the call was cancelled.
    package func run(asking hostName: String?, in context: ToolContext, build: (GuestLocation) throws -> String) async throws -> GuestOperationResult {
        guard GuestSelection.vmidRange.contains(vmid) else {
            throw Failure.invalidArgument("vmid must be between 100 and 999999999, got \(vmid)")
        }
        let asked = try context.inventory.host(named: hostName)
        let guest = try await GuestLocation.find(vmid, asking: asked, in: context)
        let host = context.inventory.host(forNode: guest.node) ?? asked
        let command = try build(guest)
        // The host's policy decides, and asks a person where it says `ask` (a hard `stop`, …).
        let authorization = await context.authorize(command, on: host, timeout: Double(timeout.components.seconds))
        if let reason = authorization.refusal {
            throw Failure(.blocked, "\(host.alias) refused `\(command)`: \(reason)")
        }
        let verdict = authorization.verdict
        var runContext = context
        if let progress = context.progress {
            runContext.outputSink = OutputLineProgress(progress: { line in
                // `TASK OK`/`TASK ERROR` ends the log; the result reports it.
                if !line.hasPrefix("TASK ") && !line.hasPrefix("UPID:") { await progress(line) }
            }).sink
        }
        let seconds = wait ? Double(timeout.components.seconds) : Self.startWindow
        let deadline = ContinuousClock.now + .seconds(seconds)
        // The host's `timeout` may end the foreground command before `seconds`; the wait then
        // goes on by polling the task (below).
        // No containment: the command is fixed (built from validated input), and what it does
        // happens through pmxcfs and the Proxmox daemons, which a read-only namespace would refuse.
        let output = try await runContext.run(authorization, on: host, timeout: seconds, containment: Containment.none)
        let cancelled = Task.isCancelled
        let tasks = TaskLocator(node: guest.node, host: host, vmid: vmid, types: taskTypes(guest), context: context)

        var result = GuestOperationResult(host: host.alias, vmid: vmid, guestType: guest.type, node: guest.node, operation: operation,
                                          command: command, upid: "", finished: false, cancelled: false, status: "running",
                                          state: .running, log: [])
        let printed = output.stdout.split(whereSeparator: \.isNewline).last.map { String($0.strippingPadding()).trimmingQuotes } ?? ""
        if !output.timedOut, !cancelled, let upid = UPID(printed) {
            // The task ran to its end in the foreground (pvesh may exit non-zero when it failed).
            result.upid = upid.text
            try await tasks.complete(&result, upid: upid)
            return result
        }
        if !output.timedOut && !cancelled {
            // pvesh failed before or while starting the task (no such guest, locked, bad storage…).
            throw output.failure(command, on: host)
        }
        // The wait ended first; the task goes on in its own session on the node.
        guard let upid = await tasks.newestRunning() else {
            throw Failure(.taskNotFound, "`\(command)` on \(host.alias) was stopped before it finished, and no running \(operation) task of \(vmid) is listed on \(guest.node); check proxmox_list_tasks with vmid \(vmid)")
        }
        result.upid = upid.text
        result.log = output.stdout.split(whereSeparator: \.isNewline).suffix(20).map(String.init)
        if !cancelled && wait && ContinuousClock.now < deadline {
            if try await tasks.follow(&result, upid: upid, until: deadline) { return result }
        }
        if cancelled || Task.isCancelled {
            result.cancelled = true
            result.log.append(await tasks.stop(upid)
                ? "proxmox-tools: the call was cancelled; the task was asked to stop"
                : "proxmox-tools: the call was cancelled, but stopping the task failed; it may still run")
        }
        return result
    }
}

extension String {
    var trimmingQuotes: String {
        hasPrefix("\"") && hasSuffix("\"") && count >= 2 ? String(dropFirst().dropLast()) : self
    }
}
