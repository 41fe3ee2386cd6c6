import ArgumentParser
import Foundation
import MCP
import MCPServer
import MCPStdio
import NodeAccess
import ShellPolicy
import ServiceLifecycle

/// `proxmox-tools serve`: the MCP server on stdin/stdout.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve every tool over MCP on stdin/stdout (for Claude Desktop, Claude Code, … ).",
        discussion: """
            stdout carries only the protocol; logs go to stderr (--log-level). The server exits 0
            when stdin closes, and on SIGTERM/SIGINT after closing its SSH sessions.

            MCP client configuration (e.g. claude_desktop_config.json):
              {"mcpServers": {"proxmox": {"command": "/usr/local/bin/proxmox-tools",
                                          "args": ["serve", "--hosts-dir", "/path/to/hosts.d"]}}}
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("audit-log"), help: ArgumentHelp(
        "Audit log file, or `off` (default: audit_log: in the inventory, else $XDG_STATE_HOME/proxmox-tools/audit.jsonl).",
        valueName: "path|off"))
    var auditLog: String?

    func run() async throws {
        let session = try CLIToolSession(global: global, auditSetting: auditLog, clientName: "mcp-client")
        let server = ProxmoxMCPServer(registry: session.registry, context: session.context, logger: session.logger)
        // The policy's tables are built while the client starts its session, not in its first call.
        Task.detached(priority: .userInitiated) { CommandPolicy.prepare() }
        // The manager is listed first, so it is shut down last: the server's calls are stopped
        // and answered before the SSH sessions close (see `ServeLifecycle`).
        let service = MCPServerService(server: server, transport: LineTransport(logger: session.logger))
        do {
            try await ServeLifecycle.group(connections: ConnectionManagerService(session.manager), server: service, logger: session.logger).run()
        } catch {
            await session.manager.shutdown()
            throw CLIFailure(message: "cannot serve MCP on stdin/stdout: \(error)", code: ExitStatus.declined)
        }
        session.logger.info("exiting", metadata: ["reason": "\(service.stop.map { "\($0)" } ?? "cancelled")"])
    }
}
