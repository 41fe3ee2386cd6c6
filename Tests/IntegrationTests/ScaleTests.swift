import Foundation
import SSH
import Testing
import NodeAccess
import ProxmoxModel

/// Issue 12: many nodes from one process. Sessions share a few event-loop threads instead of one
/// thread each, and an idle session holds neither a thread nor a socket. Counts, not timings.
@Suite(.serialized) struct ScaleTests {
    /// Threads of this process whose name starts with `prefix` (/proc/self/task/*/comm).
    static func threads(named prefix: String) -> Int {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        return tasks.filter { task in
            let comm = (try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8)) ?? ""
            return comm.hasPrefix(prefix)
        }.count
    }

    static func processThreads() -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("Threads:") } ?? ""
        return Int(line.split(separator: "\t").last ?? "") ?? -1
    }

    /// Connections the nodes' sshd's hold open (per connection sshd runs one or two processes).
    static func sshdSessions(_ cluster: SimCluster) throws -> Int {
        try cluster.nodes.reduce(0) { $0 + (try cluster.sshdPids($1.alias).count - 1) }
    }

    static func waitUntil(seconds: Double, _ condition: () throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        while ContinuousClock.now < deadline {
            if try condition() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return try condition()
    }

    @Test func twoHundredWarmSessionsShareTwoThreadsAndGiveEverythingBackWhenIdle() async throws {
        try await SimCluster.with(nodes: 16, baseOctet: 181) { cluster in
            let nodes = try ConnectionManagerTests.hosts(cluster).hosts
            // 200 aliases over 16 sshd's: each alias is a session of its own.
            let hosts = (0..<200).map { index -> InventoryHost in
                var host = nodes[index % nodes.count]
                host.alias = "alias\(index)"
                host.idleTimeout = .seconds(10)  // longer than a cold fan-out of 200 on a busy 2-core machine
                return host
            }
            let runtime = SSHRuntime(name: "scale", loops: 2, maxConnecting: 32)
            let manager = ConnectionManager(runtime: runtime)
            #expect(Self.threads(named: "scale") == 0)

            func fanOut() async throws {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for host in hosts {
                        group.addTask {
                            let output = try await manager.run("echo $PVE_NODE", on: host, timeout: 60)
                            #expect(output.exitCode == 0)
                        }
                    }
                    try await group.waitForAll()
                }
            }
            try await fanOut()
            #expect(hosts.allSatisfy { manager.statistics(for: $0.alias)?.connects == 1 })
            #expect(try Self.sshdSessions(cluster) >= 200)
            // Connector threads end once nothing is left to connect; two loop threads remain.
            #expect(try await Self.waitUntil(seconds: 5) { Self.threads(named: "scale connect") == 0 })
            #expect(Self.threads(named: "scale loop") <= 2)
            // The whole process: `make test` runs this suite on its own, so no other suite's threads count.
            print("scale: \(Self.processThreads()) threads in the process with 200 warm sessions")
            #expect(Self.processThreads() <= 32, "threads: \(Self.processThreads())")

            try await fanOut()  // warm: the same 200 sessions, no new connection
            #expect(hosts.allSatisfy { manager.statistics(for: $0.alias)?.connects == 1 })

            // After idle_timeout every session closes, and with nothing to drive the loops end too.
            let closed = try await Self.waitUntil(seconds: 25) { try Self.sshdSessions(cluster) == 0 }
            #expect(closed, "sshd still holds \((try? Self.sshdSessions(cluster)) ?? -1) sessions")
            #expect(try await Self.waitUntil(seconds: 5) { Self.threads(named: "scale") == 0 })

            // And the next call brings a loop back.
            #expect(try await manager.run("echo again", on: hosts[0], timeout: 30).stdout == "again\n")
            await manager.shutdown()
            #expect(try await Self.waitUntil(seconds: 5) { Self.threads(named: "scale") == 0 })
        }
    }
}
