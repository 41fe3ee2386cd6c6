/// One command on one channel, as the driver thread moves it along. Only the driver thread
/// touches a job after it is submitted.
// @unchecked: a job is created by a caller, handed over once through the driver's mutex, and from
// then on touched only by the driver thread (its completion closure is Sendable).
final class ExecJob: @unchecked Sendable {
    enum Phase {
        case queued, opening, starting, running, sendingStop, closing, waitingClosed, freeing, done
    }

    /// Why a command is being stopped before it finished by itself.
    enum StopReason { case timeout, cancel, shutdown }

    let id: UInt64
    /// The request as the layer above composed it; `remoteCommand` is what the exec carries.
    let request: ExecRequest
    var remoteCommand: String { request.command }
    let deadline: ContinuousClock.Instant
    /// The call's time (for messages).
    let timeout: Duration
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
    /// Set when a timeout, a cancellation or shutdown asked the remote command to stop.
    var stopReason: StopReason?
    /// The stop request (EOF on the channel's stdin) has gone out.
    var stopSent = false
    /// The caller is answered by then even if the node never confirms the stop.
    var stopDeadline: ContinuousClock.Instant?
    /// After delivery without a confirmed close, the channel is freed at this point at the latest.
    var abandonDeadline: ContinuousClock.Instant?

    init(id: UInt64, request: ExecRequest, timeout: Duration, maxOutput: Int,
         sink: OutputSink? = nil, completion: @escaping @Sendable (Result<ExecResult, SSHError>) -> Void) {
        self.sink = sink
        self.id = id
        self.request = request
        self.deadline = .now + max(.zero, timeout)
        self.timeout = timeout
        self.completion = completion
        self.stdout = CappedBuffer(limit: maxOutput)
        self.stderr = CappedBuffer(limit: maxOutput)
    }

    func deliver(_ result: Result<ExecResult, SSHError>) {
        guard !delivered else { return }
        delivered = true
        completion(result)
    }

    /// Answers the caller with the output so far. `stopConfirmed` is false when a stop was asked for
    /// and the node did not confirm it (channel closed) within the bound.
    func deliverOutput(exitCode: Int32?, exitSignal: String?, stopConfirmed: Bool = true) {
        deliver(.success(ExecResult(exitCode: exitCode, exitSignal: exitSignal, stdout: stdout.captured,
                                    stderr: stderr.captured, timedOut: stopReason == .timeout,
                                    cancelled: stopReason == .cancel || stopReason == .shutdown,
                                    stopConfirmed: stopReason == nil || stopConfirmed)))
    }

    /// Answers a job whose stop was asked for but never confirmed by the node (no answer within
    /// `stopGrace`, a lost or dropped session, shutdown): the output so far, `stopConfirmed: false`.
    func deliverUnconfirmedStop() {
        deliverOutput(exitCode: nil, exitSignal: nil, stopConfirmed: false)
    }

    func appendStdout(_ chunk: UnsafeRawBufferPointer) {
        let kept = stdout.append(chunk)
        if kept > 0, let sink { sink(.stdout, UnsafeRawBufferPointer(rebasing: chunk.prefix(kept))) }
    }

    func appendStderr(_ chunk: UnsafeRawBufferPointer) {
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
    /// The command ran and was stopped because its timeout expired.
    public var timedOut: Bool
    /// The command ran and was stopped because the caller cancelled or the process shut down.
    public var cancelled: Bool
    /// The node confirmed the stop (the command's channel closed after TERM/KILL). False only when a
    /// stop was asked for and the node did not answer within the bound (3 s).
    public var stopConfirmed: Bool

    public init(exitCode: Int32?, exitSignal: String?, stdout: CapturedStream, stderr: CapturedStream,
                timedOut: Bool, cancelled: Bool, stopConfirmed: Bool = true) {
        self.exitCode = exitCode
        self.exitSignal = exitSignal
        self.stdout = stdout
        self.stderr = stderr
        self.timedOut = timedOut
        self.cancelled = cancelled
        self.stopConfirmed = stopConfirmed
    }
}

/// Which stream a chunk of output came from.
public enum OutputStreamKind: Sendable {
    case stdout, stderr
}

/// Called on the node's driver thread with each chunk of kept output (within `max_output`), for
/// front ends that show output as it arrives. It must return quickly.
public typealias OutputSink = @Sendable (OutputStreamKind, UnsafeRawBufferPointer) -> Void
