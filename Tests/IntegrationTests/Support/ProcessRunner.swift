import Foundation

/// What a child process left behind: both output streams, its exit status and whether it was
/// stopped for running past its timeout.
struct ProcessOutput: Sendable {
    var stdout: Data
    var stderr: Data
    /// The exit status, or the signal number when `terminatedBySignal` is true.
    var exitCode: Int32
    var terminatedBySignal: Bool
    var timedOut: Bool

    var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    var stderrText: String { String(decoding: stderr, as: UTF8.self) }
}

/// Errors from starting a child process.
enum ProcessRunnerError: Error, CustomStringConvertible {
    case notFound(String, searched: [String])
    case launchFailed(String, underlying: any Error)

    var description: String {
        switch self {
        case let .notFound(name, searched):
            "'\(name)' was not found in \(searched.joined(separator: ":")); install it or fix PATH"
        case let .launchFailed(path, underlying):
            "could not start \(path): \(underlying)"
        }
    }
}

/// Runs a program to completion and captures its output, with a timeout.
///
/// Blocking reads and waits happen on dedicated threads, never on Swift's cooperative pool or
/// Dispatch's small pool (2 threads on this 2-core machine), so tests running `ssh` in parallel
/// do not starve each other. stdin is /dev/null, so a child such as `ssh` never waits for input.
/// Foundation's Process sees a child exit when a socket the child inherited closes: a child that
/// leaves a daemon holding its descriptors (an `ssh -f` ControlMaster, say) only "exits" at the
/// timeout, so such daemons must close what they inherit (scripts/sim-cluster's watchdog does).
enum ProcessRunner {
    /// Directories searched after `$PATH`: sshd lives in /usr/sbin, which a user's PATH may lack.
    static let extraSearchPath = ["/usr/local/sbin", "/usr/sbin", "/sbin"]

    /// The absolute path of `name` (returned as is when it already contains a `/`), or nil.
    static func find(_ name: String) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        return searchPath.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static var searchPath: [String] {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map(String.init) + extraSearchPath
    }

    /// Runs `executable` (a path, or a name looked up in PATH) with `arguments`.
    ///
    /// On timeout the child gets SIGTERM, then SIGKILL two seconds later; the result has
    /// `timedOut == true` and whatever output arrived until then.
    static func run(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String] = [:],
        timeout: Duration = .seconds(60)
    ) async throws -> ProcessOutput {
        let run = try ProcessRun(executable, arguments, environment: environment)
        return await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(returning: run.wait(timeout: timeout))
            }
        }
    }

    /// The blocking form, for places that cannot await (a `deinit`).
    static func runBlocking(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String] = [:],
        timeout: Duration = .seconds(60)
    ) throws -> ProcessOutput {
        try ProcessRun(executable, arguments, environment: environment).wait(timeout: timeout)
    }
}

/// One started child process and the threads draining its pipes.
///
/// `@unchecked Sendable`: the mutable buffers are written by the reader threads and read by
/// `wait` only after both readers have left the group (or under `lock` when giving up on them).
private final class ProcessRun: @unchecked Sendable {
    private let process = Process()
    private let readers = DispatchGroup()
    private let exited = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var stdout = Data()
    private var stderr = Data()

    init(_ executable: String, _ arguments: [String], environment: [String: String]) throws {
        guard let path = ProcessRunner.find(executable) else {
            throw ProcessRunnerError.notFound(executable, searched: ProcessRunner.searchPath)
        }
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardInput = FileHandle.nullDevice
        let outPipe = Pipe()
        let errPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        process.terminationHandler = { [exited] _ in exited.signal() }
        do {
            try startWithEmptySignalMask()
        } catch {
            throw ProcessRunnerError.launchFailed(path, underlying: error)
        }
        drain(outPipe.fileHandleForReading) { self.stdout.append($0) }
        drain(errPipe.fileHandleForReading) { self.stderr.append($0) }
    }

    /// Starts the process from a fresh thread whose signal mask is empty. A child inherits the mask
    /// of the thread that spawns it, and Swift's and Dispatch's worker threads block nearly every
    /// signal: a shell started from one ignores SIGTERM, and so does everything it starts.
    private func startWithEmptySignalMask() throws {
        let started = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var failure: (any Error)?
        Thread.detachNewThread { [self] in
            var empty = sigset_t()
            sigemptyset(&empty)
            pthread_sigmask(SIG_SETMASK, &empty, nil)
            do { try process.run() } catch { failure = error }
            started.signal()
        }
        started.wait()
        if let failure { throw failure }
    }

    private func drain(_ handle: FileHandle, into append: @escaping @Sendable (Data) -> Void) {
        readers.enter()
        Thread.detachNewThread { [lock, readers] in
            while true {
                let chunk = handle.availableData // blocks until data or EOF
                if chunk.isEmpty { break }
                lock.withLock { append(chunk) }
            }
            readers.leave()
        }
    }

    func wait(timeout: Duration) -> ProcessOutput {
        var timedOut = false
        if exited.wait(timeout: .now() + timeout.timeInterval) == .timedOut {
            timedOut = true
            process.terminate()
            if exited.wait(timeout: .now() + 2) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                _ = exited.wait(timeout: .now() + 2)
            }
        }
        // A grandchild that inherited a pipe may keep it open; do not wait for it forever.
        _ = readers.wait(timeout: .now() + 5)
        // Foundation traps when asked for the status of a process it still believes runs.
        let finished = !process.isRunning
        return lock.withLock {
            ProcessOutput(
                stdout: stdout, stderr: stderr, exitCode: finished ? process.terminationStatus : -1,
                terminatedBySignal: finished && process.terminationReason == .uncaughtSignal, timedOut: timedOut)
        }
    }
}

fileprivate extension Duration {
    /// Seconds as a `TimeInterval`, for Dispatch.
    var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
