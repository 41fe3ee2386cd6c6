import ArgumentParser
import Foundation
import ProxmoxToolset
import MCP

/// Friendly verbs for the everyday read-only helpers: a table by default, `--json` for the tool's
/// structured result. Each is a thin view over one registry tool.
struct VMsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vms", abstract: "List VMs on every node (or --host / the given aliases and tag:NAME selectors).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Node aliases or tag:NAME selectors (default: every node).") var nodes: [String] = []

    func run() async throws {
        try await FanOutTable(tool: ListVMs.definition.name, key: "vms", columns: [
            Column("VMID") { TableRenderer.text($0["vmid"]) },
            Column("NAME") { TableRenderer.text($0["name"]) },
            Column("STATUS") { TableRenderer.text($0["status"]) },
            Column("MEM(MB)") { TableRenderer.text($0["memoryMB"]) },
            Column("BOOTDISK(GB)") { $0["bootDiskGB"].flatMap(TableRenderer.number).map { String(format: "%.2f", $0) } ?? "-" },
            Column("PID") { TableRenderer.text($0["pid"]) },
        ]).run(global: global, selectors: nodes)
    }
}

struct ContainersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "containers", abstract: "List containers on every node (or --host / the given nodes).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Node aliases or tag:NAME selectors (default: every node).") var nodes: [String] = []

    func run() async throws {
        try await FanOutTable(tool: ListContainers.definition.name, key: "containers", columns: [
            Column("VMID") { TableRenderer.text($0["vmid"]) },
            Column("STATUS") { TableRenderer.text($0["status"]) },
            Column("LOCK") { $0["lock"].map { TableRenderer.text($0) } ?? "" },
            Column("NAME") { TableRenderer.text($0["name"]) },
        ]).run(global: global, selectors: nodes)
    }
}

struct StorageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "storage", abstract: "Storage status (pvesm status) on every node (or --host / the given nodes).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Node aliases or tag:NAME selectors (default: every node).") var nodes: [String] = []

    func run() async throws {
        let kib: (Value?) -> String = { value in
            value.flatMap(TableRenderer.number).map { TableRenderer.bytes(.double($0 * 1024)) } ?? "-"
        }
        try await FanOutTable(tool: GetStorageStatus.definition.name, key: "storage", columns: [
            Column("NAME") { TableRenderer.text($0["name"]) },
            Column("TYPE") { TableRenderer.text($0["type"]) },
            Column("STATUS") { TableRenderer.text($0["status"]) },
            Column("TOTAL") { kib($0["totalKiB"]) },
            Column("USED") { kib($0["usedKiB"]) },
            Column("AVAIL") { kib($0["availableKiB"]) },
            Column("USE%") { $0["usedPercent"].flatMap(TableRenderer.number).map { String(format: "%.1f%%", $0) } ?? "-" },
        ]).run(global: global, selectors: nodes)
    }
}

struct NodeStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Node status: version, uptime, load, memory, root fs (every node, or --host / the given nodes).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Node aliases or tag:NAME selectors (default: every node).") var nodes: [String] = []

    func run() async throws {
        let usage: (Value?) -> String = { figures in
            "\(TableRenderer.bytes(figures?["used"])) / \(TableRenderer.bytes(figures?["total"]))"
        }
        try await FanOutTable(tool: GetNodeStatus.definition.name, key: "node", alwaysShowNode: true, columns: [
            Column("VERSION") { TableRenderer.text($0["version"]?["version"]) },
            Column("KERNEL") { TableRenderer.text($0["version"]?["kernel"]) },
            Column("UPTIME") { TableRenderer.duration($0["status"]?["uptime"]) },
            Column("LOAD") { node in
                node["status"]?["loadavg"]?.arrayValue.map { $0.map { TableRenderer.text($0) }.joined(separator: " ") } ?? "-"
            },
            Column("MEMORY") { usage($0["status"]?["memory"]) },
            Column("ROOTFS") { usage($0["status"]?["rootfs"]) },
        ]).run(global: global, selectors: nodes)
    }
}

