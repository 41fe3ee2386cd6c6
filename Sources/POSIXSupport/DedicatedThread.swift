import CPOSIX
import Glibc

/// The system refused a resource the process needs (a thread, a descriptor), with the detail
/// to show: `cannot start a thread (Resource temporarily unavailable)`.
public struct ResourceExhaustion: Error, Sendable, Hashable, CustomStringConvertible {
    public var detail: String
    public init(detail: String) { self.detail = detail }
    public var description: String { detail }
}

/// Starts a detached thread for blocking work, and says so when it cannot: Foundation's
/// `Thread.start()` ignores a failed `pthread_create`, so its body would silently never run
/// (and whoever awaits it would wait forever).
public enum DedicatedThread {
    /// Runs `body` on a new detached thread named `name` (through prctl: Glibc's
    /// `pthread_setname_np` is not visible without `_GNU_SOURCE`).
    /// Throws when the system refuses another thread (EAGAIN) or memory.
    public static func start(name: String, _ body: @escaping @Sendable () -> Void) throws(ResourceExhaustion) {
        final class Box {
            let name: String
            let body: @Sendable () -> Void
            init(name: String, body: @escaping @Sendable () -> Void) { self.name = name; self.body = body }
        }
        let box = Unmanaged.passRetained(Box(name: name, body: body)).toOpaque()
        var thread = pthread_t()
        let rc = pthread_create(&thread, nil, { raw in
            let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
            posix_set_thread_name(box.name)
            box.body()
            return nil
        }, box)
        guard rc == 0 else {
            Unmanaged<Box>.fromOpaque(box).release()
            throw ResourceExhaustion(detail: "cannot start a thread (\(String(cString: strerror(rc))))")
        }
        pthread_detach(thread)
    }
}
