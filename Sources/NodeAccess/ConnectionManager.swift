import Foundation
public import Logging
public import SSH
import Synchronization
import ProxmoxModel

/// One `NodeConnection` per inventory alias, created on first use and reused by every later call;
/// each owns a `SessionDriver` (one thread, one SSH session, up to `max_channels` commands at once).
public final class ConnectionManager: StreamingCommandRunner {
    let logger: Logger
    let environment: [String: String]
    /// The event-loop threads and connector the sessions run on.
    let runtime: SSHRuntime
    private let connections = Mutex<[String: NodeConnection]>([:])

    /// `logger`: where the sessions' events go (silent by default: a front end passes its stderr logger).
    public init(logger: Logger = Logger(label: "proxmox-tools.ssh", factory: { _ in SwiftLogNoOpLogHandler() }),
                environment: [String: String] = ProcessInfo.processInfo.environment,
                runtime: SSHRuntime = .shared) {
        self.logger = logger
        self.environment = environment
        self.runtime = runtime
    }

    /// The connection for `host.alias`, created lazily. If the host's settings changed (a reloaded
    /// inventory), the old connection is closed and a new one made.
    func connection(for host: InventoryHost) -> NodeConnection {
        let (connection, replaced) = connections.withLock { map -> (NodeConnection, NodeConnection?) in
            if let existing = map[host.alias], existing.host == host { return (existing, nil) }
            let fresh = NodeConnection(host: host, environment: environment, runtime: runtime, logger: logger)
            let old = map.updateValue(fresh, forKey: host.alias)
            return (fresh, old)
        }
        if let replaced { Task { await replaced.driver.shutdown() } }
        return connection
    }

    public func run(_ command: String, on host: InventoryHost, timeout: Double?) async throws(Failure) -> CommandOutput {
        try await run(RemoteCommand(command), on: host, timeout: timeout)
    }

    public func run(_ command: String, on host: InventoryHost, timeout: Double?,
                    streamingTo sink: @escaping OutputSink) async throws(Failure) -> CommandOutput {
        try await run(RemoteCommand(command), on: host, timeout: timeout, streamingTo: sink)
    }

    public func run(_ command: RemoteCommand, on host: InventoryHost, timeout: Double?) async throws(Failure) -> CommandOutput {
        try await connection(for: host).run(command, timeout: timeout)
    }

    public func run(_ command: RemoteCommand, on host: InventoryHost, timeout: Double?,
                    streamingTo sink: @escaping OutputSink) async throws(Failure) -> CommandOutput {
        try await connection(for: host).run(command, timeout: timeout, sink: sink)
    }

    public func check(_ host: InventoryHost) async -> HostCheck {
        await connection(for: host).check()
    }

    /// Counters of the node's connection (TCP connects, commands, reconnects), if it was used.
    public func statistics(for alias: String) -> SessionDriver.Statistics? {
        connections.withLock { $0[alias]?.driver.statistics }
    }

    /// Closes every session with an SSH disconnect message.
    public func shutdown() async {
        let all = connections.withLock { map -> [NodeConnection] in
            defer { map = [:] }
            return Array(map.values)
        }
        await withTaskGroup(of: Void.self) { group in
            for connection in all { group.addTask { await connection.driver.shutdown() } }
        }
    }
}

/// A node's SSH connection: its settings and the driver that owns the session.
final class NodeConnection: Sendable {
    let host: InventoryHost
    let driver: SessionDriver

    init(host: InventoryHost, environment: [String: String], runtime: SSHRuntime, logger: Logger) {
        self.host = host
        var logger = logger
        logger[metadataKey: "host"] = "\(host.alias)"
        self.driver = SessionDriver(
            target: SSHTarget(host: host, environment: environment),
            configuration: .init(maxChannels: host.maxChannels, idleTimeout: host.idleTimeout), runtime: runtime,
            logger: logger)
    }

