import CLibSSH2
import Foundation
import POSIXSupport
import Synchronization

/// One thread that drives the SSH sessions of many nodes: each session is non-blocking, and the
/// thread sleeps in one `poll(2)` over all their sockets and its wake-up eventfd.
///
/// A session is touched by this thread only (libssh2 sessions are not thread-safe), except while it
/// is being connected, which happens on a `Connector` thread before the session is handed over
/// here, so a slow handshake never holds up the other nodes. No blocking C call runs on Swift's
/// cooperative pool: callers only enqueue work and await a continuation.
///
/// The thread exists only while it has sessions or work: when its last session closed (idle
/// timeout, shutdown) it ends, and the next call starts it again.
final class EventLoop: @unchecked Sendable {
    // @unchecked: `inbox` is a Mutex; `states` and `buffer` are touched by the loop thread only.
    private struct Inbox {
        /// Drivers with new submissions, cancellations or a shutdown request.
        var notified: [ObjectIdentifier: SessionDriver] = [:]
        /// Finished connection attempts, to hand to their sessions.
        var connected: [(SessionDriver, ConnectOutcome)] = []
        var running = false
        /// The wake-up eventfd, open only while the thread runs (so an idle process holds none).
        var wakeFD: Int32 = -1
    }

    let connector: Connector
    private let inbox = Mutex(Inbox())
    private let name: String

    // Loop thread only.
    private var states: [ObjectIdentifier: SessionState] = [:]
    /// Read buffer shared by every channel of every session on this thread.
    var buffer = [UInt8](repeating: 0, count: 65536)

    init(name: String, connector: Connector) {
        self.name = name
        self.connector = connector
    }

    /// `driver` has new work: make sure this loop runs and looks at it. Throws
    /// `resourceExhausted` when no descriptor or thread is left to run it (never a silent hang).
    func notify(_ driver: SessionDriver) throws(SSHError) {
        let key = ObjectIdentifier(driver)
        let start = try inbox.withLock { inbox throws(SSHError) -> Bool in
            inbox.notified[key] = driver
            if inbox.running {
                Self.signal(inbox.wakeFD)
                return false
            }
            let fd = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
            guard fd >= 0 else {
                let code = errno
                inbox.notified[key] = nil
                throw SSHError.exhausted(code) ?? .resourceExhausted(detail: "cannot create an eventfd: \(String(cString: strerror(code)))")
            }
            inbox.wakeFD = fd
            inbox.running = true
            return true
        }
        guard start else { return }
        do {
            try DedicatedThread.start(name: name) { [self] in run() }
        } catch {
            inbox.withLock { inbox in
                close(inbox.wakeFD)
                inbox.wakeFD = -1
                inbox.running = false
                inbox.notified[key] = nil
            }
            throw SSHError(error)
        }
    }

    /// A connection attempt for `driver` ended (on a connector thread).
    func post(_ driver: SessionDriver, _ outcome: ConnectOutcome) {
        inbox.withLock { inbox in
            inbox.connected.append((driver, outcome))
            Self.signal(inbox.wakeFD)
        }
    }

    /// Under the inbox lock, so the descriptor cannot be closed (and its number reused) meanwhile.
    private static func signal(_ fd: Int32) {
        guard fd >= 0 else { return }
        var one: UInt64 = 1
        _ = write(fd, &one, 8)
    }

    private func run() {
        let wakeFD = inbox.withLock { $0.wakeFD }  // fixed while this thread runs
        while true {
            var value: UInt64 = 0
            _ = read(wakeFD, &value, 8)
            let taken = inbox.withLock { inbox -> (notified: [SessionDriver], connected: [(SessionDriver, ConnectOutcome)])? in
                if states.isEmpty && inbox.notified.isEmpty && inbox.connected.isEmpty {
                    // Nothing left: end the thread and give its descriptor back; `notify` starts anew.
                    close(inbox.wakeFD)
                    inbox.wakeFD = -1
                    inbox.running = false
                    return nil
                }
                defer {
                    inbox.notified = [:]
                    inbox.connected = []
                }
                return (Array(inbox.notified.values), inbox.connected)
            }
            guard let taken else { return }
            for (driver, outcome) in taken.connected {
                if let state = states[ObjectIdentifier(driver)] {
                    state.connectFinished(outcome)
                } else if case .connected(let session) = outcome.result {
                    session.value.disconnect(reason: "proxmox-tools is shutting down")  // nobody wants it any more
                }
            }
            for driver in taken.notified {
                let key = ObjectIdentifier(driver)
                let state = states[key] ?? SessionState(driver: driver, loop: self)
                states[key] = state
                state.takeSubmissions()
            }

            var progressed = false
            let now = ContinuousClock.now
            for state in states.values where state.needsTick(at: now) {
                progressed = state.tick() || progressed
            }
            states = states.filter { !$0.value.isFinished }
            // Nothing left to drive: back to the top, which ends the thread unless work came in.
            if !progressed && !states.isEmpty { waitForEvents(wakeFD) }
        }
    }

