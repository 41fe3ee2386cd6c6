import Dispatch
import Glibc

/// SIGTERM and SIGINT as an async stream, so a long-running command can shut down cleanly (close
/// SSH sessions) instead of dying mid-write. The default actions are disabled while the stream is
/// in use; DispatchSource delivers the signals on a queue, never in an async-signal context.
public enum TerminationSignals {
    /// Makes libdispatch take its descriptors now, before the process opens its own: its event
    /// loop (an epoll and an eventfd: one timer that fires at once, waited for, under 1 ms) and the
    /// main queue's wake-up eventfd (one empty block sent to it). Done lazily, they race the first
    /// connection for the last free descriptors under a tight `ulimit -n`, and libdispatch traps
    /// (`_dispatch_epoll_init`; `_dispatch_runloop_queue_handle_init` even at exit, seen in a core
    /// dump at `--nofile=7`) where a clear `resource_exhausted` should come instead.
    public static func prepareEventLoop() {
        DispatchQueue.main.async {}
        let fired = DispatchSemaphore(value: 0)
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now())
        timer.setEventHandler { fired.signal() }
        timer.resume()
        _ = fired.wait(timeout: .now() + .seconds(1))
        timer.cancel()
    }

    public static func stream(_ numbers: [Int32] = [SIGTERM, SIGINT]) -> AsyncStream<Int32> {
        AsyncStream { continuation in
            let sources = SignalSources()
            for number in numbers {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { continuation.yield(number) }
                source.resume()
                sources.keep(source)
            }
            continuation.onTermination = { _ in sources.cancelAll() }
        }
    }
}

/// Keeps the dispatch sources alive for as long as the stream lives.
/// `@unchecked Sendable`: the array is only touched while the stream is set up (one thread) and
/// once more in `onTermination`, which runs after setup has returned.
private final class SignalSources: @unchecked Sendable {
    private var sources: [any DispatchSourceSignal] = []

    func keep(_ source: any DispatchSourceSignal) { sources.append(source) }

    func cancelAll() {
        sources.forEach { $0.cancel() }
        sources.removeAll()
    }
}
