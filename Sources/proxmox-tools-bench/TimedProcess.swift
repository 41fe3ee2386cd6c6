import Glibc

/// One whole-process run, timed from just before `posix_spawnp` to `waitpid` returning: what a
/// person or script that runs the command once per call waits for.
struct TimedRun: Sendable {
    var milliseconds: Double
    var exitStatus: Int32
    /// Bytes the process wrote to stdout (read and counted, so a truncated stream shows).
    var stdoutBytes: Int
    var stderrTail: String
}

enum TimedProcess {
    /// Runs `argv` once; stdout is drained through a pipe and counted, stderr goes to `stderrFile`
    /// (a file, not a pipe, so a chatty stderr can never block the child while we read stdout).
    static func run(_ argv: [String], stderrFile: String) throws(BenchError) -> TimedRun {
        let output = try Pipe()
        let errorFD = open(stderrFile, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard errorFD >= 0 else { throw BenchError("cannot write \(stderrFile): \(String(cString: strerror(errno)))") }
        let clock = ContinuousClock()
        let start = clock.now
        let child: ChildProcess
        do {
            child = try ChildProcess.spawn(argv, stdout: .descriptor(output.writeEnd), stderr: .descriptor(errorFD))
        } catch {
            close(output.readEnd); close(output.writeEnd); close(errorFD)
            throw error
        }
        close(output.writeEnd)
        close(errorFD)
        let bytes = drain(output.readEnd)
        close(output.readEnd)
        let status = child.wait()
        let elapsed = (clock.now - start).milliseconds
        let tail = readTextFile(stderrFile).map { String($0.suffix(600)) } ?? ""
        return TimedRun(milliseconds: elapsed, exitStatus: status, stdoutBytes: bytes, stderrTail: tail)
    }

    /// Runs `argv` and fails with its stderr unless it exits 0 (and, if given, wrote `expectBytes`).
    static func runChecked(_ argv: [String], stderrFile: String, expectBytes: Int? = nil) throws(BenchError) -> TimedRun {
        let run = try run(argv, stderrFile: stderrFile)
        guard run.exitStatus == 0 else {
            throw BenchError("'\(argv.joined(separator: " "))' exited \(run.exitStatus): \(run.stderrTail)")
        }
        if let expectBytes, run.stdoutBytes != expectBytes {
            throw BenchError("'\(argv.joined(separator: " "))' wrote \(run.stdoutBytes) bytes to stdout, expected \(expectBytes)")
        }
        return run
    }

    /// Reads `fd` to end of file and returns the byte count; a 1 MiB buffer keeps a 100 MB stream
    /// from costing the reader more system calls than the writer.
    private static func drain(_ fd: Int32) -> Int {
        let size = 1 << 20
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        defer { buffer.deallocate() }
        var total = 0
        while true {
            let count = read(fd, buffer, size)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { return total }
            total += count
        }
    }
}

extension Duration {
    /// The duration in milliseconds, as a `Double`.
    var milliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}