    private func waitForEvents(_ wakeFD: Int32) {
        var fds = [pollfd(fd: wakeFD, events: Int16(POLLIN), revents: 0)]
        var owners = [SessionState?](arrayLiteral: nil)
        var wakeAt: ContinuousClock.Instant?
        for state in states.values {
            if let request = state.pollRequest() {
                fds.append(request)
                owners.append(state)
            }
            if let at = state.nextDeadline() { wakeAt = min(wakeAt ?? at, at) }
        }
        let timeout = wakeAt.map { Deadline($0).remainingMilliseconds } ?? -1
        let n = poll(&fds, nfds_t(fds.count), timeout)
        guard n > 0 else { return }
        for index in 1..<fds.count where fds[index].revents != 0 {
            owners[index]?.socketReady(fds[index].revents)
        }
    }
}

/// How a connection attempt ended; the session moves from the connector thread to the loop.
struct ConnectOutcome: Sendable {
    enum Result: Sendable {
        case connected(UncheckedSendable<SSHSession>)
        case failed(SSHError)
    }
    var result: Result
}

/// A value handed from one thread to another exactly once, after which only the receiver uses it.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// Connection setup (TCP connect, SSH handshake, host key check, authentication) on threads of its
/// own, at most `limit` at once, so a cold fan-out over a thousand nodes neither trips the nodes'
/// `MaxStartups` nor the process's file limit, and never stalls an event loop. Threads exist
/// only while there is something to connect.
final class Connector: Sendable {
    private struct State {
        var queue: [Work] = []
        var threads = 0
    }

    struct Work: Sendable {
        let run: @Sendable () -> Void
        let refused: @Sendable (SSHError) -> Void
    }

    let limit: Int
    let name: String
    private let state = Mutex(State())

    init(name: String, limit: Int) {
        self.name = name
        self.limit = max(1, limit)
    }

    func submit(_ work: Work) {
        let startThread = state.withLock { state -> Bool in
            state.queue.append(work)
            guard state.threads < limit else { return false }
            state.threads += 1
            return true
        }
        guard startThread else { return }
        do {
            try DedicatedThread.start(name: name) { [self] in drain() }
        } catch {
            // No thread: fail what no other connector thread will pick up.
            let orphans = state.withLock { state -> [Work] in
                state.threads -= 1
                guard state.threads == 0 else { return [] }
                defer { state.queue = [] }
                return state.queue
            }
            for work in orphans { work.refused(SSHError(error)) }
        }
    }

    private func drain() {
        while let work = state.withLock({ state -> Work? in
            if state.queue.isEmpty {
                state.threads -= 1
                return nil
            }
            return state.queue.removeFirst()
        }) {
            work.run()
        }
    }
}

/// The event loops and the connector that a `ConnectionManager`'s sessions share.
public final class SSHRuntime: Sendable {
    let loops: [EventLoop]
    let connector: Connector
    private let next = Mutex(0)

    /// `loops` threads (default: one per core) and at most `maxConnecting` connection attempts at
    /// once. Threads are named `NAME loop K` and `NAME connect`.
    public init(name: String = "ssh", loops: Int = ProcessInfo.processInfo.activeProcessorCount, maxConnecting: Int = 32) {
        let connector = Connector(name: "\(name) connect", limit: maxConnecting)
        self.connector = connector
        self.loops = (0..<max(1, loops)).map { EventLoop(name: "\(name) loop \($0)", connector: connector) }
        ResourceLimits.raiseOpenFilesLimit()
    }

    /// The process-wide default.
    public static let shared = SSHRuntime()

    /// Round-robin, so the nodes spread over the loops.
    func assignLoop() -> EventLoop {
        next.withLock { index in
            defer { index = (index + 1) % loops.count }
            return loops[index]
        }
    }
}
