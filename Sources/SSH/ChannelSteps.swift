import CLibSSH2
import Foundation

extension SessionState {
    /// Moves one job as far as it can go without blocking. Returns whether any libssh2 call
    /// answered something other than EAGAIN, so the loop polls only when every channel is waiting
    /// on the socket.
    func step(_ job: ExecJob) -> Bool {
        guard let session else { return false }
        let raw = session.raw
        var progressed = false
        while true {
            switch job.phase {
            case .queued, .done:
                return progressed
            case .opening:
                guard let channel = pt_channel_open_session(raw) else {
                    let code = pt_session_last_errno(raw)
                    if code == LIBSSH2_ERROR_EAGAIN { return progressed }
                    if !Self.isTransportError(code) {
                        fail(job, .channelFailed(endpoint: driver.target.endpoint,
                                                 detail: "the node refused a new channel (sshd MaxSessions?): \(LibSSH2.lastError(raw).message)"))
                        job.phase = .done
                        return true
                    }
                    sessionBroke(detail: LibSSH2.lastError(raw).message)
                    return true
                }
                job.channel = channel
                job.phase = job.delivered ? .closing : .starting
            case .starting:
                job.mayHaveStarted = true
                let rc = pt_channel_exec(job.channel, job.remoteCommand)
                if rc == LIBSSH2_ERROR_EAGAIN { return progressed }
                if rc != 0 {
                    if !Self.isTransportError(rc) {
                        // The node refused this request: this call fails, the session and its other
                        // channels carry on.
                        fail(job, .channelFailed(endpoint: driver.target.endpoint,
                                                 detail: "the node refused to start the command: \(LibSSH2.lastError(raw).message)"))
                        job.phase = .closing
                        progressed = true
                        continue
                    }
                    sessionBroke(detail: LibSSH2.lastError(raw).message)
                    return true
                }
                job.phase = job.stopReason == nil ? .running : .sendingStop
            case .sendingStop:
                guard job.request.teardown.contains(.closeInput) else {
                    job.stopSent = true
                    job.phase = .closing
                    progressed = true
                    continue
                }
                // EOF on the command's stdin: the node's watchdog stops the process group.
                let rc = libssh2_channel_send_eof(job.channel)
                if rc == LIBSSH2_ERROR_EAGAIN { return progressed }
                if rc != 0 && Self.isTransportError(rc) {
                    sessionBroke(detail: LibSSH2.lastError(raw).message)
                    return true
                }
                job.stopSent = true
                job.phase = .running
            case .running:
                switch drain(job, raw: raw) {
                case .wouldBlock: return progressed
                case .progressed: return true
                case .finished: job.phase = .closing
                case .broken(let code, let detail):
                    if Self.isTransportError(code) {
                        sessionBroke(detail: detail)
                        return true
                    }
                    fail(job, .channelFailed(endpoint: driver.target.endpoint, detail: detail))
                    job.phase = .closing
                }
            case .closing:
                let rc = libssh2_channel_close(job.channel)
                if rc == LIBSSH2_ERROR_EAGAIN { return progressed }
                if rc != 0 && Self.isTransportError(rc) {
                    sessionBroke(detail: LibSSH2.lastError(raw).message)
                    return true
                }
                job.phase = .waitingClosed
            case .waitingClosed:
                // Keep reading while waiting, so a stopped command's late output cannot fill the window.
                if case .broken(let code, let detail) = drain(job, raw: raw), Self.isTransportError(code) {
                    sessionBroke(detail: detail)
                    return true
                }
                let rc = libssh2_channel_wait_closed(job.channel)
                if rc == LIBSSH2_ERROR_EAGAIN { return progressed }
                if rc != 0 && Self.isTransportError(rc) {
                    sessionBroke(detail: LibSSH2.lastError(raw).message)
                    return true
                }
                if !job.delivered {
                    // libssh2 reports exit status 0 when the node sent none (the command died of a signal).
                    let signal = exitSignal(job.channel)
                    job.deliverOutput(exitCode: signal == nil ? libssh2_channel_get_exit_status(job.channel) : nil, exitSignal: signal)
                }
                job.phase = .freeing
            case .freeing:
                let rc = libssh2_channel_free(job.channel)
                if rc == LIBSSH2_ERROR_EAGAIN { return progressed }
                job.channel = nil
                job.phase = .done
                lastActivity = .now
                return true
            }
            progressed = true
        }
    }

