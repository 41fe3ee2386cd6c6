/// One task from `pvesh get /nodes/NODE/tasks --output-format json` (pve-manager
/// `PVE/API2/Tasks.pm` `node_tasks`): finished tasks from the index file, running ones (with
/// `--source active|all`) with status `RUNNING`.
public struct ProxmoxTask: Codable, Sendable, Hashable {
    /// How the task ended, from its status text (pve-common `upid_normalize_status_type`).
    public enum State: String, Codable, Sendable, CaseIterable {
        case running, ok, warning, error
    }

    public var upid: String
    public var node: String
    public var type: String
    /// The guest or object the task works on (`101`, `local-lvm`); absent when Proxmox leaves it empty.
    public var id: String?
    public var user: String
    /// Set when an API token started the task; `user` then holds the user part only.
    public var tokenid: String?
    public var startTime: Int
    public var startedAt: String
    public var endTime: Int?
    /// `RUNNING`, `OK`, `WARNINGS: <n>` or the error text (`start failed: QEMU exited with code 1`).
    public var status: String
    public var state: State

    private struct Raw: Decodable {
        var upid: String?
        var node: String?
        var type: String?
        var id: String?
        var user: String?
        var tokenid: String?
        var starttime: Int?
        var endtime: Int?
        var status: String?
    }

    static let command = "pvesh get /nodes/{node}/tasks --output-format json"

    /// Parses the task list. Entries keep pvesh's order; a missing status means still running.
    public static func parseList(json stdout: String) throws(ParseError) -> [ProxmoxTask] {
        let raws = try PveshJSON.decode([Raw].self, from: stdout, command: command,
                                        expected: "a JSON array of tasks like [{\"upid\":…,\"starttime\":…}]")
        var tasks: [ProxmoxTask] = []
        for (index, raw) in raws.enumerated() {
            guard let upid = raw.upid, let parsed = UPID(upid) else {
                throw ParseError(command: command, line: 1, text: raw.upid,
                                 expected: "a task (entry \(index + 1)) whose upid looks like \(UPID.example)")
            }
            let status = raw.status ?? "RUNNING"
            let start = raw.starttime ?? parsed.startTime
            let id = raw.id ?? parsed.id
            tasks.append(ProxmoxTask(
                upid: upid, node: raw.node ?? parsed.node, type: raw.type ?? parsed.type, id: id.isEmpty ? nil : id,
                user: raw.user ?? parsed.user, tokenid: raw.tokenid, startTime: start, startedAt: isoTime(start),
                endTime: raw.endtime, status: status, state: state(of: status)))
        }
        return tasks
    }

    /// pve-common `upid_normalize_status_type`: OK → ok, `WARNINGS: n` → warning, anything else error.
    static func state(of status: String) -> State {
        switch status {
        case "RUNNING": .running
        case "OK": .ok
        case let text where text.hasPrefix("WARNINGS"): .warning
        default: .error
        }
    }
}

/// `pvesh get /nodes/NODE/tasks/UPID/status` and `…/log` (pve-manager `read_task_status`,
/// `read_task_log`): whether the task still runs, how it ended, and its log lines.
public struct TaskLog: Codable, Sendable, Hashable {
    public var upid: String
    public var node: String
    public var type: String
    public var id: String?
    public var user: String
    public var startTime: Int
    public var startedAt: String
    /// `running` or `stopped`.
    public var status: String
    /// How a stopped task ended: `OK`, `WARNINGS: n` or the error; absent while running.
    public var exitStatus: String?
    public var state: ProxmoxTask.State
    /// Lines in the log file (the log may have more than `lines` holds).
    public var totalLines: Int
    /// The last lines of the log, oldest first.
    public var lines: [String]
    /// True when `lines` is only the tail of the log.
    public var truncated: Bool

    package struct RawStatus: Decodable {
        package var status: String?
        var exitstatus: String?
    }

    package struct RawLine: Decodable {
        var n: Int?
        package var t: String?
    }

    /// Combines the two answers; keeps the last `tail` lines. Proxmox answers an empty log with
    /// one line `no content` (an ExtJS workaround in `dump_logfile`), which is dropped here.
    public static func parse(upid: UPID, statusJSON: String, logJSON: String, tail: Int) throws(ParseError) -> TaskLog {
        let status = try PveshJSON.decode(RawStatus.self, from: statusJSON, command: "pvesh get /nodes/{node}/tasks/{upid}/status",
                                          expected: "one JSON object like {\"status\":\"stopped\",\"exitstatus\":\"OK\"}")
        let raw = try PveshJSON.decode([RawLine].self, from: logJSON, command: "pvesh get /nodes/{node}/tasks/{upid}/log",
                                       expected: "a JSON array of log lines like [{\"n\":1,\"t\":\"…\"}]")
        var lines = raw.compactMap(\.t)
        if lines == ["no content"] { lines = [] }
        let running = status.status == "running"
        let state: ProxmoxTask.State = running ? .running : ProxmoxTask.state(of: status.exitstatus ?? "unknown")
        return TaskLog(
            upid: upid.text, node: upid.node, type: upid.type, id: upid.id.isEmpty ? nil : upid.id, user: upid.user,
            startTime: upid.startTime, startedAt: isoTime(upid.startTime), status: status.status ?? "unknown",
            exitStatus: running ? nil : status.exitstatus, state: state, totalLines: lines.count,
            lines: Array(lines.suffix(tail)), truncated: lines.count > tail)
    }
}
