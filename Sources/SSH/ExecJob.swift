/// One command on one channel, as the driver thread moves it along. Only the driver thread
/// touches a job after it is submitted.
// @unchecked: a job is created by a caller, handed over once through the driver's mutex, and from
// then on touched only by the driver thread (its completion closure is Sendable).
final class ExecJob: @unchecked Sendable {
    enum Phase {
        case queued, opening, starting, sendingEOF, running, closing, waitingClosed, freeing, done
    }

    let id: UInt64
    /// What is sent to the remote shell.
    let remoteCommand: String
    let deadline: ContinuousClock.Instant
    /// Internal jobs (remote kills) have no caller and no PID marker.
    let isInternal: Bool
    private let completion: @Sendable (Result<ExecResult, SSHError>) -> Void
    /// Receives the kept bytes of each stream as they arrive (on the driver thread).
    let sink: OutputSink?

    var phase: Phase = .queued
    var channel: OpaquePointer?
    var stdout: CappedBuffer
    var stderr: CappedBuffer
    /// The exec request has been (or may have been) sent: never re-run after this.
    var mayHaveStarted = false
    var reconnectsLeft = 1
    var delivered = false
    var timedOut = false
    var cancelled = false
    /// When closing began after a timeout/cancel; a channel that will not close is freed after a grace period.
    var abandonDeadline: ContinuousClock.Instant?
    /// The remote shell's PID (= its process group and session id, since sshd calls setsid()).
    var remotePID: Int32?
    private var markerBytes: [UInt8] = []
    private var markerDone: Bool

    /// Prefix that makes the remote shell report its PID on stderr before running the command, so a
    /// timeout can kill the whole process group (libssh2 1.10 has no channel signal request, and
    /// closing the channel alone leaves `sleep 300` running). The line is stripped from stderr.
    static let pidMarker: UInt8 = 0x1E
    static let pidPrefix = "printf '\\036PTPID=%d\\n' \"$$\" >&2; "

    init(id: UInt64, command: String, timeout: Double, maxOutput: Int, isInternal: Bool = false,
         sink: OutputSink? = nil, completion: @escaping @Sendable (Result<ExecResult, SSHError>) -> Void) {
        self.sink = sink
        self.id = id
        self.remoteCommand = isInternal ? command : Self.pidPrefix + command
        self.deadline = .now + .milliseconds(Int64(max(0, timeout) * 1000))
        self.isInternal = isInternal
        self.completion = completion
        self.stdout = CappedBuffer(limit: maxOutput)
        self.stderr = CappedBuffer(limit: maxOutput)
        self.markerDone = isInternal
    }

    func deliver(_ result: Result<ExecResult, SSHError>) {
        guard !delivered else { return }
        delivered = true
        completion(result)
    }

    func deliverOutput(exitCode: Int32?, exitSignal: String?) {
        flushMarker()
        deliver(.success(ExecResult(exitCode: exitCode, exitSignal: exitSignal, stdout: stdout.captured,
                                    stderr: stderr.captured, timedOut: timedOut, cancelled: cancelled)))
    }

    func appendStdout(_ chunk: UnsafeRawBufferPointer) {
        let kept = stdout.append(chunk)
        if kept > 0, let sink { sink(.stdout, UnsafeRawBufferPointer(rebasing: chunk.prefix(kept))) }
    }

    func appendStderr(_ chunk: UnsafeRawBufferPointer) {
        if markerDone {
            keepStderr(chunk)
            return
        }
        var rest = chunk[...]
        while let byte = rest.first, !markerDone {
            rest = rest.dropFirst()
            markerBytes.append(byte)
            if markerBytes.first != Self.pidMarker || markerBytes.count > 40 {
                flushMarker()
            } else if byte == UInt8(ascii: "\n") {
                let line = String(decoding: markerBytes.dropFirst().dropLast(), as: UTF8.self)
                if line.hasPrefix("PTPID="), let pid = Int32(line.dropFirst(6)) {
                    remotePID = pid
                    markerBytes = []
                    markerDone = true
                } else {
                    flushMarker()
                }
            }
        }
        if !rest.isEmpty { keepStderr(UnsafeRawBufferPointer(rebasing: rest)) }
    }

    /// Not a marker after all (or output ended first): the bytes belong to stderr.
    private func flushMarker() {
        markerDone = true
        guard !markerBytes.isEmpty else { return }
        let bytes = markerBytes
        markerBytes = []
        bytes.withUnsafeBytes { keepStderr($0) }
    }

    private func keepStderr(_ chunk: UnsafeRawBufferPointer) {
        let kept = stderr.append(chunk)
        if kept > 0, let sink { sink(.stderr, UnsafeRawBufferPointer(rebasing: chunk.prefix(kept))) }
    }
}

/// What a command produced. A non-zero exit status is data, not an error.
public struct ExecResult: Sendable, Hashable {
    public var exitCode: Int32?
    /// `TERM`, `KILL`, … when a signal ended the command.
    public var exitSignal: String?
    public var stdout: CapturedStream
    public var stderr: CapturedStream
    public var timedOut: Bool
    public var cancelled: Bool
}

/// Which stream a chunk of output came from.
public enum OutputStreamKind: Sendable {
    case stdout, stderr
}

/// Called on the node's driver thread with each chunk of kept output (within `max_output`, the
/// PID marker removed), for front ends that show output as it arrives. It must return quickly.
public typealias OutputSink = @Sendable (OutputStreamKind, UnsafeRawBufferPointer) -> Void
