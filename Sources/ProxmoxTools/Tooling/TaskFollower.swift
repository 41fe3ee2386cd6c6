/// Follows a Proxmox task (by UPID) until it ends: polls its status and new log lines, reports the
/// latest line as progress, and stops the task when the call is cancelled.
struct TaskFollower: Sendable {
    var upid: UPID
    /// Where the pvesh calls run (pvesh forwards to the task's node when that is another one).
    var host: InventoryHost
    var context: ToolContext
    var pollInterval: Duration = .milliseconds(500)

    /// How it ended (or did not, within the wait).
    struct Outcome: Codable, Sendable, Hashable {
        /// The task ended (`exitStatus` tells how).
        var finished: Bool
        /// The call was cancelled and the task was asked to stop.
        var cancelled: Bool
        /// `running` or `stopped`.
        var status: String
        var exitStatus: String?
        var state: ProxmoxTask.State
        /// The last lines of the task log.
        var log: [String]
    }

    private var path: String { "'/nodes/\(upid.node)/tasks/\(upid.text)" }
    private var statusCommand: String { "pvesh get \(path)/status' --output-format json" }
    private func logCommand(start: Int) -> String { "pvesh get \(path)/log' --output-format json --start \(start) --limit 500" }
    private var stopCommand: String { "pvesh delete \(path)'" }

    /// Waits up to `timeout`; returns `finished: false` when the task still runs then (it keeps
    /// running on the node — follow it with proxmox_task_log). Cancellation stops the task.
    func follow(timeout: Duration, tail: Int = 20) async throws -> Outcome {
        let deadline = ContinuousClock.now + timeout
        var lines: [String] = []
        do {
            while true {
                let status = try await readStatus()
                lines += try await newLines(after: lines.count)
                if status.status != "running" {
                    let state: ProxmoxTask.State = ProxmoxTask.state(of: status.exitstatus ?? "unknown")
                    return Outcome(finished: true, cancelled: false, status: "stopped", exitStatus: status.exitstatus,
                                   state: state, log: Array(lines.suffix(tail)))
                }
                // `TASK OK`/`TASK ERROR` ends the log just before the task ends: the result reports it.
                if let latest = lines.last(where: { !$0.hasPrefix("TASK ") }), let progress = context.progress { await progress(latest) }
                guard ContinuousClock.now < deadline else {
                    return Outcome(finished: false, cancelled: false, status: "running", state: .running, log: Array(lines.suffix(tail)))
                }
                try await Task.sleep(for: pollInterval)
            }
        } catch {
            // Task.sleep throws CancellationError; a run cut short by the cancellation may throw
            // something else. Either way a cancelled call stops its task.
            if Task.isCancelled || error is CancellationError { return await stop(lines: lines, tail: tail) }
            throw error
        }
    }

    /// The call was cancelled: stop the Proxmox task (as the GUI's Stop button does) and say so.
    /// The stop runs in a task of its own because this one is cancelled.
    private func stop(lines: [String], tail: Int) async -> Outcome {
        let (command, host, context) = (stopCommand, host, context)
        let stopped = await Task {
            // A fixed command for the task this call started; the operation itself passed the policy.
            try? await context.run(command, on: host, reason: "stopping the task of a cancelled call").succeeded
        }.value
        var log = lines
        log.append(stopped == true ? "proxmox-tools: the call was cancelled; the task was asked to stop (\(command))"
                                   : "proxmox-tools: the call was cancelled, but stopping the task failed; it may still run")
        return Outcome(finished: false, cancelled: true, status: "running", state: .running, log: Array(log.suffix(tail)))
    }

    private func readStatus() async throws -> TaskLog.RawStatus {
        let output = try await context.run(statusCommand, on: host).requireSuccess(statusCommand, on: host)
        return try parsing { () throws(ParseError) in
            try PveshJSON.decode(TaskLog.RawStatus.self, from: output.stdout, command: "pvesh get /nodes/{node}/tasks/{upid}/status",
                                 expected: "one JSON object like {\"status\":\"running\"}")
        }
    }

    private func newLines(after count: Int) async throws -> [String] {
        let command = logCommand(start: count)
        let output = try await context.run(command, on: host).requireSuccess(command, on: host)
        guard let lines = try? PveshJSON.decode([TaskLog.RawLine].self, from: output.stdout, command: command, expected: "") else { return [] }
        let texts = lines.compactMap(\.t)
        return texts == ["no content"] ? [] : texts
    }
}
