import CLibSSH2
import Foundation

/// One node's session as its `EventLoop` drives it: the libssh2 session, the commands waiting for
/// a channel and those on one. Touched by the loop's thread only.
///
/// `tick` moves everything as far as it goes without blocking. The loop sleeps in `poll(2)` only
/// after a pass in which every libssh2 call on every channel answered EAGAIN. Any other answer
/// (data, EOF, a finished close) means libssh2 may hold packets it already read from the socket
/// for another channel, and the socket will not wake us for those: sleeping then is how a warm
/// call used to wait for the next keepalive (issue 14).
final class SessionState {
    let driver: SessionDriver
    unowned let loop: EventLoop
    var session: SSHSession?
    /// A connection attempt is running on a connector thread.
    var connecting = false
    /// That attempt is bounded by a waiting call's time rather than by `connect_timeout`.
    var connectBoundByCall = false
    var queued: [ExecJob] = []
    var active: [ExecJob] = []
    var lastActivity = ContinuousClock.now
    /// When liveness is checked next (every second while a session is open).
    var nextKeepalive = ContinuousClock.now
    /// When the last keepalive probe went out.
    var lastProbe: ContinuousClock.Instant?
    /// The socket had unread data while no channel was open: stop polling it until the next command.
    var ignoreIdleSocket = false
    /// Set when shutdown began: in-flight commands are being stopped until then.
    var shutdownDeadline: ContinuousClock.Instant?
    /// Something happened since the last tick (new work, socket readiness, progress): tick again.
    private var dirty = true
    private(set) var isFinished = false

    init(driver: SessionDriver, loop: EventLoop) {
        self.driver = driver
        self.loop = loop
    }

    var config: SessionDriver.Configuration { driver.configuration }
    var buffer: [UInt8] {
        get { loop.buffer }
        _modify { yield &loop.buffer }
    }

    /// Takes the driver's new submissions, cancellations and shutdown request.
    func takeSubmissions() {
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
        dirty = true
    }

    func needsTick(at now: ContinuousClock.Instant) -> Bool {
        dirty || (nextDeadline().map { $0 <= now } ?? false)
    }

    /// One pass; returns whether anything progressed (then the loop does not sleep).
    func tick() -> Bool {
        dirty = false
        expireDeadlines()
        queued.removeAll { $0.delivered }
        if let shutdownDeadline, active.isEmpty || ContinuousClock.now >= shutdownDeadline {
            finish()
            return false
        }
        if !queued.isEmpty && session == nil { connect() }
        if session != nil { checkSessionAlive() }
        var progressed = startQueuedJobs()
        for job in active { progressed = step(job) || progressed }
        active.removeAll { $0.phase == .done }
        progressed = startQueuedJobs() || progressed
        maintainSession()
        if session == nil && !connecting && queued.isEmpty && active.isEmpty && driver.isIdleAndEmpty() {
            isFinished = true  // holds nothing: no thread, no socket; the driver comes back with its next call
        }
        dirty = progressed
        return progressed
    }

    // MARK: - Session lifecycle

    /// Starts connecting on a connector thread (at most `maxConnecting` at once across the
    /// process), bounded by the connect timeout and by the earliest waiting call's own time left.
    private func connect() {
        guard !connecting else { return }
        connecting = true
        let now = ContinuousClock.now
        let earliest = queued.map(\.deadline).min() ?? now
        let left = max(.milliseconds(1), now.duration(to: earliest))
        connectBoundByCall = left < driver.target.connectTimeout
        driver.logger.debug("connecting", metadata: ["waiting": "\(queued.count)", "bound_ms": "\(left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000)"])
        let (driver, loop, target) = (driver, loop, driver.target)
        loop.connector.submit(Connector.Work(run: {
            do throws(SSHError) {
                let session = try SSHSession.connect(target, timeout: left)
                loop.post(driver, ConnectOutcome(result: .connected(UncheckedSendable(session))))
            } catch {
                loop.post(driver, ConnectOutcome(result: .failed(error)))
            }
        }, refused: { error in
            loop.post(driver, ConnectOutcome(result: .failed(error)))
        }))
    }

    /// The connector's answer, back on the loop thread.
    func connectFinished(_ outcome: ConnectOutcome) {
        connecting = false
        dirty = true
        switch outcome.result {
        case .connected(let box):
            let session = box.value
            if shutdownDeadline != nil {
                session.disconnect(reason: "proxmox-tools is shutting down")
                return
            }
            // Probes carry want_reply, so a reply proves the node's sshd is alive; we send them
            // ourselves, on our schedule (`maintainSession`).
            libssh2_keepalive_config(session.raw, 1, 1)
            nextKeepalive = .now + .seconds(1)
            lastProbe = nil
            lastActivity = .now
            self.session = session
            let connects = driver.shared.withLock {
                $0.statistics.connects += 1
                $0.hostKey = session.hostKey
                return $0.statistics.connects
            }
            driver.logger.debug("connected", metadata: ["connects": "\(connects)", "waiting": "\(queued.count)"])
        case .failed(let error):
            driver.logger.debug("connect failed", metadata: ["error": "\(error)", "waiting": "\(queued.count)"])
            if let key = hostKey(of: error) { driver.shared.withLock { $0.hostKey = key } }
            if case .connectTimedOut = error, connectBoundByCall {
                // The attempt was cut short by the call that started it, whose own timeout already
                // answered it; calls with time left get an attempt of their own.
                let now = ContinuousClock.now
                for job in queued where job.deadline <= now { job.deliver(.failure(error)) }
                queued.removeAll { $0.delivered }
                return
            }
            for job in queued { job.deliver(.failure(error)) }
            queued = []
        }
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
                job.deliverUnconfirmedStop()
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
        driver.logger.notice("session broke", metadata: [
            "detail": "\(detail)", "retried": "\(retry.count)", "queued": "\(queued.count)"])
        session = nil  // libssh2_session_free releases the channels with it
    }

