import CLibSSH2
import Foundation
import Synchronization

/// Drives one node's SSH session on one dedicated thread.
///
/// Design (a) of the SSH issue: the session runs in libssh2's non-blocking mode and the thread
/// multiplexes up to `maxChannels` channels, sleeping in `poll(2)` on the socket and a wake-up
/// eventfd. No blocking C call ever runs on Swift's cooperative pool: callers only enqueue a job
/// and await a continuation. libssh2 sessions are not thread-safe, and here a session is only
/// ever touched by its own thread.
public final class SessionDriver: Sendable {
    public struct Configuration: Sendable {
        public var maxChannels: Int
        /// Seconds without any command after which the session is closed.
        public var idleTimeout: Double
        /// Seconds of silence from the node after which it is probed with a keepalive that asks for
        /// a reply (OpenSSH's `ServerAliveInterval`).
        public var keepaliveInterval: Int
        /// Probes without any answer before the session is declared dead and its calls fail as
        /// `nodeUnresponsive` (OpenSSH's `ServerAliveCountMax`): 5 s × 3 = 15 s by default.
        public var keepaliveCountMax: Int
        /// Seconds a stopped command's caller waits at most for the node to confirm the stop.
        public var stopGrace: Double

        public init(maxChannels: Int = 8, idleTimeout: Double = 300, keepaliveInterval: Int = 5,
                    keepaliveCountMax: Int = 3, stopGrace: Double = 3) {
            self.maxChannels = max(1, maxChannels)
            self.idleTimeout = idleTimeout
            self.keepaliveInterval = max(1, keepaliveInterval)
            self.keepaliveCountMax = max(1, keepaliveCountMax)
            self.stopGrace = max(0.1, stopGrace)
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
        var threadStarted = false
        var nextID: UInt64 = 1
        var statistics = Statistics()
        var hostKey: HostKeyInfo?
        var stopped: [CheckedContinuation<Void, Never>] = []
        var finished = false
    }

    /// The longest command (UTF-8 bytes) `execute` sends; longer ones fail with `commandTooLong`
    /// before anything is sent.
    public static let maximumCommandBytes = ExecJob.maximumCommandBytes

    public let target: SSHTarget
    public let configuration: Configuration
    let shared = Mutex(Shared())
    let wakeFD: Int32
    /// Why `wakeFD` could not be created (no descriptor left): every job fails with it, rather than
    /// waiting forever for a wake-up that cannot come.
    private let wakeFailure: SSHError?

    public init(target: SSHTarget, configuration: Configuration = Configuration()) {
        self.target = target
        self.configuration = configuration
        self.wakeFD = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        let code = errno
        self.wakeFailure = wakeFD >= 0 ? nil
            : ResourceLimits.exhausted(code) ?? .resourceExhausted(detail: "cannot create an eventfd: \(String(cString: strerror(code)))")
    }

    deinit { if wakeFD >= 0 { close(wakeFD) } }

    public var statistics: Statistics { shared.withLock { $0.statistics } }

    /// The host key the node offered on the last handshake.
    public var lastHostKey: HostKeyInfo? { shared.withLock { $0.hostKey } }

    /// Runs `command` on the node; `sink`, if given, sees the output as it arrives. The remote
    /// command is stopped (its whole process group: TERM, then KILL after 1 s) when `timeout`
    /// expires or the calling task is cancelled; the result then has `timedOut`/`cancelled`, and it
    /// comes back only once the node confirmed the stop or `stopGrace` passed (`stopConfirmed`).
    public func execute(_ command: String, timeout: Double, maxOutput: Int,
                        sink: OutputSink? = nil) async throws(SSHError) -> ExecResult {
        let bytes = command.utf8.count
        if bytes > ExecJob.maximumCommandBytes { throw .commandTooLong(bytes: bytes, limit: ExecJob.maximumCommandBytes) }
        if Task.isCancelled { throw .cancelledBeforeStart(endpoint: target.endpoint) }
        let id = shared.withLock { state -> UInt64 in
            defer { state.nextID += 1 }
            return state.nextID
        }
        let result: Result<ExecResult, SSHError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let job = ExecJob(id: id, command: command, timeout: timeout, maxOutput: maxOutput, sink: sink) {
                    continuation.resume(returning: $0)
                }
                submit(job)
            }
        } onCancel: {
            shared.withLock { _ = $0.cancellations.insert(id) }
            wake()
        }
        return try result.get()
    }

    /// Closes the session with an SSH disconnect message and ends the thread; pending calls fail
    /// with `SSHError.shutdown`.
    public func shutdown() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = shared.withLock { state -> Bool in
                if state.finished || !state.threadStarted { return true }
                state.stopping = true
                state.stopped.append(continuation)
                return false
            }
            if done { continuation.resume() } else { wake() }
        }
    }

    func submit(_ job: ExecJob) {
        if let wakeFailure { return job.deliver(.failure(wakeFailure)) }
        let (rejected, startThread) = shared.withLock { state -> (Bool, Bool) in
            if state.stopping || state.finished { return (true, false) }
            state.submissions.append(job)
            state.statistics.commands += 1
            defer { state.threadStarted = true }
            return (false, !state.threadStarted)
        }
        if rejected { return job.deliver(.failure(.shutdown)) }
        if startThread {
            do throws(SSHError) {
                // Foundation's Thread would silently never run if the thread cannot be created.
                try DedicatedThread.start(name: "ssh \(target.endpoint)") { [self] in DriverLoop(driver: self).run() }
            } catch {
                let queued = shared.withLock { state -> [ExecJob] in
                    defer { state.submissions = []; state.threadStarted = false }
                    return state.submissions
                }
                for queuedJob in queued { queuedJob.deliver(.failure(error)) }
            }
        } else {
            wake()
        }
    }

    func wake() {
        var one: UInt64 = 1
        _ = write(wakeFD, &one, 8)
    }

    func drainWake() {
        var value: UInt64 = 0
        _ = read(wakeFD, &value, 8)
    }
}
