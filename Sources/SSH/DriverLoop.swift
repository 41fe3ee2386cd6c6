import CLibSSH2
import Foundation

/// The state confined to a `SessionDriver`'s thread: the session, the channels, the poll loop.
final class DriverLoop {
    let driver: SessionDriver
    var session: SSHSession?
    var queued: [ExecJob] = []
    var active: [ExecJob] = []
    var lastActivity = ContinuousClock.now
    var nextKeepalive = ContinuousClock.now
    /// The socket had unread data while no channel was open: stop polling it until the next command.
    var ignoreIdleSocket = false
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
            if stopping { return finish() }
            for job in queued + active where cancelled.contains(job.id) { abort(job, cancelled: true) }
            queued.removeAll { $0.delivered }

            if !queued.isEmpty && session == nil { connect() }
            if session != nil { checkSessionAlive() }
            startQueuedJobs()

            var progressed = false
            for job in active { progressed = step(job) || progressed }
            active.removeAll { $0.phase == .done }
            expireDeadlines()
            if session != nil && !queued.isEmpty { startQueuedJobs() }
            maintainIdleSession()
            if !progressed { waitForEvents() }
        }
    }

    // MARK: - Session lifecycle

    private func connect() {
        do {
            let session = try SSHSession.connect(driver.target)
            libssh2_keepalive_config(session.raw, 0, UInt32(max(1, config.keepaliveInterval)))
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

    /// The session broke: jobs that cannot have started are retried once on a new connection;
    /// jobs that may have started fail (never re-run a command).
    func sessionBroke(detail: String) {
        let endpoint = driver.target.endpoint
        var retry = [ExecJob]()
        for job in active {
            if job.delivered { continue }
            if !job.mayHaveStarted && job.reconnectsLeft > 0 {
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

    private func dropSession(detail: String) {
        session?.disconnect(reason: detail)
        session = nil
    }

    private func maintainIdleSession() {
        guard let session else { return }
        if active.isEmpty && queued.isEmpty && ContinuousClock.now - lastActivity >= .milliseconds(Int64(config.idleTimeout * 1000)) {
            dropSession(detail: "idle")
            return
        }
        if ContinuousClock.now >= nextKeepalive {
            var next: Int32 = 0
            _ = libssh2_keepalive_send(session.raw, &next)
            nextKeepalive = .now + .seconds(Int(max(1, next)))
        }
    }

    private func finish() {
        for job in queued + active { job.deliver(.failure(.shutdown)) }
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

    private func startQueuedJobs() {
        guard session != nil else { return }
        while active.count < config.maxChannels, !queued.isEmpty {
            let job = queued.removeFirst()
            job.phase = .opening
            active.append(job)
        }
    }

    private func expireDeadlines() {
        let now = ContinuousClock.now
        for job in queued + active where !job.delivered && !job.isInternal && now >= job.deadline {
            abort(job, cancelled: false)
        }
        queued.removeAll { $0.delivered }
        for job in active where job.abandonDeadline.map({ now >= $0 }) ?? false {
            // The remote side never closed the channel even after the kill: let it go.
            if let channel = job.channel { libssh2_channel_free(channel) }
            job.channel = nil
            job.phase = .done
        }
        active.removeAll { $0.phase == .done }
    }

    /// Timeout or cancellation: answer the caller now with what arrived so far, then stop the
    /// remote process group and close the channel in the background.
    private func abort(_ job: ExecJob, cancelled: Bool) {
        guard !job.delivered else { return }
        job.timedOut = !cancelled
        job.cancelled = cancelled
        job.deliverOutput(exitCode: nil, exitSignal: nil)
        guard job.channel != nil else {
            job.phase = .done
            return
        }
        if let pid = job.remotePID, pid > 1 {
            let kill = "kill -TERM -- -\(pid) 2>/dev/null; sleep 1; kill -KILL -- -\(pid) 2>/dev/null; exit 0"
            queued.insert(ExecJob(id: 0, command: kill, timeout: 15, maxOutput: 1024, isInternal: true) { _ in }, at: 0)
        }
        job.abandonDeadline = .now + .seconds(5)
        if job.phase == .running || job.phase == .sendingEOF || job.phase == .starting { job.phase = .closing }
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
        for job in queued + active where !job.delivered && !job.isInternal { consider(job.deadline) }
        for job in active { if let at = job.abandonDeadline { consider(at) } }
        if session != nil {
            consider(nextKeepalive)
            if active.isEmpty && queued.isEmpty { consider(lastActivity + .milliseconds(Int64(config.idleTimeout * 1000))) }
        }
        let timeout = wakeAt.map { Deadline($0).remainingMilliseconds } ?? -1
        let n = poll(&fds, nfds_t(fds.count), timeout)
        if n > 0, fds.count > 1, active.isEmpty, fds[1].revents != 0 {
            // Readable with no channel open: EOF means the node closed the session; anything else
            // (a server keepalive) is handled by libssh2 on the next channel operation.
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
