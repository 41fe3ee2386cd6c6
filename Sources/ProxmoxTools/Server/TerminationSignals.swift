import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SIGTERM and SIGINT as an async stream, so a long-running command can shut down cleanly (close
/// SSH sessions) instead of dying mid-write. The default actions are disabled while the stream is
/// in use; DispatchSource delivers the signals on a queue, never in an async-signal context.
public enum TerminationSignals {
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