    func run(_ command: RemoteCommand, timeout: Double?, sink: OutputSink? = nil) async throws(Failure) -> CommandOutput {
        // A per-call timeout may shorten the host's limit, never extend it.
        let limit = min(timeout.map { max(.milliseconds(1), .seconds($0)) } ?? host.timeout, host.timeout)
        let start = ContinuousClock.now
        let request = try command.execRequest(for: host)
        let result: ExecResult
        do {
            result = try await driver.execute(request, timeout: limit, maxOutput: host.maxOutput, sink: sink)
        } catch {
            throw NodeErrors.map(error, host: host)
        }
        if command.containment != nil, let failure = ContainmentFailure(result, host: host) { throw failure.failure }
        let elapsed = ContinuousClock.now - start
        return CommandOutput(
            exitCode: result.exitCode, exitSignal: result.exitSignal,
            stdout: result.stdout.text, stderr: result.stderr.text,
            stdoutTruncated: result.stdout.truncated, stderrTruncated: result.stderr.truncated,
            timedOut: result.timedOut, cancelled: result.cancelled, stopConfirmed: result.stopConfirmed,
            duration: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    func check() async -> HostCheck {
        do {
            _ = try await driver.execute(RemoteCommand.probe, timeout: min(host.timeout, host.connectTimeout + .seconds(5)), maxOutput: 1024)
            let start = ContinuousClock.now
            _ = try await driver.execute(RemoteCommand.probe, timeout: min(host.timeout, .seconds(10)), maxOutput: 1024)
            let rtt = ContinuousClock.now - start
            return HostCheck(reachable: true, authenticated: true, hostKey: "trusted",
                             fingerprint: driver.lastHostKey?.fingerprint,
                             roundTripMs: (Double(rtt.components.attoseconds) / 1e15 + Double(rtt.components.seconds) * 1000).rounded(toPlaces: 2))
        } catch {
            let mapped = NodeErrors.map(error, host: host)
            let fingerprint = driver.lastHostKey?.fingerprint
            switch error {
            case .resolveFailed, .connectionRefused, .connectTimedOut, .unreachable, .handshakeFailed:
                return HostCheck(reachable: false, authenticated: false, hostKey: "unchecked", error: mapped.code, message: mapped.message)
            case .hostKeyUnknown, .hostKeyChanged, .hostKeyRevoked:
                let status = switch error {
                case .hostKeyChanged: "changed"
                case .hostKeyRevoked: "revoked"
                default: "unknown"
                }
                return HostCheck(reachable: true, authenticated: false, hostKey: status, fingerprint: fingerprint,
                                 error: mapped.code, message: mapped.message)
            default:
                return HostCheck(reachable: true, authenticated: false, hostKey: "trusted", fingerprint: fingerprint,
                                 error: mapped.code, message: mapped.message)
            }
        }
    }
}

extension Double {
    func rounded(toPlaces places: Int) -> Double {
        let factor = pow(10, Double(places))
        return (self * factor).rounded() / factor
    }
}

extension SSHTarget {
    /// The SSH settings for an inventory host: its key (or the agent, then the default key files),
    /// the passphrase from the variable `passphrase_env` names, its known_hosts and pin.
    public init(host: InventoryHost, environment: [String: String]) {
        let home = environment["HOME"] ?? NSHomeDirectory()
        let socket = environment["SSH_AUTH_SOCK"].flatMap { $0.isEmpty ? nil : $0 }
        self.init(
            address: host.address, port: host.port, user: host.user,
            identityFile: host.identityFile,
            passphrase: host.passphraseEnv.flatMap { environment[$0] },
            passphraseVariable: host.passphraseEnv,
            knownHostsFile: host.knownHosts,
            pinnedFingerprint: host.hostKey,
            connectTimeout: host.connectTimeout,
            agentSocket: host.identityFile == nil ? socket : nil,
            defaultIdentityFiles: host.identityFile == nil
                ? ["id_ed25519", "id_ecdsa", "id_rsa"].map { "\(home)/.ssh/\($0)" } : [])
    }
}