    /// No sign of life from the node for `keepaliveInterval × keepaliveCountMax` while probing it:
    /// its calls fail as `nodeUnresponsive`; queued ones wait for a new connection.
    private func sessionUnresponsive(silentSeconds: Int) {
        let endpoint = driver.target.endpoint
        for job in active where !job.delivered {
            if job.stopReason != nil && job.mayHaveStarted {
                job.deliverUnconfirmedStop()
            } else {
                job.deliver(.failure(.nodeUnresponsive(endpoint: endpoint, silentSeconds: silentSeconds,
                                                       commandMayHaveStarted: job.mayHaveStarted)))
            }
        }
        active = []
        driver.shared.withLock { $0.statistics.unresponsive += 1 }
        driver.logger.notice("node unresponsive: session abandoned", metadata: [
            "silent_s": "\(silentSeconds)", "queued": "\(queued.count)"])
        session?.abandon()
        session = nil
    }

    private func dropSession(detail: String) {
        if session != nil { driver.logger.debug("closing session", metadata: ["detail": "\(detail)"]) }
        session?.disconnect(reason: detail)
        session = nil
    }

    /// Idle close, keepalive probes and liveness.
    private func maintainSession() {
        guard let session else { return }
        let now = ContinuousClock.now
        if active.isEmpty && queued.isEmpty && now - lastActivity >= config.idleTimeout {
            dropSession(detail: "idle")
            return
        }
        // Checked every second (one getsockopt), so a dead session is noticed within about a
        // second of `interval × countMax`, not up to an interval later.
        guard now >= nextKeepalive else { return }
        nextKeepalive = now + .seconds(1)
        guard let silent = session.millisecondsSinceLastReceive() else { return }
        let interval = config.keepaliveInterval * 1000
        if silent >= interval * config.keepaliveCountMax {
            sessionUnresponsive(silentSeconds: silent / 1000)
        } else if silent >= interval, lastProbe.map({ now - $0 >= .seconds(config.keepaliveInterval) }) ?? true {
            // Quiet for a whole interval: ask for a reply. (libssh2 keeps each reply in its packet
            // list until the session is freed; one per quiet interval is a few KB an hour.)
            var next: Int32 = 0
            _ = libssh2_keepalive_send(session.raw, &next)
            lastProbe = now
        }
    }

    private func beginShutdown() {
        shutdownDeadline = .now + config.stopGrace
        for job in queued { job.deliver(.failure(.shutdown)) }
        queued = []
        for job in active { requestStop(job, .shutdown) }
    }

    private func finish() {
        for job in queued + active where !job.delivered {
            if job.mayHaveStarted {
                job.deliverUnconfirmedStop()
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
        isFinished = true
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
                job.deliverUnconfirmedStop()
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
            case .timeout where session == nil:
                // Still connecting when the call's time ran out: connecting is bounded by it.
                job.deliver(.failure(.connectTimedOut(endpoint: endpoint, after: job.timeout)))
            case .timeout:
                job.deliver(.failure(.notStartedInTime(
                    endpoint: endpoint, detail: "all \(config.maxChannels) channels of the session were busy (max_channels)")))
            case .cancel: job.deliver(.failure(.cancelledBeforeStart(endpoint: endpoint)))
            case .shutdown: job.deliver(.failure(.shutdown))
            }
            if job.phase == .queued { job.phase = .done }
        case .starting, .running:
            job.stopReason = reason
            job.stopDeadline = .now + config.stopGrace
            if job.phase == .running { job.phase = .sendingStop }
        case .sendingStop, .closing, .waitingClosed, .freeing, .done:
            break  // already ending by itself: its own exit status is the answer
        }
    }

    /// The socket to wait on, if any: with channels open, in the directions libssh2 is blocked on.
    func pollRequest() -> pollfd? {
        guard let session else { return nil }
        if !active.isEmpty {
            let directions = libssh2_session_block_directions(session.raw)
            var events = Int16(POLLIN)
            if directions & LIBSSH2_SESSION_BLOCK_OUTBOUND != 0 { events |= Int16(POLLOUT) }
            return pollfd(fd: session.fd, events: events, revents: 0)
        }
        return ignoreIdleSocket ? nil : pollfd(fd: session.fd, events: Int16(POLLIN), revents: 0)
    }

    /// When this session next needs a tick even if its socket stays quiet.
    func nextDeadline() -> ContinuousClock.Instant? {
        var wakeAt: ContinuousClock.Instant?
        func consider(_ instant: ContinuousClock.Instant) { wakeAt = min(wakeAt ?? instant, instant) }
        for job in queued + active where !job.delivered { consider(job.stopDeadline ?? job.deadline) }
        for job in active { if let at = job.abandonDeadline { consider(at) } }
        if let shutdownDeadline { consider(shutdownDeadline) }
        if session != nil {
            consider(nextKeepalive)
            if active.isEmpty && queued.isEmpty { consider(lastActivity + config.idleTimeout) }
        }
        return wakeAt
    }

    /// poll(2) saw the socket ready.
    func socketReady(_ revents: Int16) {
        dirty = true
        guard let session, active.isEmpty else { return }
        // Readable with no channel open: EOF means the node closed the session; anything else
        // (a keepalive reply) is handled by libssh2 on the next channel operation.
        var byte: UInt8 = 0
        let r = recv(session.fd, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT))
        if r == 0 || revents & Int16(POLLHUP | POLLERR) != 0 {
            dropSession(detail: "the connection was closed by the node")
        } else {
            ignoreIdleSocket = true
        }
    }
}