    enum DrainOutcome { case wouldBlock, progressed, finished, broken(Int32, String) }

    /// Reads stdout and stderr alternately until both would block, so neither stream can stall
    /// the other on the channel window (5 MB to stderr before any stdout must not deadlock).
    /// Returns after a budget of bytes so one busy channel cannot starve the others or the deadlines.
    func drain(_ job: ExecJob, raw: OpaquePointer) -> DrainOutcome {
        var budget = 4 << 20
        var progressed = false
        while budget > 0 {
            var results: (Int, Int) = (0, 0)
            for stream: Int32 in [0, 1] {
                let n = buffer.withUnsafeMutableBytes { bytes -> Int in
                    let n = pt_channel_read(job.channel, stream, bytes.baseAddress!.assumingMemoryBound(to: CChar.self), bytes.count)
                    if n > 0 {
                        let chunk = UnsafeRawBufferPointer(rebasing: bytes[0..<n])
                        if stream == 0 { job.appendStdout(chunk) } else { job.appendStderr(chunk) }
                    }
                    // libssh2 reports a closed channel as an error; for reading it is just the end.
                    return n == Int(LIBSSH2_ERROR_CHANNEL_CLOSED) ? 0 : n
                }
                if stream == 0 { results.0 = n } else { results.1 = n }
            }
            let (out, err) = results
            if out > 0 || err > 0 {
                budget -= max(out, 0) + max(err, 0)
                progressed = true
                continue
            }
            // Non-blocking reads return EAGAIN while the channel is open and empty, 0 once the
            // remote sent EOF and everything was read.
            if out == 0 && err == 0 { return .finished }
            let again = Int(LIBSSH2_ERROR_EAGAIN)
            if out == again && err == again { return progressed ? .progressed : .wouldBlock }
            if (out == 0 || out == again) && (err == 0 || err == again) {
                // One stream saw EOF after the other said EAGAIN: the EOF arrived between the two
                // reads (the second read pulled it, and maybe the exit status and close, off the
                // socket). Read both again now; the socket will not wake us for it.
                progressed = true
                continue
            }
            let code = Int32(clamping: out < 0 && out != again ? out : err)
            return .broken(code, LibSSH2.lastError(raw).message)
        }
        return .progressed
    }

    /// Errors after which the SSH connection itself is unusable. Everything else (a refused
    /// request, a channel-level protocol complaint) concerns one channel only.
    static func isTransportError(_ code: Int32) -> Bool {
        switch code {
        case LIBSSH2_ERROR_SOCKET_SEND, LIBSSH2_ERROR_SOCKET_RECV, LIBSSH2_ERROR_SOCKET_DISCONNECT,
             LIBSSH2_ERROR_SOCKET_TIMEOUT, LIBSSH2_ERROR_BAD_SOCKET, LIBSSH2_ERROR_SOCKET_NONE,
             LIBSSH2_ERROR_TIMEOUT, LIBSSH2_ERROR_DECRYPT, LIBSSH2_ERROR_ENCRYPT, LIBSSH2_ERROR_INVALID_MAC,
             LIBSSH2_ERROR_KEX_FAILURE, LIBSSH2_ERROR_PROTO, LIBSSH2_ERROR_COMPRESS, LIBSSH2_ERROR_ALLOC:
            return true
        default:
            return false
        }
    }

    private func exitSignal(_ channel: OpaquePointer?) -> String? {
        var name: UnsafeMutablePointer<CChar>?
        var length = 0
        guard libssh2_channel_get_exit_signal(channel, &name, &length, nil, nil, nil, nil) == 0, let name else { return nil }
        defer { free(name) }
        return length > 0 ? String(cString: name) : nil
    }

    private func fail(_ job: ExecJob, _ error: SSHError) {
        job.deliver(.failure(error))
    }
}
