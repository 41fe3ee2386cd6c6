import MCP
import ProxmoxModel
import ProxmoxParsing
import ToolKit

/// Recent systemd journal entries of one node (`journalctl -o json`), filtered and capped.
public struct ReadJournal: Tool {
    public struct Input: Decodable, Sendable {
        public var host: String?
        public var unit: String?
        public var since: String?
        public var lines: Int?
        public var priority: Priority?
    }

    /// journalctl's priority names; `-p err` shows err and everything more severe.
    public enum Priority: String, Decodable, Sendable, CaseIterable {
        case emerg, alert, crit, err, warning, notice, info, debug
    }

    public struct Output: ToolOutput {
        public var host: String
        public var entries: [JournalEntry]
        /// True when `lines` entries came back (there may be older ones).
        public var capped: Bool
    }

    public static let definition = ToolDefinition(
        name: "proxmox_journal",
        title: "System journal",
        description: """
            Read the newest entries of one node's systemd journal (`journalctl -o json`): time, \
            priority (0 emerg … 7 debug), unit, identifier, pid and message (cut at 4096 characters). \
            Filters: unit (e.g. pveproxy.service, pve-ha-lrm, corosync), since (journalctl time: \
            "2025-12-02 09:00", "-1h", "yesterday", "today"), priority (err shows err and worse), lines \
            (default 100, max 1000). Oldest first. Use it to see why a service or task failed. Read-only.
            """,
        inputSchema: JSONSchema.object(
            [
                "host": OpsSchema.host,
                "unit": JSONSchema.string("A systemd unit, e.g. pveproxy.service or pve-ha-lrm.", minLength: 1),
                "since": JSONSchema.string("journalctl --since value: \"2025-12-02 09:00\", \"-2h\", \"yesterday\".", minLength: 1),
                "lines": JSONSchema.integer("Newest entries to return (default 100).", minimum: 1, maximum: 1000),
                "priority": JSONSchema.string("Only this priority and more severe.", oneOf: Priority.allCases.map(\.rawValue)),
            ]),
        outputSchema: JSONSchema.object(
            [
                "host": JSONSchema.string("Node alias that answered."),
                "entries": JSONSchema.array(of: JSONSchema.object(
                    [
                        "timeMicros": JSONSchema.integer("Microseconds since the epoch."), "time": OpsSchema.iso,
                        "priority": JSONSchema.integer("0 emerg … 7 debug."), "unit": JSONSchema.string(),
                        "identifier": JSONSchema.string(), "pid": JSONSchema.integer(), "message": JSONSchema.string(),
                        "messageTruncated": JSONSchema.boolean(),
                    ],
                    required: ["message", "messageTruncated"]), description: "Oldest first."),
                "capped": JSONSchema.boolean("true: as many entries as asked for came back; older ones exist."),
            ],
            required: ["host", "entries", "capped"]),
        hints: .readOnlyHelper,
        examples: [[:], ["host": "pve2"]])

    public init() {}

    /// Unit names: systemd's characters (letters, digits, `:-_.\@`) minus the backslash.
    static func isValidUnit(_ unit: String) -> Bool {
        unit.count <= 256 && !unit.hasPrefix("-") && unit.wholeMatch(of: /[A-Za-z0-9:_.@-]+/) != nil
    }

    /// journalctl time specs: dates, times, `-1h`, `2 hours ago`, `yesterday`. No quotes or shell characters.
    static func isValidSince(_ since: String) -> Bool {
        since.count <= 64 && since.wholeMatch(of: /[0-9A-Za-z :+.\-]+/) != nil
    }

    static func command(unit: String?, since: String?, lines: Int, priority: Priority?) -> FixedCommand {
        var command: FixedCommand = "journalctl -o json --no-pager --quiet --lines \(lines)"
        if let unit { command += " --unit \(quoted: unit)" }
        if let since { command += " --since \(quoted: since)" }
        if let priority { command += " --priority \(priority)" }
        return command
    }

    public func call(_ input: Input, in context: ToolContext) async throws -> Output {
        if let unit = input.unit, !Self.isValidUnit(unit) {
            throw Failure.invalidArgument("unit must be a systemd unit name like pveproxy.service (letters, digits, : _ . @ -), got \"\(unit.prefix(60))\"")
        }
        if let since = input.since, !Self.isValidSince(since) {
            throw Failure.invalidArgument("since must be a journalctl time like \"2025-12-02 09:00\", \"-1h\" or \"yesterday\" (letters, digits, space, : + . -), got \"\(since.prefix(60))\"")
        }
        let host = try context.inventory.host(named: input.host)
        let lines = input.lines ?? 100
        // unit and since matched the patterns above (no quote or shell character) and are single-quoted.
        let command = Self.command(unit: input.unit, since: input.since, lines: lines, priority: input.priority)
        let output = try await context.run(command, on: host).requireSuccess(command, on: host)
        let entries = try parsing { () throws(ParseError) in try JournalEntry.parse(output.stdout) }
        return Output(host: host.alias, entries: Array(entries.suffix(lines)), capped: entries.count >= lines)
    }
}
