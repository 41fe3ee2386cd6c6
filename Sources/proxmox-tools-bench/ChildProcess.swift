import Glibc

/// A process started with `posix_spawnp`. Used instead of Foundation's `Process` because the
/// bench times process start-up, and `Process` adds its own threads and run-loop work to it.
struct ChildProcess: Sendable {
    let pid: pid_t
    let argv: [String]

    /// Where a child's standard stream goes: an existing descriptor (duplicated into the child) or `/dev/null`.
    enum Stream: Sendable {
        case descriptor(Int32)
        case null
    }

    /// Starts `argv[0]` (searched on `PATH`) with the given streams; every other descriptor of ours
    /// is close-on-exec (see `Pipe`), so the child inherits only these three.
    static func spawn(_ argv: [String], stdin: Stream = .null, stdout: Stream = .null,
                      stderr: Stream = .null) throws(BenchError) -> ChildProcess {
        guard let program = argv.first else { throw BenchError("cannot start a process from an empty command") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (target, stream) in [(Int32(0), stdin), (1, stdout), (2, stderr)] {
            switch stream {
            case .descriptor(let fd): posix_spawn_file_actions_adddup2(&actions, fd, target)
            case .null: posix_spawn_file_actions_addopen(&actions, target, "/dev/null", target == 0 ? O_RDONLY : O_WRONLY, 0)
            }
        }
        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for pointer in cArgs { free(pointer) } }
        var pid: pid_t = 0
        let status = posix_spawnp(&pid, program, &actions, nil, &cArgs, environ)
        guard status == 0 else {
            throw BenchError("could not start '\(program)': \(String(cString: strerror(status))); is it built and on PATH?")
        }
        return ChildProcess(pid: pid, argv: argv)
    }

    /// Waits for the process to end; returns the exit status, or 128 + signal as a shell reports it.
    func wait() -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return -1 }
        }
        return Self.decode(status)
    }

    /// The exit status if the process has ended, without blocking.
    func poll() -> Int32? {
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        return result == pid ? Self.decode(status) : nil
    }

    private static func decode(_ status: Int32) -> Int32 {
        // WIFEXITED / WEXITSTATUS are macros Swift cannot import; these are their glibc definitions.
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    /// True while the process exists and has not exited (a zombie, not yet reaped, counts as exited).
    /// Reads `/proc` rather than calling `waitpid`, so the exit status stays for `wait`/`poll`.
    var isRunning: Bool {
        guard let stat = readTextFile("/proc/\(pid)/stat"), let close = stat.lastIndex(of: ")") else { return false }
        let state = stat[stat.index(after: close)...].dropFirst().first
        return state != "Z" && state != "X"
    }

    /// The resident set size from `/proc/PID/status` (`VmRSS`), in KiB; nil once the process is gone.
    func residentKiB() -> Int? { statusField("VmRSS:") }

    /// Threads of the process (`Threads:` in /proc/PID/status).
    func threads() -> Int? { statusField("Threads:") }

    /// Open descriptors of the process that are sockets (/proc/PID/fd links `socket:[…]`).
    func sockets() -> Int? {
        guard let directory = opendir("/proc/\(pid)/fd") else { return nil }
        defer { closedir(directory) }
        var count = 0
        var target = [CChar](repeating: 0, count: 64)
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard name.first?.isNumber == true else { continue }
            let length = readlink("/proc/\(pid)/fd/\(name)", &target, target.count - 1)
            guard length > 0 else { continue }
            if String(decoding: target[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self).hasPrefix("socket:") { count += 1 }
        }
        return count
    }

    private func statusField(_ field: String) -> Int? {
        guard let text = readTextFile("/proc/\(pid)/status") else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(field) {
            return line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first.flatMap { Int($0) }
        }
        return nil
    }
}

/// A pipe whose both ends are close-on-exec, so children see only what `ChildProcess.spawn` dup2s.
struct Pipe: Sendable {
    let readEnd: Int32
    let writeEnd: Int32

    init() throws(BenchError) {
        var fds: [Int32] = [0, 0]
        // pipe2 is not visible through Swift's Glibc module; the bench spawns from one thread at a
        // time, so setting close-on-exec right after pipe() leaves no window for a stray inheritance.
        guard pipe(&fds) == 0, fcntl(fds[0], F_SETFD, FD_CLOEXEC) == 0, fcntl(fds[1], F_SETFD, FD_CLOEXEC) == 0 else {
            throw BenchError("could not create a pipe: \(String(cString: strerror(errno)))")
        }
        readEnd = fds[0]
        writeEnd = fds[1]
    }
}

/// Reads a whole small text file (a `/proc` entry, a log tail); nil when it cannot be opened.
func readTextFile(_ path: String, limit: Int = 1 << 20) -> String? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 16384)
    while bytes.count < limit {
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count < 0 && errno == EINTR { continue }
        if count <= 0 { break }
        bytes.append(contentsOf: buffer[..<count])
    }
    return String(decoding: bytes, as: UTF8.self)
}

/// Writes all of `bytes` to `fd`, retrying short writes and EINTR.
func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws(BenchError) {
    var offset = 0
    while offset < bytes.count {
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
        if written < 0 {
            if errno == EINTR { continue }
            throw BenchError("write to descriptor \(fd) failed: \(String(cString: strerror(errno)))")
        }
        offset += written
    }
}

/// What went wrong in a bench row, said so the person running `make bench` can act on it.
struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
