import CLibSSH2
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Starts a detached thread for blocking work, and says so when it cannot: Foundation's
/// `Thread.start()` ignores a failed `pthread_create`, so its body would silently never run
/// (and whoever awaits it would wait forever).
public enum DedicatedThread {
    /// Runs `body` on a new detached thread named `name` (on Linux through prctl: Glibc's
    /// `pthread_setname_np` is not visible without `_GNU_SOURCE`).
    /// Throws `.resourceExhausted` when the system refuses another thread (EAGAIN) or memory.
    public static func start(name: String, _ body: @escaping @Sendable () -> Void) throws(SSHError) {
        final class Box {
            let name: String
            let body: @Sendable () -> Void
            init(name: String, body: @escaping @Sendable () -> Void) { self.name = name; self.body = body }
        }
        let box = Unmanaged.passRetained(Box(name: name, body: body)).toOpaque()
        #if canImport(Glibc)
        var thread = pthread_t()
        #else
        var thread: pthread_t?
        #endif
        let rc = pthread_create(&thread, nil, { raw in
            let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
            #if canImport(Darwin)
            _ = pthread_setname_np(String(box.name.utf8.prefix(15)) ?? "worker")
            #else
            // What `top -H`, /proc/PID/task/*/comm and the tests see (15 bytes at most).
            pt_set_thread_name(box.name)
            #endif
            box.body()
            return nil
        }, box)
        guard rc == 0 else {
            Unmanaged<Box>.fromOpaque(box).release()
            throw .resourceExhausted(detail: "cannot start a thread (\(String(cString: strerror(rc))))")
        }
        #if canImport(Glibc)
        pthread_detach(thread)
        #else
        if let thread { pthread_detach(thread) }
        #endif
    }
}
