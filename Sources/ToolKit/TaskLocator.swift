import ProxmoxModel
import ProxmoxParsing

/// Finds, reads and stops the task a guest operation started.
package struct TaskLocator: Sendable {
    /// The most lines of a task log read at once (`proxmox_task_log` returns the last `lines`).
    package static let logReadLimit = 5000

    var node: String
    var host: InventoryHost
    var vmid: Int
    var types: Set<String>
    var context: ToolContext

    /// Fills in how the finished task ended and its log tail.
    func complete(_ result: inout GuestOperationResult, upid: UPID) async throws {
        let path = "/nodes/\(upid.node)/tasks/\(upid.text)"
        let statusCommand: FixedCommand = "pvesh get \(quoted: path + "/status") --output-format json"
        let logCommand: FixedCommand = "pvesh get \(quoted: path + "/log") --output-format json --limit \(Self.logReadLimit)"
        let statusText = try await context.run(statusCommand, on: host).requireSuccess(statusCommand, on: host).stdout
        let logText = try await context.run(logCommand, on: host).requireSuccess(logCommand, on: host).stdout
        let log = try parsing { () throws(ParseError) in try TaskLog.parse(upid: upid, statusJSON: statusText, logJSON: logText, tail: 20) }
        result.finished = log.status != "running"
        result.status = log.status
        result.exitStatus = log.exitStatus
        result.state = log.state
        result.log = log.lines
    }

    /// Polls the task until it ends (then `result` is complete and this returns true), the deadline
    /// passes, or the call is cancelled (both: false, `result.log` holds the latest lines). Each
    /// new log line goes to `context.progress`.
    func follow(_ result: inout GuestOperationResult, upid: UPID, until deadline: ContinuousClock.Instant) async throws -> Bool {
        let path = "/nodes/\(upid.node)/tasks/\(upid.text)"
        let statusCommand: FixedCommand = "pvesh get \(quoted: path + "/status") --output-format json"
        var seen = 0
        var lines: [String] = []
        while !Task.isCancelled {
            let text = try await context.run(statusCommand, on: host).requireSuccess(statusCommand, on: host).stdout
            let status = try parsing { () throws(ParseError) in
                try PveshJSON.decode(TaskLog.RawStatus.self, from: text, command: statusCommand.text, expected: "one JSON object like {\"status\":\"running\"}")
            }
            if status.status == "stopped" {
                try await complete(&result, upid: upid)
                return true
            }
            let logCommand: FixedCommand = "pvesh get \(quoted: path + "/log") --output-format json --start \(seen) --limit 500"
            if let text = try? await context.run(logCommand, on: host).stdout,
               let new = try? PveshJSON.decode([TaskLog.RawLine].self, from: text, command: logCommand.text, expected: "") {
                let texts = new.compactMap(\.t).filter { $0 != "no content" }
                seen += texts.count
                lines = Array((lines + texts).suffix(20))
                if let latest = texts.last(where: { !$0.hasPrefix("TASK ") }), let progress = context.progress { await progress(latest) }
            }
            result.log = lines
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .seconds(1))
        }
        return false
    }

    /// The newest running task of this guest and type on the node, once it is listed (a
    /// stopped foreground command may have left it a moment before).
    func newestRunning() async -> UPID? {
        let command: FixedCommand = "pvesh get /nodes/\(word: node)/tasks --output-format json --source active --vmid \(vmid) --limit 50"
        for _ in 0..<10 {
            if let output = await detached({ try await context.run(command, on: host) }), output.succeeded,
               let tasks = try? ProxmoxTask.parseList(json: output.stdout),
               let newest = tasks.filter({ $0.state == .running && types.contains($0.type) && $0.id == String(vmid) })
                   .max(by: { $0.startTime < $1.startTime }) {
                return UPID(newest.upid)
            }
            _ = await detached { try await Task.sleep(for: .milliseconds(300)) }
        }
        return nil
    }

    /// Runs `body` outside the caller's task, which may be cancelled; nil when it throws.
    private func detached<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async -> T? {
        try? await Task { try await body() }.value
    }

    /// Stops the task as the GUI's Stop button does. Runs in a task of its own: the caller's task
    /// may be cancelled. A fixed command for the task this call started; the operation passed the policy.
    func stop(_ upid: UPID) async -> Bool {
        let command: FixedCommand = "pvesh delete \(quoted: "/nodes/\(upid.node)/tasks/\(upid.text)")"
        let (host, context) = (host, context)
        return await Task {
            (try? await context.run(command, on: host, reason: "stopping the task of a cancelled call").succeeded) ?? false
        }.value
    }
}
