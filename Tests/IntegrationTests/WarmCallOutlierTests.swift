import Foundation
import Testing
import NodeAccess

/// Issue 14: a warm call must never wait for the next keepalive (25–30 s) because data that
/// libssh2 had already read sat in its buffer while the driver slept in poll(2). Not a timing
/// benchmark: a bound on outliers, far above a warm call's ~10 ms and far below a keepalive interval.
@Suite(.serialized) struct WarmCallOutlierTests {
    static let calls = 2_000
    static let bound = 1.0

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    @Test func sequentialWarmCallsNeverStall() async throws {
        try await SimCluster.with(nodes: 1, baseOctet: 201) { cluster in
            let host = try ConnectionManagerTests.hosts(cluster).host(named: "pve1")
            let manager = ConnectionManager()
            _ = try await manager.run("true", on: host, timeout: nil)
            var slowest = 0.0
            var slow = [Double]()
            for _ in 0..<Self.calls {
                let start = ContinuousClock.now
                let output = try await manager.run("true", on: host, timeout: 30)
                let took = Self.seconds(ContinuousClock.now - start)
                #expect(output.exitCode == 0)
                slowest = max(slowest, took)
                if took > Self.bound { slow.append(took) }
            }
            #expect(slow.isEmpty, "calls slower than \(Self.bound) s: \(slow)")
            print("sequential warm calls: \(Self.calls), slowest \(Int(slowest * 1000)) ms")
            await manager.shutdown()
        }
    }

    @Test func concurrentWarmCallsNeverStall() async throws {
        try await SimCluster.with(nodes: 1, baseOctet: 203) { cluster in
            let host = try ConnectionManagerTests.hosts(cluster).host(named: "pve1")
            let manager = ConnectionManager()
            _ = try await manager.run("true", on: host, timeout: nil)
            let slow = try await withThrowingTaskGroup(of: [Double].self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        var slow = [Double]()
                        for _ in 0..<(Self.calls / 8) {
                            let start = ContinuousClock.now
                            let output = try await manager.run("true", on: host, timeout: 30)
                            #expect(output.exitCode == 0)
                            let took = Self.seconds(ContinuousClock.now - start)
                            if took > Self.bound { slow.append(took) }
                        }
                        return slow
                    }
                }
                var all = [Double]()
                for try await part in group { all += part }
                return all
            }
            #expect(slow.isEmpty, "calls slower than \(Self.bound) s: \(slow)")
            await manager.shutdown()
        }
    }
}
