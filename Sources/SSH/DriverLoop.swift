import CLibSSH2
import Foundation

/// The state confined to a `SessionDriver`'s thread: the session, the channels, the poll loop.
///
/// The loop sleeps in `poll(2)` only after a pass in which every libssh2 call on every channel
/// answered EAGAIN. Any other answer (data, EOF, a finished close) means libssh2 may hold packets
/// it already read from the socket for another channel, and the socket will not wake us for those:
/// sleeping then is how a warm call used to wait for the next keepalive (issue 14).
final class DriverLoop {
    let driver: SessionDriver
    var session: SSHSession?
    var queued: [ExecJob] = []
    var active: [ExecJob] = []
    var lastActivity = ContinuousClock.now
    var nextKeepalive = ContinuousClock.now
    /// The socket had unread data while no channel was open: stop polling it until the next command.
    var ignoreIdleSocket = false
    /// Set when shutdown began: in-flight commands are being stopped until then.
    var shutdownDeadline: ContinuousClock.Instant?
    var buffer = [UInt8](repeating: 0, count: 65536)

    init(driver: SessionDriver) { self.driver = driver }

    var config: SessionDriver.Configuration { driver.configuration }

    func run() {
        while true {
            driver.drainWake()
            let (incoming, cancelled, stopping) = driver.shared.withLock { state in
                defer {
                    state.submissions = []
                    state.cancellations = []
                }
                return (state.submissions, state.cancellations, state.stopping)
            }
            if !incoming.isEmpty {
                queued += incoming
                lastActivity = .now
                ignoreIdleSocket = false
            }
            if stopping && shutdownDeadline == nil { beginShutdown() }
            for job in queued + active where cancelled.contains(job.id) { requestStop(job, .cancel) }
            expireDeadlines()
            queued.removeAll { $0.delivered }
            if let shutdownDeadline, active.isEmpty || ContinuousClock.now >= shutdownDeadline { return finish() }

            if !queued.isEmpty && session == nil { connect() }
            if session != nil { checkSessionAlive() }
            var progressed = startQueuedJobs()
            for job in active { progressed = step(job) || progressed }
            active.removeAll { $0.phase == .done }
            progressed = startQueuedJobs() || progressed
            maintainSession()
            if !progressed { waitForEvents() }
        }
    }

    // MARK: - Session lifecycle

    private func connect() {
        // Connecting is bounded by the connect timeout and by the earliest waiting call's own time.
        let now = ContinuousClock.now
        let earliest = queued.map(\.deadline).min() ?? now
        let left = max(0.001, Self.seconds(now.duration(to: earliest)))
        do {
            let session = try SSHSession.connect(driver.target, timeout: left)
            // Probes carry want_reply, so a reply proves the node's sshd is alive; we send them
            // ourselves, on our schedule (`maintainSession`).
            libssh2_keepalive_config(session.raw, 1, 1)
            nextKeepalive = .now + .seconds(config.keepaliveInterval)
            self.session = session
            driver.shared.withLock {
                $0.statistics.connects += 1
                $0.hostKey = session.hostKey
            }
        } catch {
            if let key = hostKey(of: error) { driver.shared.withLock { $0.hostKey = key } }
            for job in queued { job.deliver(.failure(error)) }
            queued = []
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    private func hostKey(of error: SSHError) -> HostKeyInfo? {
        switch error {
        case .hostKeyUnknown(_, let key, _), .hostKeyChanged(_, let key, _, _), .hostKeyRevoked(_, let key, _): key
        default: nil
        }
    }

    /// A session idle since sshd restarted (or the network dropped) reads as EOF: notice it before
    /// a command is sent on it, so the command can go over a fresh connection instead.
    private func checkSessionAlive() {
        guard let session, active.isEmpty, !queued.isEmpty else { return }
        var pfd = pollfd(fd: session.fd, events: Int16(POLLIN), revents: 0)
        guard poll(&pfd, 1, 0) > 0 else { return }
        var byte: UInt8 = 0
        let n = recv(session.fd, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT))
        if n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) || pfd.revents & Int16(POLLHUP | POLLERR) != 0 {
            dropSession(detail: "the connection was closed by the node")
            if !queued.isEmpty { connect() }
        }
    }

