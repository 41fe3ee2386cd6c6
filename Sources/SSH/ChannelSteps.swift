import CLibSSH2
import Foundation

extension DriverLoop {
    /// Moves one job as far as it can go without blocking. Returns whether anything happened, so
    /// the loop polls only when every channel is waiting on the socket.
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
                    if code == LIBSSH2_ERROR_CHANNEL_FAILURE {
                        fail(job, .channelFailed(endpoint: driver.target.endpoint,
                                                 detail: "the node refused a new channel (sshd MaxSessions?): \(LibSSH2.lastError(raw).message)"))
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
                    if rc == LIBSSH2_ERROR_CHANNEL_REQUEST_DENIED || rc == LIBSSH2_ERROR_CHANNEL_FAILURE {
                        fail(job, .channelFailed(endpoint: driver.target.endpoint, detail: "the node refused to start the command"))
                        job.phase = .closing
                        continue
                    }
                    sessionBroke(detail: LibSSH2.lastError(raw).message)
                    return true
                }
                job.phase = .sendingEOF
            case .sendingEOF:
                // The command gets an empty stdin, like `ssh -n`, so nothing waits for input forever.
                let rc = libssh2_channel_send_eof(job.channel)
                if rc == LIBSSH2_ERROR_EAGAIN { return progressed }
                job.phase = .running
            case .running:
                switch drain(job, raw: raw) {
                case .wouldBlock: return progressed
                case .progressed: return true
                case .finished: job.phase = .closing
                case .broken(let detail):
                    sessionBroke(detail: detail)
                    return true
                }
            case .closing:
                let rc = libssh2_channel_close(job.channel)
                if rc == LIBSSH2_ERROR_EAGAIN { return progressed }
                job.phase = .waitingClosed
            case .waitingClosed:
                // Keep reading while waiting, so a timed-out command's late output cannot fill the window.
                if case .broken(let detail) = drain(job, raw: raw) {
                    sessionBroke(detail: detail)
                    return true
                }
                let rc = libssh2_channel_wait_closed(job.channel)
                if rc == LIBSSH2_ERROR_EAGAIN { return progressed }
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

    private enum DrainOutcome { case wouldBlock, progressed, finished, broken(String) }

    /// Reads stdout and stderr alternately until both would block, so neither stream can stall
    /// the other on the channel window (5 MB to stderr before any stdout must not deadlock).
    /// Returns after a budget of bytes so one busy channel cannot starve the others or the deadlines.
    private func drain(_ job: ExecJob, raw: OpaquePointer) -> DrainOutcome {
        var budget = 4 << 20
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
                continue
            }
            // Non-blocking reads return EAGAIN while the channel is open and empty, 0 once the
            // remote sent EOF and everything was read.
            if out == 0 && err == 0 { return .finished }
            let again = Int(LIBSSH2_ERROR_EAGAIN)
            if (out == 0 || out == again) && (err == 0 || err == again) {
                return budget < 4 << 20 ? .progressed : .wouldBlock
            }
            return .broken(LibSSH2.lastError(raw).message)
        }
        return .progressed
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
