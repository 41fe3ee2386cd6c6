import MCP
import ProxmoxParsing
import ToolKit
import ProxmoxModel

/// Status and log of one Proxmox task, by UPID; the node comes from the UPID.
public struct GetTaskLog: Tool {
    public struct Input: Decodable, Sendable {
        public var upid: String
        public var lines: Int?
        public var host: String?
    }

    public struct Output: ToolOutput {
        public var host: String
        public var task: TaskLog
    }

    /// The most lines read from a log; the last `lines` of them are returned.
    static let readLimit = TaskLocator.logReadLimit

    public static let definition = ToolDefinition(
        name: "proxmox_task_log",
        title: "Task log",
        description: """
            Show one Proxmox task by its UPID (from proxmox_list_tasks or an operation's result): \
            whether it still runs, its exit status (OK, WARNINGS: n, or the error), state, and the \
            last lines of its log (default 50, max 1000; totalLines and truncated say how much more \
            there is). The node is taken from the UPID (UPID:<node>:…); the call runs on the inventory \
            host of that name, or through host (default: the default node), which pvesh proxies. \
            Read-only.
            """,
        inputSchema: JSONSchema.object(
            [
                "upid": JSONSchema.string("The task's UPID, e.g. \(UPID.example)", minLength: 10),
                "lines": JSONSchema.integer("How many of the last log lines to return (default 50).", minimum: 1, maximum: 1000),
                "host": JSONSchema.string(
                    "The node to ask when no inventory alias equals the UPID's node name (pvesh forwards the call). Default: that alias, else the default node.",
                    minLength: 1),
            ],
            required: ["upid"]),
        outputSchema: JSONSchema.object(
            [
                "host": JSONSchema.string("Node alias that answered."),
                "task": JSONSchema.object(
                    [
                        "upid": JSONSchema.string(), "node": JSONSchema.string(), "type": JSONSchema.string(),
                        "id": JSONSchema.string(), "user": JSONSchema.string(),
                        "startTime": OpsSchema.epoch, "startedAt": OpsSchema.iso,
                        "status": JSONSchema.string("running or stopped."),
                        "exitStatus": JSONSchema.string("OK, WARNINGS: n or the error; absent while running."),
                        "state": OpsSchema.taskState,
                        "totalLines": JSONSchema.integer("Lines in the log."),
                        "lines": JSONSchema.array(of: JSONSchema.string(), description: "The last lines, oldest first."),
                        "truncated": JSONSchema.boolean("True when lines holds only the tail of the log."),
                    ],
                    required: ["upid", "node", "type", "user", "startTime", "startedAt", "status", "state", "totalLines", "lines", "truncated"]),
            ],
            required: ["host", "task"]),
        hints: .readOnlyHelper,
        examples: [["upid": "UPID:pve1:00257650:05704D0D:692CDA83:vzdump::root@pam:"],
                   ["upid": "UPID:pve1:001EB2E1:04A989D9:692ADDAE:qmstart:102:root@pam:", "lines": 1]])

    public init() {}

    public func call(_ input: Input, in context: ToolContext) async throws -> Output {
        guard let upid = UPID(input.upid) else {
            throw Failure.invalidArgument(
                "upid is not a Proxmox task ID: expected UPID:<node>:<pid>:<pstart>:<starttime>:<type>:<id>:<user>: like \(UPID.example), got \"\(input.upid.prefix(80))\"")
        }
        let host = try input.host.map { try context.inventory.host(named: $0) }
            ?? context.inventory.host(forNode: upid.node) ?? context.inventory.host(named: nil)
        // The UPID matched a strict pattern (no quote, space or shell character), and is single-quoted.
        let path = "/nodes/\(upid.node)/tasks/\(upid.text)"
        let statusCommand: FixedCommand = "pvesh get \(quoted: path + "/status") --output-format json"
        let logCommand: FixedCommand = "pvesh get \(quoted: path + "/log") --output-format json --limit \(Self.readLimit)"
        async let status = context.run(statusCommand, on: host)
        async let log = context.run(logCommand, on: host)
        let statusText = try await status.requireSuccess(statusCommand, on: host).stdout
        let logText = try await log.requireSuccess(logCommand, on: host).stdout
        let task = try parsing { () throws(ParseError) in
            try TaskLog.parse(upid: upid, statusJSON: statusText, logJSON: logText, tail: input.lines ?? 50)
        }
        return Output(host: host.alias, task: task)
    }
}