    /// The session broke (a transport-level error): jobs that cannot have started are retried once
    /// on a new connection; jobs that may have started fail (never re-run a command), except those
    /// already being stopped, which are answered with their output and an unconfirmed stop (the
    /// node's watchdog stops them when it sees the connection gone).
    func sessionBroke(detail: String) {
        let endpoint = driver.target.endpoint
        var retry = [ExecJob]()
        for job in active where !job.delivered {
            if job.stopReason != nil && job.mayHaveStarted {
                job.deliverOutput(exitCode: nil, exitSignal: nil, stopConfirmed: false)
            } else if !job.mayHaveStarted && job.reconnectsLeft > 0 && shutdownDeadline == nil {
                job.reconnectsLeft -= 1
                job.phase = .queued
                job.channel = nil
                retry.append(job)
            } else {
                job.deliver(.failure(.connectionLost(endpoint: endpoint, detail: detail, commandMayHaveStarted: job.mayHaveStarted)))
            }
        }
        active = []
        queued = retry + queued
        if !retry.isEmpty { driver.shared.withLock { $0.statistics.reconnects += 1 } }
        session = nil  // libssh2_session_free releases the channels with it
    }

    /// No sign of life from the node for `keepaliveInterval × keepaliveCountMax` while probing it:
    /// its calls fail as `nodeUnresponsive`; queued ones wait for a new connection.
    private func sessionUnresponsive(silentSeconds: Int) {
        let endpoint = driver.target.endpoint
        for job in active where !job.delivered {
            if job.stopReason != nil && job.mayHaveStarted {
                job.deliverOutput(exitCode: nil, exitSignal: nil, stopConfirmed: false)
            } else {
                job.deliver(.failure(.nodeUnresponsive(endpoint: endpoint, silentSeconds: silentSeconds,
                                                       commandMayHaveStarted: job.mayHaveStarted)))
            }
        }
        active = []
        driver.shared.withLock { $0.statistics.unresponsive += 1 }
        session?.abandon()
        session = nil
    }

    private func dropSession(detail: String) {
        session?.disconnect(reason: detail)
        session = nil
    }

    /// Idle close, keepalive probes and liveness.
    private func maintainSession() {
        guard let session else { return }
        let now = ContinuousClock.now
        if active.isEmpty && queued.isEmpty && now - lastActivity >= .milliseconds(Int64(config.idleTimeout * 1000)) {
            dropSession(detail: "idle")
            return
        }
        guard now >= nextKeepalive else { return }
        nextKeepalive = now + .seconds(config.keepaliveInterval)
        guard let silent = session.millisecondsSinceLastReceive() else { return }
        let interval = config.keepaliveInterval * 1000
        if silent >= interval * config.keepaliveCountMax {
            sessionUnresponsive(silentSeconds: silent / 1000)
        } else if silent >= interval - 250 {
            // Quiet for a whole interval: ask for a reply. (libssh2 keeps each reply in its packet
            // list until the session is freed; one per quiet interval is a few KB an hour.)
            var next: Int32 = 0
            _ = libssh2_keepalive_send(session.raw, &next)
        }
    }

    private func beginShutdown() {
        shutdownDeadline = .now + .milliseconds(Int64(config.stopGrace * 1000))
        for job in queued { job.deliver(.failure(.shutdown)) }
        queued = []
        for job in active { requestStop(job, .shutdown) }
    }

