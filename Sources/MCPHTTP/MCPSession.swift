import Foundation
import Logging
import MCP
import MCPServer
import ToolKit
import ProxmoxModel
import Synchronization

/// One Streamable HTTP session: its own MCP server and core (so `initialize`, client
/// capabilities and cancellation are per session, as on stdio) over a `SessionTransport`, for
/// one principal. The SSH connections behind it are the process's, shared by every session.
final class MCPSession: Sendable {
    let id: String
    let principal: Principal
    let transport: SessionTransport
    private let server: Server
    /// Requests being answered, and when the last one ended: an idle session expires.
    private let use = Mutex<(active: Int, last: ContinuousClock.Instant)>((0, .now))

    private init(id: String, principal: Principal, transport: SessionTransport, server: Server) {
        self.id = id
        self.principal = principal
        self.transport = transport
        self.server = server
    }

    static func start(principal: Principal, registry: ToolRegistry, context: ToolContext, logger: Logger) async throws -> MCPSession {
        let id = newID()
        var logger = logger
        logger[metadataKey: "session"] = "\(id.prefix(8))"
        logger[metadataKey: "principal"] = "\(principal.name)"
        let transport = SessionTransport(logger: logger)
        let mcp = ProxmoxMCPServer(registry: registry, context: context.narrowed(to: principal), logger: logger)
        let server = try await mcp.start(on: transport)
        return MCPSession(id: id, principal: principal, transport: transport, server: server)
    }

    /// 128 random bits as hex: visible ASCII, as the spec wants, and unguessable.
    static func newID() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in String(generator.next() as UInt64, radix: 16).leftPadded(16) }.joined()
    }

    func began() { use.withLock { $0.active += 1 } }

    func ended() { use.withLock { $0 = ($0.active - 1, .now) } }

    func idle(longerThan limit: Duration, now: ContinuousClock.Instant = .now) -> Bool {
        use.withLock { $0.active == 0 && now - $0.last > limit }
    }

    /// Ends the session: its calls are cancelled (their remote commands stopped), then the server.
    func close() async {
        await transport.cancelAll()
        await server.stop()
    }
}

/// The sessions by id.
final class SessionStore: Sendable {
    private let sessions = Mutex<[String: MCPSession]>([:])

    func session(_ id: String) -> MCPSession? { sessions.withLock { $0[id] } }

    func remove(_ id: String) -> MCPSession? { sessions.withLock { $0.removeValue(forKey: id) } }

    var count: Int { sessions.withLock { $0.count } }

    func sessions(of principal: String) -> Int {
        sessions.withLock { $0.values.count(where: { $0.principal.name == principal }) }
    }

    /// Adds `session` unless its principal already holds `limit` sessions; false then.
    func add(_ session: MCPSession, limit: Int) -> Bool {
        sessions.withLock { all in
            guard all.values.count(where: { $0.principal.name == session.principal.name }) < limit else { return false }
            all[session.id] = session
            return true
        }
    }

    /// Removes and returns the sessions idle longer than `limit` whose transport has nothing open.
    func expired(after limit: Duration) async -> [MCPSession] {
        let candidates = sessions.withLock { $0.values.filter { $0.idle(longerThan: limit) } }
        var gone: [MCPSession] = []
        for session in candidates where await !session.transport.isBusy {
            if let removed = remove(session.id) { gone.append(removed) }
        }
        return gone
    }

    func removeAll() -> [MCPSession] { sessions.withLock { all in defer { all = [:] }; return Array(all.values) } }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
