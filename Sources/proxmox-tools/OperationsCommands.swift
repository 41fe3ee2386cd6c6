import ArgumentParser
import Foundation
import ProxmoxToolset
import MCP
import ToolKit

/// The verbs over the operations helpers: tables rendered from each tool's structured result,
/// `--json` for the result itself. Abstracts come from the registry's tool descriptions.
extension ToolsCommand {
    /// The tool's title and name, for a verb's `--help` (`Task history (proxmox_list_tasks)`).
    static func abstract(for tool: String) -> String {
        guard let definition = ToolRegistry.standard.tool(named: tool)?.definition else { return tool }
        return "\(definition.title) (\(tool)); --json prints the tool's result."
    }
}

extension TableRenderer {
    /// Epoch seconds → `2025-12-02 10:15` in local time.
    static func date(_ value: Value?) -> String {
        guard let seconds = value.flatMap(number) else { return "-" }
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }

    /// The first line of a text, at most `limit` characters.
    static func short(_ value: Value?, limit: Int = 60) -> String {
        let line = text(value).split(separator: "\n").first.map(String.init) ?? ""
        return line.count > limit ? String(line.prefix(limit - 1)) + "…" : line
    }
}

struct TasksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tasks", abstract: ToolsCommand.abstract(for: ListTasks.definition.name))
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Node aliases or tag:NAME selectors (default: every node).") var nodes: [String] = []
    @Flag(help: "Only tasks that are still running.") var running = false
    @Flag(help: "Only tasks that ended with warnings or an error.") var errors = false
    @Option(help: "Only tasks of this guest.") var vmid: Int?
    @Option(help: "Only tasks since this time (UNIX seconds or ISO 8601, e.g. 2025-12-01).") var since: String?
    @Option(help: "At most this many tasks per node.") var limit: Int?

    func run() async throws {
        var arguments: [String: Value] = [:]
        if running { arguments["running"] = true }
        if errors { arguments["errorsOnly"] = true }
        if let vmid { arguments["vmid"] = .int(vmid) }
        if let since { arguments["since"] = Int(since).map(Value.int) ?? .string(since) }
        if let limit { arguments["limit"] = .int(limit) }
        try await FanOutTable(tool: ListTasks.definition.name, key: "tasks", columns: [
            Column("STARTED") { TableRenderer.date($0["startTime"]) },
            Column("ENDED") { $0["endTime"].map { TableRenderer.date($0) } ?? "running" },
            Column("TYPE") { TableRenderer.text($0["type"]) },
            Column("ID") { TableRenderer.text($0["id"]) },
            Column("USER") { TableRenderer.text($0["user"]) },
            Column("STATUS") { TableRenderer.short($0["status"], limit: 50) },
            Column("UPID") { TableRenderer.text($0["upid"]) },
        ], arguments: arguments).run(global: global, selectors: nodes)
    }
}

struct TaskLogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "task-log", abstract: ToolsCommand.abstract(for: GetTaskLog.definition.name))
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The task's UPID (see `proxmox-tools tasks`).") var upid: String
    @Option(help: "How many of the last log lines to show.") var lines: Int?

    func run() async throws {
        var arguments: [String: Value] = ["upid": .string(upid)]
        if let host = global.host { arguments["host"] = .string(host) }
        if let lines { arguments["lines"] = .int(lines) }
        let outcome = try await CLIToolSession(global: global).callAndClose(GetTaskLog.definition.name, arguments)
        let task = try SingleResult.check(outcome, global: global, key: "task")
        print("\(TableRenderer.text(task["type"])) \(TableRenderer.text(task["id"])) on \(TableRenderer.text(task["node"])), "
              + "started \(TableRenderer.date(task["startTime"])) by \(TableRenderer.text(task["user"])): "
              + (task["status"] == "running" ? "running" : TableRenderer.text(task["exitStatus"])))
        if task["truncated"] == true { print("… (last \(task["lines"]?.arrayValue?.count ?? 0) of \(TableRenderer.text(task["totalLines"])) lines)") }
        for line in task["lines"]?.arrayValue ?? [] { print(TableRenderer.text(line)) }
    }
}

