import ArgumentParser
import Foundation
import ProxmoxModel
import Logging
import MCP
import SSH
import Audit
import NodeAccess
import POSIXSupport
import ToolKit

/// `proxmox-tools call TOOL 'JSON'`: any registry tool, called exactly as `tools/call` would.
struct CallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "call",
        abstract: "Call any tool with JSON arguments, exactly as an MCP client would, and print its JSON result.",
        discussion: """
            Examples:
              proxmox-tools call proxmox_list_vms                       # every node
              proxmox-tools call proxmox_list_vms '{"hosts":["tag:prod"]}'
              proxmox-tools call proxmox_vm_config '{"vmid":100,"host":"pve1"}'

            Exit status: 0 the tool succeeded; 1 the tool reported an error (isError: true — the
            JSON says why); 64 unknown tool or arguments that do not match its input schema (as
            MCP's invalidParams); 255 the inventory could not be loaded.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Tool name, as `proxmox-tools tools` lists it.")
    var tool: String

    @Argument(help: "Arguments as one JSON object (default: {}).")
    var arguments: String = "{}"

    func run() async throws {
        // Known without the inventory, so a typo is reported as such even with no hosts.d.
        guard ToolRegistry.standard.tool(named: tool) != nil else {
            throw CLIFailure(message: ToolCallError.unknownTool(tool, known: ToolRegistry.standard.names).description, code: ExitStatus.usage)
        }
        let parsed: [String: Value]
        do {
            parsed = try JSONDecoder().decode([String: Value].self, from: Data(arguments.utf8))
        } catch {
            throw CLIFailure(message: "the arguments must be one JSON object, e.g. '{\"host\":\"pve1\"}': \(error.localizedDescription)", code: ExitStatus.usage)
        }
        let session = try CLIToolSession(global: global)
        let outcome = try await session.callAndClose(tool, parsed)
        print(outcome.json)
        if outcome.isError { throw ExitCode(ExitStatus.declined) }
    }
}

/// What every tool-calling subcommand shares: the inventory, one connection manager (so all
/// calls of one invocation reuse the SSH sessions), the audit log, and the registry.
struct CLIToolSession {
    var context: ToolContext
    let manager: ConnectionManager
    let logger: Logger
    let registry = ToolRegistry.standard
    /// `--server unix:PATH`: tool calls go to that server; nothing here connects to a node.
    let server: RunningServer?

    /// `auditSetting`: `--audit-log` (a path or `off`); nil = the inventory's `audit_log:`, else the default.
    /// `throughServer`: honour `--server`/`PROXMOX_TOOLS_SERVER` (not for `serve` itself).
    init(global: GlobalOptions, auditSetting: String? = nil, clientName: String = "cli", throughServer: Bool = true) throws {
        // A reader that went away (`| head`, an MCP client that closed our stdout) is an EPIPE to
        // handle — stop the calls and their remote commands — not a signal that kills us mid-call.
        signal(SIGPIPE, SIG_IGN)
        TerminationSignals.prepareEventLoop()
        server = throughServer ? try global.runningServer() : nil
        // Through a server, its inventory is the one that counts (this machine may have none).
        let inventory = server == nil ? try global.loadInventory() : Inventory(hosts: [])
        logger = Self.logger(level: global.logLevel)
        manager = ConnectionManager(logger: logger, runtime: SSHRuntime(maxConnecting: global.maxConnecting))
        var context = ToolContext(inventory: inventory, runner: manager, clientName: clientName)
        context.logger = logger
        context.audit = AuditLog.make(setting: auditSetting ?? inventory.auditLog,
                                      environment: ProcessInfo.processInfo.environment)
        self.context = context
    }

    /// Calls a tool, then closes the SSH sessions. A `ToolCallError` becomes exit status 64.
    func callAndClose(_ name: String, _ arguments: [String: Value]) async throws(CLIFailure) -> ToolCallOutcome {
        let (registry, context, server) = (registry, context, server)
        let (result, signal) = await Self.interruptible {
            if let server { return try await server.call(name, arguments) }
            return try await registry.call(name: name, arguments: arguments, context: context)
        }
        await manager.shutdown()
        if let signal { throw Self.interrupted(by: signal) }
        switch result {
        case .success(let outcome): return outcome
        case .failure(let error as CLIFailure): throw error
        case .failure(let error): throw CLIFailure(message: String(describing: error), code: ExitStatus.usage)
        }
    }

    /// Calls a tool with a typed input (no JSON round trip), then closes the SSH sessions.
    func callAndClose<T: ToolKit.Tool>(_ tool: T.Type, _ input: T.Input) async throws -> T.Output {
        let (registry, context) = (registry, context)
        let (result, signal) = await Self.interruptible { try await registry.call(tool, input, context: context) }
        await manager.shutdown()
        if let signal { throw Self.interrupted(by: signal) }
        return try result.get()
    }

    /// Runs `body` so that SIGINT, SIGTERM or SIGHUP cancel it instead of killing the process
    /// mid-call: cancelling stops the remote command (TERM to its process group, KILL after 1 s)
    /// and `body` returns once the node confirmed that, or after at most 3 s. Returns the body's
    /// result and the signal that interrupted it, if any.
    static func interruptible<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async -> (Result<T, any Error>, Int32?) {
        let signals = TerminationSignals.stream([SIGINT, SIGTERM, SIGHUP])
        let work = Task { try await body() }
        let watcher = Task { () -> Int32? in
            for await number in signals {
                work.cancel()
                return number
            }
            return nil
        }
        let result = await work.result
        watcher.cancel()
        return (result, await watcher.value)
    }

    /// Exit 128 + the signal, as a shell reports a command killed by it, saying what happened.
    static func interrupted(by signal: Int32) -> CLIFailure {
        let name = [SIGINT: "SIGINT", SIGTERM: "SIGTERM", SIGHUP: "SIGHUP"][signal] ?? "signal \(signal)"
        return CLIFailure(message: "interrupted by \(name); the remote command was stopped and the sessions closed", code: ExitStatus.signal(signal))
    }

    /// Logs go to stderr only: stdout is the protocol (serve) or the result.
    static func logger(level: Logger.Level) -> Logger {
        var logger = Logger(label: "proxmox-tools", factory: { StreamLogHandler.standardError(label: $0) })
        logger.logLevel = level
        return logger
    }
}
