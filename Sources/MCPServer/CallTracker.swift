import Synchronization
import ToolKit

/// The `tools/call`s in flight, so that shutdown can stop them and answer each before the server
/// goes away: their tasks are cancelled (which stops the remote commands, see `SessionDriver`),
/// their handlers return the tools' `cancelled` results, and `waitUntilIdle` returns when the last
/// one has.
final class CallTracker: Sendable {
    private struct State {
        var next = 0
        var calls: [Int: Task<ToolCallOutcome, any Error>] = [:]
        var shuttingDown = false
        var idleWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    /// Runs `body` as a tracked call. Returns nil, without running it, once shutdown began.
    /// Cancelling the calling task (the client's `notifications/cancelled`) cancels `body` too.
    func run(_ body: @escaping @Sendable () async throws -> ToolCallOutcome) async throws -> ToolCallOutcome? {
        let task = Task { try await body() }
        let key = state.withLock { state -> Int? in
            if state.shuttingDown { return nil }
            defer { state.next += 1 }
            state.calls[state.next] = task
            return state.next
        }
        guard let key else {
            task.cancel()
            return nil
        }
        defer { leave(key) }
        return try await withTaskCancellationHandler { try await task.value } onCancel: { task.cancel() }
    }

    private func leave(_ key: Int) {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.calls[key] = nil
            guard state.calls.isEmpty else { return [] }
            defer { state.idleWaiters = [] }
            return state.idleWaiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Refuses new calls and cancels those in flight.
    func shutDown() {
        let calls = state.withLock { state -> [Task<ToolCallOutcome, any Error>] in
            state.shuttingDown = true
            return Array(state.calls.values)
        }
        for call in calls { call.cancel() }
    }

    /// Returns when no call is in flight.
    func waitUntilIdle() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let idle = state.withLock { state -> Bool in
                if state.calls.isEmpty { return true }
                state.idleWaiters.append(continuation)
                return false
            }
            if idle { continuation.resume() }
        }
    }
}