struct SnapshotsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "snapshots", abstract: ToolsCommand.abstract(for: ListSnapshots.definition.name))
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The guest's VMID.") var vmid: Int

    func run() async throws {
        var arguments: [String: Value] = ["vmid": .int(vmid)]
        if let host = global.host { arguments["host"] = .string(host) }
        let outcome = try await CLIToolSession(global: global).callAndClose(ListSnapshots.definition.name, arguments)
        let result = try SingleResult.check(outcome, global: global, key: nil)
        let kind = result["guestType"] == "lxc" ? "CT" : "VM"
        print("\(kind) \(vmid) \(TableRenderer.text(result["name"])) on \(TableRenderer.text(result["node"]))")
        let snapshots = result["snapshots"]?.arrayValue ?? []
        guard !snapshots.isEmpty else { print("no snapshots"); return }
        let current = result["currentParent"]
        print(TableRenderer.render(header: ["NAME", "TAKEN", "RAM", "DESCRIPTION"], rows: snapshots.map { snapshot in
            let indent = String(repeating: "  ", count: snapshot["depth"]?.intValue ?? 0)
            let marker = snapshot["name"] == current ? " ← current" : ""
            return [indent + TableRenderer.text(snapshot["name"]) + marker, TableRenderer.date(snapshot["time"]),
                    snapshot["vmstate"].map { TableRenderer.text($0) } ?? "-", TableRenderer.short(snapshot["description"])]
        }))
    }
}

struct BackupsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "backups", abstract: ToolsCommand.abstract(for: ListBackups.definition.name))
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Node aliases or tag:NAME selectors (default: every node).") var nodes: [String] = []
    @Option(help: "Only backups of this guest.") var vmid: Int?
    @Option(help: "Only this storage.") var storage: String?

    func run() async throws {
        var arguments: [String: Value] = [:]
        if let vmid { arguments["vmid"] = .int(vmid) }
        if let storage { arguments["storage"] = .string(storage) }
        try await FanOutTable(tool: ListBackups.definition.name, key: "storages", columns: [
            Column("STORAGE") { TableRenderer.text($0["storage"]) },
            Column("VMID") { TableRenderer.text($0["vmid"]) },
            Column("TAKEN") { $0["inactive"] == true ? "(storage offline)" : TableRenderer.date($0["time"]) },
            Column("SIZE") { TableRenderer.bytes($0["sizeBytes"]) },
            Column("FORMAT") { TableRenderer.text($0["format"]) },
            Column("PROTECTED") { $0["protected"] == true ? "yes" : "" },
            Column("NOTES") { TableRenderer.short($0["notes"], limit: 40) },
        ], arguments: arguments, items: { storages in
            (storages.arrayValue ?? []).flatMap { storage -> [Value] in
                let name = storage["storage"] ?? .null
                if storage["active"] == false { return [.object(["storage": name, "inactive": true])] }
                return (storage["backups"]?.arrayValue ?? []).map { backup in
                    var fields = backup.objectValue ?? [:]
                    fields["storage"] = name
                    return .object(fields)
                }
            }
        }).run(global: global, selectors: nodes)
    }
}

struct HACommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ha", abstract: ToolsCommand.abstract(for: GetHAStatus.definition.name))
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        var arguments: [String: Value] = [:]
        if let host = global.host { arguments["host"] = .string(host) }
        let outcome = try await CLIToolSession(global: global).callAndClose(GetHAStatus.definition.name, arguments)
        let ha = try SingleResult.check(outcome, global: global, key: "ha")
        print("Quorum (as \(TableRenderer.text(outcome.structured["host"])) sees it): \(TableRenderer.text(ha["quorumStatus"]))")
        print("Master: " + (ha["master"].map { "\(TableRenderer.text($0["node"])) (\(TableRenderer.text($0["state"])))" } ?? "none"))
        let lrms = ha["lrms"]?.arrayValue ?? []
        if !lrms.isEmpty {
            print(TableRenderer.render(header: ["LRM", "STATE"], rows: lrms.map { [TableRenderer.text($0["node"]), TableRenderer.text($0["state"])] }))
        }
        let resources = ha["resources"]?.arrayValue ?? []
        guard !resources.isEmpty else { print("No HA resources configured."); return }
        print(TableRenderer.render(header: ["RESOURCE", "NODE", "STATE", "REQUESTED"], rows: resources.map {
            [TableRenderer.text($0["sid"]), TableRenderer.text($0["node"]), TableRenderer.text($0["state"]), TableRenderer.text($0["requestState"])]
        }))
    }
}

