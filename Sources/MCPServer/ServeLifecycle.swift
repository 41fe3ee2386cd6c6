public import Logging
public import MCP
public import ServiceLifecycle
public import UnixSignals
import Synchronization

/// How `proxmox-tools serve` starts and stops (swift-service-lifecycle): the connection manager
/// and the MCP server run as services of one `ServiceGroup`. SIGTERM/SIGINT shut the group down
/// gracefully, and so does stdin EOF (the server's `run` returning). Services are shut down in
/// reverse order, so the server goes first (it stops taking calls, stops those in flight, answers
/// each with its `cancelled` result and closes the transport) and the manager after it (it closes
/// the SSH sessions with a disconnect message).
public enum ServeLifecycle {
    /// The bound on the whole graceful shutdown; past it the group cancels its services (the
    /// server closes the transport without waiting for answers still owed, the manager drops its
    /// sessions). Stopping a remote command takes at most `SessionDriver.Configuration.stopGrace`
    /// (3 s), a batched answer at most 1 s more, the sessions' disconnect less than that again: 10 s
    /// is reached only by something stuck, e.g. a client that stopped reading stdout.
    public static let maximumGracefulShutdownDuration: Duration = .seconds(10)

    /// The signals that start the graceful shutdown.
    public static let gracefulShutdownSignals: [UnixSignal] = [.sigterm, .sigint]

    /// The group `serve` runs: `connections` (the connection manager's service, or none) first, so
    /// that it is shut down last, then `server`, whose end (stdin EOF) shuts the whole group down
    /// gracefully. `signals: false` leaves SIGTERM and SIGINT alone (tests). No cancellation
    /// signal and no cancellation bound: a cancelled group's services end by themselves within the
    /// remote-stop bound, and the process exits 0.
    public static func group(connections: (any Service)?, server: MCPServerService, signals: Bool = true,
                             logger: Logger) -> ServiceGroup {
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        if let connections { services.append(.init(service: connections, serviceName: "ssh-connections")) }
        services.append(.init(service: server, successTerminationBehavior: .gracefullyShutdownGroup,
                              failureTerminationBehavior: .cancelGroup, serviceName: "mcp-server"))
        var configuration = ServiceGroupConfiguration(
            services: services, gracefulShutdownSignals: signals ? gracefulShutdownSignals : [], logger: logger)
        configuration.maximumGracefulShutdownDuration = maximumGracefulShutdownDuration
        return ServiceGroup(configuration: configuration)
    }
}

/// The MCP server on one transport as a `Service`: serves until the transport ends (stdin EOF)
/// or a graceful shutdown begins, then stops the calls in flight, lets each answer, and closes
/// the transport. Run it once.
public struct MCPServerService: Service, CustomStringConvertible {
    public let server: ProxmoxMCPServer
    public let transport: any Transport
    private let ended = StopRecord()

    public init(server: ProxmoxMCPServer, transport: any Transport) {
        self.server = server
        self.transport = transport
    }

    /// Why `run` returned; nil before.
    public var stop: ProxmoxMCPServer.Stop? { ended.value }

    public var description: String { "MCPServerService" }

    public func run() async throws {
        ended.value = try await server.run(on: transport)
    }
}

extension ProxmoxMCPServer {
    /// Serves on `transport` until it ends or a graceful shutdown (of the service group that runs
    /// this) begins, then stops: no new calls, those in flight cancelled (their remote commands get
    /// TERM, then KILL) and answered with their `cancelled` results, then the transport closed.
    /// Cancelling the task (the group's escalation) ends the wait for answers still owed.
    func run(on transport: any Transport) async throws -> Stop {
        let (server, core) = try await startCore(on: transport, encodedResults: EncodedResults())
        logger.info("serving MCP", metadata: ["tools": "\(registry.tools.count)", "hosts": "\(context.inventory.hosts.count)"])
        let stop = await withTaskGroup(of: Stop?.self) { group in
            group.addTask {
                await server.waitUntilCompleted()
                return .endOfInput
            }
            group.addTask {
                do {
                    try await gracefulShutdown()
                    return .shutdown
                } catch {
                    return nil   // cancelled: the group escalated, or the wait below is over
                }
            }
            let first = await group.next() ?? nil
            // Bounded by itself: a stop the node does not confirm is answered after 3 s.
            calls.shutDown()
            let answered = await Self.finishes { [calls] in
                await calls.waitUntilIdle()
                await core.waitUntilAnswered()
            }
            if !answered { logger.warning("shutdown cancelled before every call in flight was answered") }
            await server.stop()          // ends waitUntilCompleted() when the shutdown came first
            group.cancelAll()            // ends the wait for a shutdown when EOF came first
            return first ?? .shutdown
        }
        logger.info("MCP server stopped", metadata: ["reason": "\(stop)"])
        return stop
    }

    /// Runs `body` in a task of its own and returns true when it finished, or false as soon as the
    /// calling task is cancelled (`body` then goes on unobserved).
    static func finishes(_ body: @escaping @Sendable () async -> Void) async -> Bool {
        let outcome = Outcome()
        Task { await body(); outcome.settle(true) }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { outcome.wait($0) }
        } onCancel: {
            outcome.settle(false)
        }
    }
}

/// The first of two outcomes (finished, cancelled), handed to one waiter.
private final class Outcome: Sendable {
    private struct State {
        var waiter: CheckedContinuation<Bool, Never>?
        var value: Bool?
    }
    private let state = Mutex(State())

    func wait(_ continuation: CheckedContinuation<Bool, Never>) {
        let value = state.withLock { state -> Bool? in
            if state.value == nil { state.waiter = continuation }
            return state.value
        }
        if let value { continuation.resume(returning: value) }
    }

    func settle(_ value: Bool) {
        let waiter = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            guard state.value == nil else { return nil }
            state.value = value
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: value)
    }
}

/// Where `MCPServerService.run` leaves its `Stop`.
private final class StopRecord: Sendable {
    private let stored = Mutex<ProxmoxMCPServer.Stop?>(nil)
    var value: ProxmoxMCPServer.Stop? {
        get { stored.withLock { $0 } }
        set { stored.withLock { $0 = newValue } }
    }
}
