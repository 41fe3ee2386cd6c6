import Synchronization
import NodeAccess

/// Turns a command's streamed output into progress messages: the latest complete line, at most
/// four per second, so a long `apt full-upgrade` or `zpool scrub` wait stays visible and the
/// client's inactivity timeout does not end the call.
package final class OutputLineProgress: Sendable {
    private struct State {
        var partial: [UInt8] = []
        var lastSent: ContinuousClock.Instant?
    }

    private let state = Mutex(State())
    private let progress: @Sendable (String) async -> Void
    private let minimumInterval: Duration

    package init(progress: @escaping @Sendable (String) async -> Void, minimumInterval: Duration = .milliseconds(250)) {
        self.progress = progress
        self.minimumInterval = minimumInterval
    }

    /// The sink for `ToolContext.outputSink`. It runs on the SSH driver thread, so it only copies
    /// bytes and hands a line to an unstructured task; it never waits.
    package var sink: CommandOutputSink {
        { [self] _, bytes in
            let line: String? = state.withLock { state in
                state.partial.append(contentsOf: bytes)
                guard let end = state.partial.lastIndex(of: UInt8(ascii: "\n")) else {
                    if state.partial.count > 65_536 { state.partial.removeFirst(state.partial.count - 65_536) }
                    return nil
                }
                let complete = state.partial[..<end]
                let start = complete.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? complete.startIndex
                let text = String(decoding: complete[start...], as: UTF8.self)
                state.partial.removeSubrange(...end)
                let now = ContinuousClock.now
                guard !text.isEmpty, state.lastSent.map({ now - $0 >= minimumInterval }) ?? true else { return nil }
                state.lastSent = now
                return text.count > 300 ? String(text.prefix(300)) : text
            }
            if let line {
                let progress = self.progress
                Task { await progress(line) }
            }
        }
    }
}
