import ArgumentParser
import Foundation
import ProxmoxToolset
import MCP

/// `power`, `snapshot`, `backup`: the guest operations, with the task log's latest line as a live
/// progress line on a terminal, then how the task ended and the end of its log.
enum GuestOperationRunner {
    static func run(_ tool: String, _ arguments: [String: Value], global: GlobalOptions) async throws {
        var arguments = arguments
        if let host = global.host { arguments["host"] = .string(host) }
        var session = try CLIToolSession(global: global)
        let live = !global.json && isatty(STDERR_FILENO) == 1
        if live {
            session.context.progress = { line in
                let shown = line.count > 150 ? String(line.prefix(149)) + "…" : line
                FileHandle.standardError.write(Data("\r\u{1B}[K\(shown)".utf8))
            }
        }
        let outcome = try await session.callAndClose(tool, arguments)
        if live { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        if global.json {
            print(outcome.json)
            if outcome.isError { throw ExitCode(ExitStatus.failure) }
            return
        }
        let result = outcome.structured
        guard let upid = result["upid"] else {
            FileHandle.standardError.write(Data("proxmox-tools: \(TableRenderer.text(result["message"]))\n".utf8))
            throw ExitCode(ExitStatus.failure)
        }
        let how: String
        if result["cancelled"] == true { how = "cancelled; the task was asked to stop" }
        else if result["finished"] == true { how = TableRenderer.text(result["exitStatus"]) }
        else { how = "still running (follow it: proxmox-tools task-log \(TableRenderer.text(upid)))" }
        print("\(TableRenderer.text(result["operation"])) of \(TableRenderer.text(result["vmid"])) on \(TableRenderer.text(result["node"])): \(how)")
        for line in (result["log"]?.arrayValue ?? []).suffix(5) { print("  \(TableRenderer.text(line))") }
        print("task: \(TableRenderer.text(upid))")
        if outcome.isError { throw ExitCode(ExitStatus.failure) }
    }
}

struct PowerCommand: AsyncParsableCommand {
    enum Action: String, ExpressibleByArgument, CaseIterable { case start, shutdown, reboot, stop, suspend, resume }

    static let configuration = CommandConfiguration(commandName: "power", abstract: ToolsCommand.abstract(for: GuestPower.definition.name))
    @OptionGroup var global: GlobalOptions
    @Argument(help: "start, shutdown, reboot, stop (hard power-off), suspend or resume.") var action: Action
    @Argument(help: "The guest's VMID.") var vmid: Int
    @Option(help: "Longest wait in seconds (shutdown: also Proxmox's own timeout).") var timeout: Int?
    @Flag(help: "Return as soon as the task has started.") var noWait = false

    func run() async throws {
        var arguments: [String: Value] = ["vmid": .int(vmid), "action": .string(action.rawValue)]
        if let timeout { arguments["timeoutSeconds"] = .int(timeout) }
        if noWait { arguments["wait"] = false }
        try await GuestOperationRunner.run(GuestPower.definition.name, arguments, global: global)
    }
}

struct SnapshotCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "snapshot", abstract: ToolsCommand.abstract(for: SnapshotCreate.definition.name))
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The guest's VMID.") var vmid: Int
    @Argument(help: "Snapshot name (a letter, then letters, digits, _ or -).") var name: String
    @Option(help: "Description stored with the snapshot.") var description: String?
    @Flag(help: "VMs: include the RAM state.") var vmstate = false
    @Flag(help: "Return as soon as the task has started.") var noWait = false

    func run() async throws {
        var arguments: [String: Value] = ["vmid": .int(vmid), "name": .string(name)]
        if let description { arguments["description"] = .string(description) }
        if vmstate { arguments["vmstate"] = true }
        if noWait { arguments["wait"] = false }
        try await GuestOperationRunner.run(SnapshotCreate.definition.name, arguments, global: global)
    }
}

struct BackupCommand: AsyncParsableCommand {
    enum Mode: String, ExpressibleByArgument, CaseIterable { case snapshot, suspend, stop }

    static let configuration = CommandConfiguration(commandName: "backup", abstract: ToolsCommand.abstract(for: BackupNow.definition.name))
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The guest's VMID.") var vmid: Int
    @Option(help: "Target storage (default: the node's vzdump default).") var storage: String?
    @Option(help: "snapshot (default), suspend or stop.") var mode: Mode?
    @Option(help: "Longest wait in seconds.") var timeout: Int?
    @Flag(help: "Return as soon as the task has started.") var noWait = false

    func run() async throws {
        var arguments: [String: Value] = ["vmid": .int(vmid)]
        if let storage { arguments["storage"] = .string(storage) }
        if let mode { arguments["mode"] = .string(mode.rawValue) }
        if let timeout { arguments["timeoutSeconds"] = .int(timeout) }
        if noWait { arguments["wait"] = false }
        try await GuestOperationRunner.run(BackupNow.definition.name, arguments, global: global)
    }
}