    private func finish() {
        for job in queued + active where !job.delivered {
            if job.mayHaveStarted {
                job.deliverOutput(exitCode: nil, exitSignal: nil, stopConfirmed: false)
            } else {
                job.deliver(.failure(.shutdown))
            }
        }
        queued = []
        active = []
        dropSession(detail: "proxmox-tools is shutting down")
        let waiters = driver.shared.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.finished = true
            for job in state.submissions { job.deliver(.failure(.shutdown)) }
            state.submissions = []
            defer { state.stopped = [] }
            return state.stopped
        }
        for waiter in waiters { waiter.resume() }
    }

    // MARK: - Scheduling

    /// Moves queued jobs onto channels, up to `maxChannels`; returns whether any moved.
    private func startQueuedJobs() -> Bool {
        guard session != nil else { return false }
        var moved = false
        while active.count < config.maxChannels, !queued.isEmpty {
            let job = queued.removeFirst()
            job.phase = .opening
            active.append(job)
            moved = true
        }
        return moved
    }

    private func expireDeadlines() {
        let now = ContinuousClock.now
        for job in queued + active where !job.delivered {
            if job.stopReason == nil, now >= job.deadline {
                requestStop(job, .timeout)
            } else if let limit = job.stopDeadline, now >= limit {
                // The node did not confirm the stop in time: answer anyway, and say so.
                job.deliverOutput(exitCode: nil, exitSignal: nil, stopConfirmed: false)
                job.abandonDeadline = now + .seconds(10)
            }
        }
        queued.removeAll { $0.delivered }
        for job in active where job.abandonDeadline.map({ now >= $0 }) ?? false {
            // The remote side never closed the channel: leave it to libssh2_session_free.
            job.channel = nil
            job.phase = .done
        }
        active.removeAll { $0.phase == .done }
    }

    /// Timeout, cancellation or shutdown. A job that never reached the node is answered at once
    /// (and says it never started). A job that may be running gets EOF on its stdin, which makes
    /// the node's watchdog stop its process group; the caller is answered when the channel closes,
    /// or after `stopGrace` with the stop marked unconfirmed.
    func requestStop(_ job: ExecJob, _ reason: ExecJob.StopReason) {
        guard !job.delivered, job.stopReason == nil else { return }
        let endpoint = driver.target.endpoint
        switch job.phase {
        case .queued, .opening:
            switch reason {
            case .timeout:
                job.deliver(.failure(.notStartedInTime(endpoint: endpoint, detail: session == nil
                    ? "the connection to the node was not ready in time"
                    : "all \(config.maxChannels) channels of the session were busy (max_channels)")))
            case .cancel: job.deliver(.failure(.cancelledBeforeStart(endpoint: endpoint)))
            case .shutdown: job.deliver(.failure(.shutdown))
            }
            if job.phase == .queued { job.phase = .done }
        case .starting, .running:
            job.stopReason = reason
            job.stopDeadline = .now + .milliseconds(Int64(config.stopGrace * 1000))
            if job.phase == .running { job.phase = .sendingStop }
        case .sendingStop, .closing, .waitingClosed, .freeing, .done:
            break  // already ending by itself: its own exit status is the answer
        }
    }

    private func waitForEvents() {
        var fds = [pollfd(fd: driver.wakeFD, events: Int16(POLLIN), revents: 0)]
        if let session {
            if !active.isEmpty {
                let directions = libssh2_session_block_directions(session.raw)
                var events = Int16(POLLIN)
                if directions & LIBSSH2_SESSION_BLOCK_OUTBOUND != 0 { events |= Int16(POLLOUT) }
                fds.append(pollfd(fd: session.fd, events: events, revents: 0))
            } else if !ignoreIdleSocket {
                fds.append(pollfd(fd: session.fd, events: Int16(POLLIN), revents: 0))
            }
        }
        var wakeAt: ContinuousClock.Instant?
        func consider(_ instant: ContinuousClock.Instant) { wakeAt = min(wakeAt ?? instant, instant) }
        for job in queued + active where !job.delivered { consider(job.stopDeadline ?? job.deadline) }
        for job in active { if let at = job.abandonDeadline { consider(at) } }
        if let shutdownDeadline { consider(shutdownDeadline) }
        if session != nil {
            consider(nextKeepalive)
            if active.isEmpty && queued.isEmpty { consider(lastActivity + .milliseconds(Int64(config.idleTimeout * 1000))) }
        }
        let timeout = wakeAt.map { Deadline($0).remainingMilliseconds } ?? -1
        let n = poll(&fds, nfds_t(fds.count), timeout)
        if n > 0, fds.count > 1, active.isEmpty, fds[1].revents != 0 {
            // Readable with no channel open: EOF means the node closed the session; anything else
            // (a keepalive reply) is handled by libssh2 on the next channel operation.
            var byte: UInt8 = 0
            let r = recv(fds[1].fd, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT))
            if r == 0 || fds[1].revents & Int16(POLLHUP | POLLERR) != 0 {
                dropSession(detail: "the connection was closed by the node")
            } else {
                ignoreIdleSocket = true
            }
        }
    }
}