struct ReplicationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "replication", abstract: ToolsCommand.abstract(for: GetReplicationStatus.definition.name))
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Node aliases or tag:NAME selectors (default: every node).") var nodes: [String] = []

    func run() async throws {
        try await FanOutTable(tool: GetReplicationStatus.definition.name, key: "jobs", columns: [
            Column("JOB") { TableRenderer.text($0["id"]) },
            Column("TARGET") { TableRenderer.text($0["target"]) },
            Column("ENABLED") { $0["enabled"] == false ? "no" : "yes" },
            Column("LAST SYNC") { TableRenderer.date($0["lastSync"]) },
            Column("NEXT SYNC") { TableRenderer.date($0["nextSync"]) },
            Column("DURATION") { $0["durationSeconds"].flatMap(TableRenderer.number).map { String(format: "%.1fs", $0) } ?? "-" },
            Column("FAILS") { TableRenderer.text($0["failCount"]) },
            Column("STATE") { TableRenderer.short($0["state"]) },
        ]).run(global: global, selectors: nodes)
    }
}

struct CephCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ceph", abstract: ToolsCommand.abstract(for: GetCephStatus.definition.name))
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Node aliases or tag:NAME selectors (default: every node).") var nodes: [String] = []

    func run() async throws {
        try await FanOutTable(tool: GetCephStatus.definition.name, key: "ceph", alwaysShowNode: true, columns: [
            Column("HEALTH") { $0["available"] == false ? TableRenderer.text($0["reason"]).replacingOccurrences(of: "_", with: " ") : TableRenderer.text($0["status"]?["health"]) },
            Column("MONS") { node in node["status"].map { "\($0["quorum"]?.arrayValue?.count ?? 0)/\($0["monitors"]?.arrayValue?.count ?? 0) in quorum" } ?? "-" },
            Column("OSDS") { node in node["status"]?["osds"].map { "\(TableRenderer.text($0["up"])) up, \(TableRenderer.text($0["in"])) in of \(TableRenderer.text($0["total"]))" } ?? "-" },
            Column("PGS") { node in node["status"]?["placementGroups"].map { "\(TableRenderer.text($0["byState"]?["active+clean"] ?? 0))/\(TableRenderer.text($0["total"])) active+clean" } ?? "-" },
            Column("USED") { node in node["status"]?["usage"].map { "\(TableRenderer.bytes($0["usedBytes"])) / \(TableRenderer.bytes($0["totalBytes"]))" } ?? "-" },
            Column("CHECKS") { node in (node["status"]?["checks"]?.arrayValue ?? []).map { TableRenderer.text($0["message"]) }.joined(separator: "; ") },
        ]).run(global: global, selectors: nodes)
    }
}

struct ZFSCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "zfs", abstract: ToolsCommand.abstract(for: GetZFSHealth.definition.name))
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Node aliases or tag:NAME selectors (default: every node).") var nodes: [String] = []

    func run() async throws {
        try await FanOutTable(tool: GetZFSHealth.definition.name, key: "zfs", alwaysShowNode: true, columns: [
            Column("POOL") { TableRenderer.text($0["name"]) },
            Column("HEALTH") { TableRenderer.text($0["health"]) },
            Column("SIZE") { TableRenderer.bytes($0["sizeBytes"]) },
            Column("ALLOC") { TableRenderer.bytes($0["allocatedBytes"]) },
            Column("FRAG") { $0["fragmentationPercent"].map { "\(TableRenderer.text($0))%" } ?? "-" },
            Column("CAP") { $0["capacityPercent"].map { "\(TableRenderer.text($0))%" } ?? "-" },
            Column("SCAN") { TableRenderer.short($0["scan"], limit: 48) },
            Column("ERRORS") { TableRenderer.text($0["errors"]) },
        ], items: { zfs in zfs["pools"]?.arrayValue ?? [] }).run(global: global, selectors: nodes)
    }
}

/// A single-object result: prints the JSON with `--json`, or the error and exit 255; returns the
/// value under `key` (the whole result when nil) for the text view.
enum SingleResult {
    static func check(_ outcome: ToolCallOutcome, global: GlobalOptions, key: String?) throws -> Value {
        if global.json {
            print(outcome.json)
            if outcome.isError { throw ExitCode(ExitStatus.failure) }
            throw ExitCode.success
        }
        guard !outcome.isError, let value = key.map({ outcome.structured[$0] }) ?? outcome.structured else {
            FileHandle.standardError.write(Data("proxmox-tools: \(TableRenderer.text(outcome.structured["message"]))\n".utf8))
            throw ExitCode(ExitStatus.failure)
        }
        return value
    }
}
