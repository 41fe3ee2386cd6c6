import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
public import Logging
import NIOCore
import NIOSSL
public import MCPServer
public import ToolKit
public import ProxmoxModel
import ServiceLifecycle

/// MCP Streamable HTTP (revision 2025-11-25) at `/mcp`, over one listener (`--http` or
/// `--socket`): POST carries client messages and answers with JSON or an SSE stream, GET opens
/// the session's stream for server messages unrelated to a request, DELETE ends a session.
/// Each session runs the same `MCPCore` as stdio, narrowed to its principal.
public final class MCPHTTPServer: Sendable {
    public let configuration: MCPHTTPConfiguration
    let admission: HTTPAdmission
    let registry: ToolRegistry
    let context: ToolContext
    let logger: Logger
    let sessions = SessionStore()
    let inFlight: InFlightLimiter

    /// `tokens`: the principals of a TCP listener; ignored on a Unix socket (principal `local`).
    /// Served at `GET /metrics` (any principal's token) when given.
    let metrics: ServerMetrics?

    public init(configuration: MCPHTTPConfiguration, tokens: TokenAuthenticator?, registry: ToolRegistry,
                context: ToolContext, logger: Logger, metrics: ServerMetrics? = nil) {
        self.configuration = configuration
        self.metrics = metrics
        let authentication: HTTPAdmission.Authentication
        if case .tcp = configuration.listener, let tokens {
            authentication = .tokens(tokens)
        } else {
            authentication = .fixed(.local)
        }
        admission = HTTPAdmission(configuration: configuration, authentication: authentication,
                                  failures: AuthFailureLimiter(threshold: configuration.authFailureThreshold,
                                                               blockFor: configuration.authFailureBlock))
        self.registry = registry
        self.context = context
        self.logger = logger
        inFlight = InFlightLimiter(limit: configuration.maxInFlight)
    }

    /// The Hummingbird application, as a `Service` for a `ServiceGroup`. `onListening` gets the
    /// bound port (nil for a Unix socket) once the listener is up.
    public func makeService(onListening: @escaping @Sendable (Int?) async -> Void = { _ in }) throws -> some Service {
        let router = Router(context: MCPRequestContext.self)
        router.get(".well-known/oauth-protected-resource") { [self] request, _ in
            HTTPAnswers.resourceMetadata(request, configuration)
        }
        router.get(".well-known/oauth-protected-resource/mcp") { [self] request, _ in
            HTTPAnswers.resourceMetadata(request, configuration)
        }
        if let metrics {
            let sessions = sessions
            metrics.sessionCounts.withLock { $0.append { sessions.count } }
            router.get("metrics") { [self] request, context in
                switch admission.admit(request, context) {
                case .refused(let response): return response
                case .admitted:
                    return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4", .cacheControl: "no-store"],
                                    body: ResponseBody(byteBuffer: ByteBuffer(string: metrics.text())))
                }
            }
        }
        router.post("mcp") { [self] request, context in try await post(request, context) }
        router.get("mcp") { [self] request, context in await get(request, context) }
        router.delete("mcp") { [self] request, context in await delete(request, context) }

        // Hummingbird's idle handler sits after the HTTP decoder, so header bytes trickled in
        // (slowloris) produce no part and do not reset it: it is the header deadline too
        // (HTTPStatusTests.headersMustArriveWithinTheDeadline fails without it).
        let http1 = HTTPServerBuilder.http1(configuration: .init(idleTimeout: .nanoseconds(Int64(configuration.headerTimeout.components.seconds) * 1_000_000_000)))
        let server: HTTPServerBuilder
        if let certificate = configuration.tlsCertificate, let key = configuration.tlsKey {
            let tls = TLSConfiguration.makeServerConfiguration(
                certificateChain: try NIOSSLCertificate.fromPEMFile(certificate).map { .certificate($0) },
                privateKey: .privateKey(try NIOSSLPrivateKey(file: key, format: .pem)))
            server = try .tls(http1, tlsConfiguration: tls)
        } else {
            server = http1
        }
        let address: BindAddress
        switch configuration.listener {
        case .tcp(let host, let port): address = .hostname(host, port: port)
        case .unix(let path):
            // A stale socket from a previous run would make bind fail.
            unlink(path)
            address = .unixDomainSocket(path: path)
        }
        let listener = configuration.listener
        return Application(
            router: router, server: server,
            configuration: ApplicationConfiguration(address: address, serverName: nil),
            onServerRunning: { channel in
                if case .unix(let path) = listener {
                    chmod(path, 0o600)
                    await onListening(nil)
                } else {
                    await onListening(channel.localAddress?.port)
                }
            },
            logger: logger)
    }

    /// Ends idle sessions every few seconds until cancelled.
    public func expireIdleSessions() async {
        let limit = configuration.sessionIdleTimeout
        let period = min(max(limit / 4, .milliseconds(100)), .seconds(30))
        while !Task.isCancelled {
            try? await Task.sleep(for: period)
            for session in await sessions.expired(after: limit) {
                logger.info("session expired", metadata: ["session": "\(session.id.prefix(8))", "principal": "\(session.principal.name)"])
                await session.close()
            }
        }
    }

    /// Ends every session (shutdown): their calls are cancelled and their remote commands stopped.
    public func closeAllSessions() async {
        for session in sessions.removeAll() { await session.close() }
    }

    public var sessionCount: Int { sessions.count }
}
