import ServiceLifecycle

/// The sessions' part of a `ServiceGroup`: ends idle sessions while running, and on graceful
/// shutdown ends every session (their calls cancelled, remote commands stopped, streams closed)
/// so the HTTP listener's own graceful shutdown, which waits for open connections, can finish.
/// Put it after the listeners in the group: services are shut down in reverse order.
public struct SessionService: Service {
    let server: MCPHTTPServer

    public func run() async throws {
        let expiry = Task { await server.expireIdleSessions() }
        try? await gracefulShutdown()
        expiry.cancel()
        await server.closeAllSessions()
    }
}

extension MCPHTTPServer {
    public var sessionService: SessionService { SessionService(server: self) }
}
