import ArgumentParser
import Foundation
import MCP
import MCPHTTP
import MCPServer
import ProxmoxModel
import MCPStdio
import NodeAccess
import ShellPolicy
import ServiceLifecycle

/// `proxmox-tools serve`: the MCP server on stdin/stdout, or (`--http`, `--socket`) on a
/// Streamable HTTP listener for several clients and principals.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve every tool over MCP on stdin/stdout, or over Streamable HTTP (--http, --socket).",
        discussion: """
            stdout carries only the protocol; logs go to stderr (--log-level). The stdio server exits 0
            when stdin closes, and on SIGTERM/SIGINT after closing its SSH sessions.

            MCP client configuration (e.g. claude_desktop_config.json):
              {"mcpServers": {"proxmox": {"command": "/usr/local/bin/proxmox-tools",
                                          "args": ["serve", "--hosts-dir", "/path/to/hosts.d"]}}}

            As a shared server (MCP at http://HOST:PORT/mcp, every request with a bearer token):
              proxmox-tools tokens add alice --policy guarded --tokens /etc/proxmox-tools/tokens.yaml
              proxmox-tools serve --http 127.0.0.1:8750 --tokens /etc/proxmox-tools/tokens.yaml
            A non-loopback address needs --tls-cert/--tls-key (or, explicitly, --insecure-http).
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("audit-log"), help: ArgumentHelp(
        "Audit log file, or `off` (default: audit_log: in the inventory, else $XDG_STATE_HOME/proxmox-tools/audit.jsonl).",
        valueName: "path|off"))
    var auditLog: String?

    @Option(name: .customLong("http"), help: ArgumentHelp("Serve MCP Streamable HTTP at http://HOST:PORT/mcp (needs --tokens).", valueName: "host:port"))
    var http: String?

    @Option(name: .customLong("tokens"), help: ArgumentHelp("The principals' tokens file (`proxmox-tools tokens add` writes it).", valueName: "file"))
    var tokens: String?

    @Option(name: .customLong("socket"), help: ArgumentHelp("Serve on a Unix socket too, created 0600 (principal `local`).", valueName: "path"))
    var socket: String?

    @Option(name: .customLong("allow-origin"), help: ArgumentHelp("A browser Origin to serve (repeatable); others get 403.", valueName: "origin"))
    var allowOrigin: [String] = []

    @Option(name: .customLong("tls-cert"), help: ArgumentHelp("TLS certificate chain (PEM).", valueName: "file"))
    var tlsCert: String?

    @Option(name: .customLong("tls-key"), help: ArgumentHelp("TLS private key (PEM).", valueName: "file"))
    var tlsKey: String?

    @Flag(name: .customLong("insecure-http"), help: "Allow plain HTTP on a non-loopback address.")
    var insecureHTTP = false

    @Option(name: .customLong("max-in-flight"), help: ArgumentHelp("Requests one principal may have in flight (more: 429).", valueName: "n"))
    var maxInFlight = 16

    @Option(name: .customLong("session-idle-timeout"), help: ArgumentHelp("Seconds an unused HTTP session lives.", valueName: "seconds"))
    var sessionIdleTimeout: Double = 1800

    func validate() throws {
        if global.server != nil { throw ValidationError("serve is the server: --server is for the CLI's other commands") }
    }

    func run() async throws {
        if http == nil, socket == nil {
            try await serveStdio()
        } else {
            try await serveHTTP()
        }
    }

    private func serveStdio() async throws {
        var session = try CLIToolSession(global: global, auditSetting: auditLog, clientName: "mcp-client", throughServer: false)
        session.context.principal = Principal.stdio.name
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

    /// The listeners' configurations, checked before the inventory is even read.
    func configurations() throws -> (configurations: [MCPHTTPConfiguration], tokens: TokenAuthenticator?) {
        var result: [MCPHTTPConfiguration] = []
        var authenticator: TokenAuthenticator?
        if let http {
            guard let address = MCPHTTPConfiguration.parseAddress(http) else {
                throw ValidationError("--http wants HOST:PORT (e.g. 127.0.0.1:8750), got '\(http)'")
            }
            guard let tokens else {
                throw CLIFailure(message: Self.noTokens("serve --http needs --tokens FILE: every HTTP request must carry a principal's bearer token."),
                                 code: ExitStatus.usage)
            }
            let file: TokensFile
            do { file = try TokensFile.load(tokens) } catch { throw CLIFailure(message: error.description, code: ExitStatus.usage) }
            let loaded = TokenAuthenticator(file)
            guard !loaded.isEmpty else {
                throw CLIFailure(message: Self.noTokens("\(tokens) defines no principal, so nobody could use the server."), code: ExitStatus.usage)
            }
            authenticator = loaded
            var configuration = MCPHTTPConfiguration(listener: .tcp(host: address.host, port: address.port))
            configuration.allowedOrigins = Set(allowOrigin)
            configuration.tlsCertificate = tlsCert
            configuration.tlsKey = tlsKey
            configuration.insecureHTTP = insecureHTTP
            result.append(configuration)
        }
        if let socket {
            result.append(MCPHTTPConfiguration(listener: .unix(path: socket)))
        }
        for index in result.indices {
            result[index].maxInFlight = maxInFlight
            result[index].sessionIdleTimeout = .milliseconds(Int64(sessionIdleTimeout * 1000))
            if let problem = result[index].problem() { throw CLIFailure(message: problem, code: ExitStatus.usage) }
        }
        return (result, authenticator)
    }

    static func noTokens(_ why: String) -> String {
        "\(why)\nMake a token (printed once; only its hash is stored, the file is created 0600):\n"
            + "  proxmox-tools tokens add alice --policy guarded --tokens /etc/proxmox-tools/tokens.yaml\n"
            + "then: proxmox-tools serve --http 127.0.0.1:8750 --tokens /etc/proxmox-tools/tokens.yaml"
    }

    /// The HTTP listeners (and the Unix socket) with the sessions and the connection manager, one
    /// `ServiceGroup`: shutdown stops the listeners first, then the sessions, then the SSH sessions.
    private func serveHTTP() async throws {
        let (configurations, tokens) = try configurations()
        var session = try CLIToolSession(global: global, auditSetting: auditLog, clientName: "mcp-client", throughServer: false)
        let logger = session.logger
        let (manager, hosts) = (session.manager, session.context.inventory.hosts)
        let metrics = ServerMetrics(nodes: {
            hosts.compactMap { host in
                manager.statistics(for: host.alias).map {
                    ServerMetrics.NodeCounters(alias: host.alias, connects: $0.connects, commands: $0.commands,
                                               reconnects: $0.reconnects, unresponsive: $0.unresponsive)
                }
            }
        })
        session.context.audit = MeteredAudit(base: session.context.audit, metrics: metrics)
        Task.detached(priority: .userInitiated) { CommandPolicy.prepare() }
        var services: [any Service] = [ConnectionManagerService(session.manager)]
        var listeners: [any Service] = []
        for configuration in configurations {
            let server = MCPHTTPServer(configuration: configuration, tokens: tokens, registry: session.registry,
                                       context: session.context, logger: logger, metrics: metrics)
            let listener = configuration.listener
            let scheme = configuration.usesTLS ? "https" : "http"
            listeners.append(try server.makeService { port in
                let place: String
                switch listener {
                case .tcp(let host, _): place = "\(scheme)://\(host.contains(":") ? "[\(host)]" : host):\(port ?? 0)/mcp"
                case .unix(let path): place = "unix:\(path)"
                }
                // On stderr whatever the log level: scripts and people wait for this line.
                FileHandle.standardError.write(Data("proxmox-tools: serving MCP on \(place)\n".utf8))
            })
            services.append(server.sessionService)
        }
        // Services stop in reverse order: listeners, then sessions, then the SSH connections.
        services += listeners
        let group = ServiceGroup(configuration: .init(services: services.map { .init(service: $0) },
                                                      gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            logger.error("the HTTP server stopped", metadata: ["error": "\(error)"])
        }
        await session.manager.shutdown()
    }
}
