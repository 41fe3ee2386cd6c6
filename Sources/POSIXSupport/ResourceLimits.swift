import Glibc

/// Words for running out of descriptors or threads, with the limit that was hit, so the error
/// says what is exhausted instead of looking like a network problem.
public enum ResourceLimits {
    /// The soft limit on open files (`ulimit -n`), if it can be read.
    public static var openFilesLimit: UInt64? {
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return nil }
        return UInt64(limit.rlim_cur)
    }

    /// Raises the soft limit on open files to the hard limit (Debian's default soft limit of 1024
    /// is a few hundred nodes' sessions); running out is then reported as `resourceExhausted`.
    public static func raiseOpenFilesLimit() {
        var limit = rlimit()
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        guard getrlimit(resource, &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(resource, &limit)
    }

    /// True for the errno values that mean "no descriptor left" (per process or system-wide).
    public static func isDescriptorExhaustion(_ code: Int32) -> Bool {
        code == EMFILE || code == ENFILE
    }

    /// `too many open files (limit 256)` for EMFILE, the system-wide wording for ENFILE.
    public static func descriptorDetail(_ code: Int32) -> String {
        if code == ENFILE { return "the system's open file table is full (ENFILE)" }
        let limit = openFilesLimit.map { $0 >= UInt64(Int64.max) ? "unlimited" : String($0) } ?? "unknown"
        return "too many open files (limit \(limit))"
    }

    /// The exhaustion a descriptor-creating call that failed with `code` means, or nil when
    /// `code` is not about exhaustion.
    public static func exhausted(_ code: Int32) -> ResourceExhaustion? {
        isDescriptorExhaustion(code) ? ResourceExhaustion(detail: descriptorDetail(code)) : nil
    }
}
