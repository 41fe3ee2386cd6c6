import Foundation
import Synchronization

/// Requests in flight per principal: one principal's flood gets 429, the others' calls go on.
final class InFlightLimiter: Sendable {
    let limit: Int
    private let counts = Mutex<[String: Int]>([:])

    init(limit: Int) { self.limit = limit }

    /// Takes a slot for `principal`; false when it already has `limit` requests running.
    func acquire(_ principal: String) -> Bool {
        counts.withLock { counts in
            let current = counts[principal, default: 0]
            guard current < limit else { return false }
            counts[principal] = current + 1
            return true
        }
    }

    func release(_ principal: String) {
        counts.withLock { counts in
            let remaining = counts[principal, default: 1] - 1
            counts[principal] = remaining > 0 ? remaining : nil
        }
    }
}

/// Failed authentication per client address: after `threshold` failures within `window`, that
/// address's requests with a wrong or missing token get 429 for `blockFor`, without the token
/// being looked at. A valid token from the same address still passes: people behind one NAT or
/// proxy must not lock each other out, and a 256-bit token cannot be guessed anyway — the block
/// is there to stop floods of guesses costing hashes and log lines.
final class AuthFailureLimiter: Sendable {
    let threshold: Int
    let window: Duration
    let blockFor: Duration
    private struct Record {
        var windowStart: ContinuousClock.Instant
        var failures: Int
        var blockedUntil: ContinuousClock.Instant?
    }
    private let records = Mutex<[String: Record]>([:])

    init(threshold: Int = 10, window: Duration = .seconds(60), blockFor: Duration = .seconds(60)) {
        self.threshold = threshold
        self.window = window
        self.blockFor = blockFor
    }

    /// Seconds left of `address`'s block, or nil when it is not blocked.
    func blocked(_ address: String, now: ContinuousClock.Instant = .now) -> Int? {
        records.withLock { records in
            guard let until = records[address]?.blockedUntil else { return nil }
            guard until > now else {
                records[address] = nil
                return nil
            }
            let left = until - now
            return max(1, Int(left.components.seconds) + (left.components.attoseconds > 0 ? 1 : 0))
        }
    }

    func failed(_ address: String, now: ContinuousClock.Instant = .now) {
        records.withLock { records in
            var record = records[address] ?? Record(windowStart: now, failures: 0)
            if now - record.windowStart > window { record = Record(windowStart: now, failures: 0) }
            record.failures += 1
            if record.failures >= threshold { record.blockedUntil = now + blockFor }
            records[address] = record
            // Bounded memory under a spray of addresses: forget the oldest unblocked windows.
            if records.count > 10_000 {
                records = records.filter { $0.value.blockedUntil != nil || now - $0.value.windowStart <= window }
            }
        }
    }
}
