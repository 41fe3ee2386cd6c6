import CLibSSH2
import Foundation
public import Logging
import Synchronization

/// One node's SSH connection, as callers see it: `execute` a command, `shutdown`.
///
/// The session itself lives on one of the runtime's `EventLoop` threads (a few threads serve all
/// nodes) while it is open or has work, and holds no thread at all when idle. Callers only
/// enqueue a job and await a continuation; no blocking C call runs on Swift's cooperative pool.
public final class SessionDriver: Sendable {
    public struct Configuration: Sendable {
        public var maxChannels: Int
        /// Time without any command after which the session is closed.
        public var idleTimeout: Duration
        /// Seconds of silence from the node after which it is probed with a keepalive that asks for
        /// a reply (OpenSSH's `ServerAliveInterval`).
        public var keepaliveInterval: Int
        /// Probes without any answer before the session is declared dead and its calls fail as
        /// `nodeUnresponsive` (OpenSSH's `ServerAliveCountMax`): 5 s × 3 = 15 s by default.
        public var keepaliveCountMax: Int
        /// How long a stopped command's caller waits at most for the node to confirm the stop.
        public var stopGrace: Duration

        public init(maxChannels: Int = 8, idleTimeout: Duration = .seconds(300), keepaliveInterval: Int = 5,
                    keepaliveCountMax: Int = 3, stopGrace: Duration = .seconds(3)) {
            self.maxChannels = max(1, maxChannels)
            self.idleTimeout = idleTimeout
            self.keepaliveInterval = max(1, keepaliveInterval)
            self.keepaliveCountMax = max(1, keepaliveCountMax)
            self.stopGrace = max(.milliseconds(100), stopGrace)
        }
    }

    /// Counters for tests and `check`: how many TCP connections this driver opened, and so on.
    public struct Statistics: Sendable, Hashable {
        public var connects = 0
        public var commands = 0
        public var reconnects = 0
        /// Sessions declared dead because the node stopped answering keepalives.
        public var unresponsive = 0
    }

    struct Shared {
        var submissions: [ExecJob] = []
        var cancellations: Set<UInt64> = []
        var stopping = false
        var nextID: UInt64 = 1
        var statistics = Statistics()
        var hostKey: HostKeyInfo?
        var stopped: [CheckedContinuation<Void, Never>] = []
        var finished = false
    }

    /// The longest command (UTF-8 bytes) of a caller the layers above accept. What they wrap around
    /// it (watchdog, containment) must fit into `ExecRequest.maximumBytes` with it.
    public static let maximumCommandBytes = 32_768

    public let target: SSHTarget
    public let configuration: Configuration
    /// The session's events (connected, connect failed, broke and retried, unresponsive, idle
    /// close), with `node` metadata; logged on the event-loop thread. Silent unless given one.
    let logger: Logger
    let shared = Mutex(Shared())
    let loop: EventLoop

    public init(target: SSHTarget, configuration: Configuration = Configuration(), runtime: SSHRuntime = .shared,
                logger: Logger = Logger(label: "proxmox-tools.ssh", factory: { _ in SwiftLogNoOpLogHandler() })) {
        self.target = target
        self.configuration = configuration
        self.loop = runtime.assignLoop()
        var logger = logger
        logger[metadataKey: "node"] = "\(target.endpoint)"
        self.logger = logger
    }

    public var statistics: Statistics { shared.withLock { $0.statistics } }

    /// The host key the node offered on the last handshake.
    public var lastHostKey: HostKeyInfo? { shared.withLock { $0.hostKey } }

    /// Sends `request` on a channel of its own; `sink`, if given, sees the output as it arrives.
    /// When `timeout` expires or the calling task is cancelled, the request's teardown steps are
    /// done (EOF on stdin: the node's watchdog stops the process group); the result then has
    /// `timedOut`/`cancelled`, and it comes back only once the node confirmed the stop (the channel
    /// closed) or `stopGrace` passed (`stopConfirmed`).
    public func execute(_ request: ExecRequest, timeout: Duration, maxOutput: Int,
                        sink: OutputSink? = nil) async throws(SSHError) -> ExecResult {
        let bytes = request.command.utf8.count
        if bytes > ExecRequest.maximumBytes { throw .commandTooLong(bytes: bytes, limit: ExecRequest.maximumBytes) }
        if Task.isCancelled { throw .cancelledBeforeStart(endpoint: target.endpoint) }
        let id = shared.withLock { state -> UInt64 in
            defer { state.nextID += 1 }
            return state.nextID
        }
        let result: Result<ExecResult, SSHError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let job = ExecJob(id: id, request: request, timeout: timeout, maxOutput: maxOutput, sink: sink) {
                    continuation.resume(returning: $0)
                }
                submit(job)
            }
        } onCancel: {
            shared.withLock { _ = $0.cancellations.insert(id) }
            try? loop.notify(self)
        }
        return try result.get()
    }

    /// Stops the commands in flight (answered as cancelled once the node confirmed, at most
    /// `stopGrace`), fails those still waiting with `SSHError.shutdown`, and closes the session
    /// with an SSH disconnect message. Later calls fail with `shutdown`.
    public func shutdown() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = shared.withLock { state -> Bool in
                if state.finished { return true }
                state.stopping = true
                state.stopped.append(continuation)
                return false
            }
            if done { return continuation.resume() }
            do {
                try loop.notify(self)
            } catch {
                let waiters = shared.withLock { state -> [CheckedContinuation<Void, Never>] in
                    state.finished = true
                    defer { state.stopped = [] }
                    return state.stopped
                }
                for waiter in waiters { waiter.resume() }
            }
        }
    }

    func submit(_ job: ExecJob) {
        let rejected = shared.withLock { state -> Bool in
            if state.stopping || state.finished { return true }
            state.submissions.append(job)
            state.statistics.commands += 1
            return false
        }
        if rejected { return job.deliver(.failure(.shutdown)) }
        do {
            try loop.notify(self)
        } catch {
            shared.withLock { $0.submissions.removeAll { $0 === job } }
            job.deliver(.failure(error))
        }
    }

    /// Nothing submitted that the loop has not taken yet.
    func isIdleAndEmpty() -> Bool {
        shared.withLock { $0.submissions.isEmpty && $0.cancellations.isEmpty && !$0.stopping }
    }
}