struct ClusterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster", abstract: "Cluster quorum, votes and members (pvecm status) as one node (--host) sees it.")
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        var arguments: [String: Value] = [:]
        if let host = global.host { arguments["host"] = .string(host) }
        let outcome = try await CLIToolSession(global: global).callAndClose(GetClusterStatus.definition.name, arguments)
        if global.json { print(outcome.json) }
        guard !outcome.isError else {
            if !global.json { FileHandle.standardError.write(Data("proxmox-tools: \(TableRenderer.text(outcome.structured["message"]))\n".utf8)) }
            throw ExitCode(ExitStatus.failure)
        }
        guard !global.json, let cluster = outcome.structured["cluster"] else { return }
        let host = TableRenderer.text(outcome.structured["host"])
        if cluster["standalone"] == true {
            print("\(host) is a standalone node (not part of a cluster).")
            return
        }
        print("Cluster \(TableRenderer.text(cluster["clusterName"])) as seen from \(host): "
              + (cluster["quorate"] == true ? "quorate" : "NOT QUORATE"))
        print("Votes: \(TableRenderer.text(cluster["totalVotes"])) of \(TableRenderer.text(cluster["expectedVotes"])) expected, "
              + "quorum \(TableRenderer.text(cluster["quorum"])); flags: \(cluster["flags"]?.arrayValue?.map { TableRenderer.text($0) }.joined(separator: " ") ?? "-")")
        let members = cluster["members"]?.arrayValue ?? []
        print(TableRenderer.render(header: ["NODEID", "VOTES", "ADDRESS", "LOCAL"], rows: members.map { member in
            [TableRenderer.text(member["nodeId"]), TableRenderer.text(member["votes"]), TableRenderer.text(member["name"]),
             member["isLocal"] == true ? "(local)" : ""]
        }))
    }
}

/// Calls a fan-out tool and prints one table over every node's rows: a NODE column when more than
/// one node answered, a failed node as a row carrying its error. Exit 255 if any node failed.
struct FanOutTable {
    struct Column {
        var header: String
        var cell: (Value) -> String
        init(_ header: String, _ cell: @escaping (Value) -> String) {
            self.header = header
            self.cell = cell
        }
    }

    var tool: String
    var key: String
    var alwaysShowNode = false
    var columns: [Column]
    /// The tool's other arguments (filters).
    var arguments: [String: Value] = [:]
    /// The rows of one node's value; default: the value under `key` (an array, or one object).
    var items: ((Value) -> [Value])? = nil

    func run(global: GlobalOptions, selectors: [String]) async throws {
        var arguments = self.arguments
        if let host = global.host { arguments["host"] = .string(host) }
        if !selectors.isEmpty { arguments["hosts"] = .array(selectors.map { .string($0) }) }
        let outcome = try await CLIToolSession(global: global).callAndClose(tool, arguments)
        guard let nodes = outcome.structured["nodes"]?.arrayValue else {
            // The call failed as a whole (unknown alias or tag, empty inventory).
            if global.json { print(outcome.json) } else {
                FileHandle.standardError.write(Data("proxmox-tools: \(TableRenderer.text(outcome.structured["message"]))\n".utf8))
            }
            throw ExitCode(ExitStatus.failure)
        }
        print(global.json ? outcome.json : table(nodes))
        if nodes.contains(where: { $0["ok"] != true }) { throw ExitCode(ExitStatus.failure) }
    }

    func table(_ nodes: [Value]) -> String {
        let showNode = alwaysShowNode || nodes.count > 1
        var rows: [[String]] = []
        for node in nodes {
            let prefix = showNode ? [TableRenderer.text(node["host"])] : []
            guard node["ok"] == true else {
                let message = TableRenderer.text(node["message"]).split(separator: "\n").first.map(String.init) ?? ""
                rows.append(prefix + ["error: \(TableRenderer.text(node["error"])): \(message)"])
                continue
            }
            let value = node[key] ?? .null
            let items = self.items?(value) ?? value.arrayValue ?? (value == .null ? [] : [value])
            rows += items.map { item in prefix + columns.map { $0.cell(item) } }
        }
        return TableRenderer.render(header: (showNode ? ["NODE"] : []) + columns.map(\.header), rows: rows)
    }
}

typealias Column = FanOutTable.Column
