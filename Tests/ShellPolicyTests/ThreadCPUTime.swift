import Glibc

/// The CPU time the calling thread has used (`CLOCK_THREAD_CPUTIME_ID`). The policy's bounds are
/// on its own work: a verdict is computed on one thread without waiting, so its thread CPU time is
/// what it costs, whatever else the machine runs meanwhile (wall time on 2 cores shared with
/// sshd's and other suites measured the machine, not the checker).
enum ThreadCPUTime {
    static var now: Duration {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return .seconds(spec.tv_sec) + .nanoseconds(spec.tv_nsec)
    }

    /// The thread CPU time `body` took.
    static func measure<T>(_ body: () throws -> T) rethrows -> (T, Duration) {
        let start = now
        let value = try body()
        return (value, now - start)
    }
}
