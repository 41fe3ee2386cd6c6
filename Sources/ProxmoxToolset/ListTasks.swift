import MCP
import Foundation
import ProxmoxModel
import ProxmoxParsing
import ToolKit

/// The Proxmox task list of one node, several, or every node: what ran, who started it, how it ended.
public struct ListTasks: Tool {
    public struct Input: Decodable, Sendable {
        public var host: String?
        public var hosts: [String]?
        public var running: Bool?
        public var errorsOnly: Bool?
        public var vmid: Int?
        public var since: TimeBound?
        public var limit: Int?
    }

    /// `since`: epoch seconds or an ISO 8601 date/time.
    public enum TimeBound: Decodable, Sendable {
        case epoch(Int)
        case text(String)

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Int.self) { self = .epoch(number) } else { self = .text(try container.decode(String.self)) }
        }

        func epochSeconds() throws(Failure) -> Int {
            switch self {
            case .epoch(let seconds): return seconds
            case .text(let text):
                let full = ISO8601DateFormatter()
                let day = ISO8601DateFormatter()
                day.formatOptions = [.withFullDate]
                if let date = full.date(from: text) ?? day.date(from: text) { return Int(date.timeIntervalSince1970) }
                throw .invalidArgument("since must be UNIX seconds or an ISO 8601 time like 2025-12-01T22:00:00Z or 2025-12-01, got \"\(text.prefix(40))\"")
            }
        }
    }

    public typealias Output = FanOutOutput<[ProxmoxTask]>

    public static let definition = ToolDefinition(
        name: "proxmox_list_tasks",
        title: "Task history",
        description: """
            List Proxmox tasks (backups, starts, migrations, snapshots, updates, …) per node, newest \
            first (`pvesh get /nodes/NODE/tasks`): UPID, type (vzdump, qmstart, qmigrate, …), id (the \
            guest), user, start/end time, status text (OK, WARNINGS: n, or the error) and state \
            (running/ok/warning/error). Running tasks are included. Filters: running (only tasks still \
            running), errorsOnly (warnings and errors), vmid, since (UNIX seconds or ISO 8601), limit \
            (per node, default 50, max 500). Use proxmox_task_log with a UPID to read what a task \
            printed. With no host/hosts every node is asked concurrently; one entry per node, {host, ok: \
            true, tasks: [...]} or {host, ok: false, error, message}. Read-only.
            """,
        inputSchema: JSONSchema.object(NodeSelection.schemaProperties.merging([
            "running": JSONSchema.boolean("Only tasks that are still running."),
            "errorsOnly": JSONSchema.boolean("Only tasks that ended with warnings or an error."),
            "vmid": OpsSchema.vmidFilter,
            "since": .object(["type": ["integer", "string"], "description":
                "Only tasks started at or after this time: UNIX seconds, or ISO 8601 (2025-12-01T22:00:00Z, 2025-12-01)."]),
            "limit": JSONSchema.integer("At most this many tasks per node (default 50).", minimum: 1, maximum: 500),
        ]) { $1 }),
        outputSchema: JSONSchema.fanOut(key: "tasks", value: JSONSchema.array(of: taskSchema),
                                        description: "One entry per node asked, in inventory order."),
        hints: .readOnlyHelper,
        examples: [[:], ["running": true, "hosts": ["tag:prod"]]])

    static let taskSchema: Value = JSONSchema.object(
        [
            "upid": JSONSchema.string("The task's ID; pass it to proxmox_task_log."),
            "node": JSONSchema.string("Proxmox node name."),
            "type": JSONSchema.string("vzdump, qmstart, qmigrate, qmsnapshot, aptupdate, …"),
            "id": JSONSchema.string("Guest ID or object; absent when empty."),
            "user": JSONSchema.string(),
            "tokenid": JSONSchema.string("API token that started it, if any."),
            "startTime": OpsSchema.epoch, "startedAt": OpsSchema.iso,
            "endTime": JSONSchema.integer("UNIX time the task ended; absent while running."),
            "status": JSONSchema.string("RUNNING, OK, WARNINGS: n, or the error text."),
            "state": OpsSchema.taskState,
        ],
        required: ["upid", "node", "type", "user", "startTime", "startedAt", "status", "state"])

    public init() {}

    /// The pvesh call: filters go to Proxmox (so `limit` counts matching tasks) and are applied
    /// again to the answer, which keeps the result right whatever the node's version supports.
    static func command(source: String, limit: Int, errorsOnly: Bool, vmid: Int?, since: Int?) -> FixedCommand {
        var command: FixedCommand = "pvesh get /nodes/localhost/tasks --output-format json --source \(word: source) --limit \(limit)"
        if errorsOnly { command += " --errors 1" }
        if let vmid { command += " --vmid \(vmid)" }
        if let since { command += " --since \(since)" }
        return command
    }

    public func call(_ input: Input, in context: ToolContext) async throws -> Output {
        let selection = NodeSelection(host: input.host, hosts: input.hosts)
        let hosts = try selection.resolve(in: context.inventory)
        let since = try input.since?.epochSeconds()
        let limit = input.limit ?? 50
        let running = input.running ?? false, errorsOnly = input.errorsOnly ?? false
        // Integers only, from a validated input: safe to put on the command line as is.
        let command = Self.command(source: running ? "active" : "all", limit: limit, errorsOnly: errorsOnly,
                                   vmid: input.vmid, since: since)
        return FanOutOutput(nodes: await context.fanOut(hosts, key: "tasks") { host in
            let output = try await context.run(command, on: host).requireSuccess(command, on: host)
            let tasks = try parsing { () throws(ParseError) in try ProxmoxTask.parseList(json: output.stdout) }
            let kept = tasks.filter { task in
                (!running || task.state == .running)
                    && (!errorsOnly || task.state == .warning || task.state == .error)
                    && (input.vmid.map { task.id == String($0) } ?? true)
                    && (since.map { task.startTime >= $0 } ?? true)
            }
            // Running tasks first, then newest first: the active list and the archive are each
            // newest first, but concatenated they are not.
            return Array(kept.sorted { ($0.state == .running ? 1 : 0, $0.startTime) > ($1.state == .running ? 1 : 0, $1.startTime) }.prefix(limit))
        })
    }
}
