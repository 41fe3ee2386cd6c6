import Foundation
import SSH
import Synchronization
import Testing
import NodeAccess
import ProxmoxModel
import LogCapture

/// The SSH layer and the connection manager against real sshd nodes (scripts/sim-cluster).
/// Each test starts its own small cluster on its own loopback addresses.
@Suite(.serialized) struct ConnectionManagerTests {
    static func hosts(_ cluster: SimCluster) throws -> Inventory {
        try InventoryLoader.load(directory: cluster.hostsDir.path, origin: "test", environment: ProcessInfo.processInfo.environment)
    }

    static func elapsed(since start: ContinuousClock.Instant) -> Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    @Test func runsOnEachNodeAndReturnsItsOwnOutput() async throws {
        try await SimCluster.with(nodes: 3, baseOctet: 111) { cluster in
            let inventory = try Self.hosts(cluster)
            let manager = ConnectionManager()
            for host in inventory.hosts {
                let output = try await manager.run("qm list", on: host, timeout: nil)
                let fixture = try String(contentsOf: SimCluster.projectRoot()
                    .appendingPathComponent("Tests/Fixtures/samples/\(host.alias)/qm_list.txt"), encoding: .utf8)
                #expect(output.exitCode == 0)
                #expect(output.stdout == fixture, "\(host.alias)")
                #expect(output.stderr == "")
            }
            await manager.shutdown()
        }
    }

    @Test func secondCallReusesTheConnection() async throws {
        try await SimCluster.with(nodes: 1, baseOctet: 115) { cluster in
            let host = try Self.hosts(cluster).host(named: "pve1")
            let manager = ConnectionManager()
            let before = try cluster.acceptedConnections("pve1")  // `up` probes the port once
            for _ in 0..<5 { _ = try await manager.run("true", on: host, timeout: nil) }
            #expect(manager.statistics(for: "pve1")?.connects == 1)
            #expect(try cluster.acceptedConnections("pve1") == before + 1)
            await manager.shutdown()
        }
    }

    @Test func exitStatusAndSignalAreData() async throws {
        try await SimCluster.with(nodes: 1, baseOctet: 117) { cluster in
            let host = try Self.hosts(cluster).host(named: "pve1")
            let manager = ConnectionManager()
            let failed = try await manager.run("echo out; echo err >&2; exit 3", on: host, timeout: nil)
            #expect(failed.exitCode == 3)
            #expect(failed.stdout == "out\n")
            #expect(failed.stderr == "err\n")
            #expect(!failed.succeeded)
            let killed = try await manager.run("kill -KILL $$", on: host, timeout: nil)
            #expect(killed.exitCode == nil)
            #expect(killed.exitSignal == "KILL")
            await manager.shutdown()
        }
    }

    @Test func aLongCommandDoesNotBlockOthersOnTheSameNode() async throws {
        try await SimCluster.with(nodes: 1, baseOctet: 119) { cluster in
            let host = try Self.hosts(cluster).host(named: "pve1")
            let manager = ConnectionManager()
            _ = try await manager.run("true", on: host, timeout: nil)  // connect first: measure commands only
            let start = ContinuousClock.now
            let times = try await withThrowingTaskGroup(of: (String, Double).self) { group in
                group.addTask { _ = try await manager.run("sleep 5", on: host, timeout: nil); return ("sleep", Self.elapsed(since: start)) }
                for i in 0..<7 {
                    group.addTask {
                        let output = try await manager.run("qm list >/dev/null; echo \(i)", on: host, timeout: nil)
                        #expect(output.stdout == "\(i)\n")
                        return ("quick", Self.elapsed(since: start))
                    }
                }
                var all = [(String, Double)]()
                for try await time in group { all.append(time) }
                return all
            }
            let quick = times.filter { $0.0 == "quick" }.map(\.1)
            #expect(quick.count == 7)
            #expect(quick.allSatisfy { $0 < 2.5 }, "quick calls took \(quick)")
            #expect(times.first { $0.0 == "sleep" }!.1 >= 5)
            await manager.shutdown()
        }
    }

    @Test func eightNodesInParallelAllProgress() async throws {
        try await SimCluster.with(nodes: 8, baseOctet: 121) { cluster in
            let inventory = try Self.hosts(cluster)
            let manager = ConnectionManager()
            let start = ContinuousClock.now
            let names = try await withThrowingTaskGroup(of: String.self) { group in
                for host in inventory.hosts {
                    group.addTask { try await manager.run("sleep 1; echo $PVE_NODE", on: host, timeout: nil).stdout }
                }
                var names = [String]()
                for try await name in group { names.append(name) }
                return names
            }
            #expect(Set(names) == Set((1...8).map { "pve\($0)\n" }))
            // In parallel: about one second, not eight.
            #expect(Self.elapsed(since: start) < 4)
            await manager.shutdown()
        }
    }

    @Test func bothStreamsDrainWithoutDeadlock() async throws {
        try await SimCluster.with(nodes: 1, baseOctet: 130) { cluster in
            var host = try Self.hosts(cluster).host(named: "pve1")
            host.maxOutput = 16 << 20
            let manager = ConnectionManager()
            // 5 MB to stderr before any stdout: a reader that waited on stdout would stall the window.
            let sequential = try await manager.run("head -c 5000000 /dev/zero >&2; head -c 5000000 /dev/zero", on: host, timeout: 60)
            #expect(sequential.exitCode == 0)
            #expect(sequential.stderr.utf8.count == 5_000_000)
            #expect(sequential.stdout.utf8.count == 5_000_000)
            // 10 MB stdout and 5 MB stderr interleaved.
            let mixed = try await manager.run(
                "for i in 1 2 3 4 5; do head -c 2000000 /dev/zero | tr '\\0' o; head -c 1000000 /dev/zero | tr '\\0' e >&2; done",
                on: host, timeout: 60)
            #expect(mixed.exitCode == 0)
            #expect(mixed.stdout.utf8.count == 10_000_000)
            #expect(mixed.stderr.utf8.count == 5_000_000)
            #expect(mixed.stdout.allSatisfy { $0 == "o" })
            #expect(!mixed.stdoutTruncated && !mixed.stderrTruncated)
            await manager.shutdown()
        }
    }

    @Test func binaryOutputIsCappedMarkedAndValidJSON() async throws {
        try await SimCluster.with(nodes: 1, baseOctet: 132) { cluster in
            var host = try Self.hosts(cluster).host(named: "pve1")
            host.maxOutput = 1000
            let manager = ConnectionManager()
            let output = try await manager.run("head -c 300000 /dev/urandom; head -c 5000 /dev/urandom >&2", on: host, timeout: 30)
            #expect(output.exitCode == 0)
            #expect(output.stdoutTruncated && output.stderrTruncated)
            let marker = try #require(output.stdout.range(of: "\n[… truncated "))
            let dropped = Int(output.stdout[marker.upperBound...].prefix { $0.isNumber })!
            #expect(dropped >= 299_000 && dropped <= 300_000)
            // 1,000 raw bytes kept; each invalid byte became one U+FFFD.
            #expect(output.stdout[..<marker.lowerBound].unicodeScalars.count <= 1000)
            #expect(output.stdout[..<marker.lowerBound].unicodeScalars.count > 500)
            let result = CommandResult(command: "x", host: host, output: output)
            let json = try JSONEncoder().encode(result)
            #expect(try JSONSerialization.jsonObject(with: json) is [String: Any])
            await manager.shutdown()
        }
    }

    @Test func outputIsStreamedAsItArrives() async throws {
        try await SimCluster.with(nodes: 1, baseOctet: 146) { cluster in
            var host = try Self.hosts(cluster).host(named: "pve1")
            host.maxOutput = 10
            let manager = ConnectionManager()
            let start = ContinuousClock.now
            let seen = Mutex<[(OutputStreamKind, String, Double)]>([])
            let output = try await manager.run("echo first; echo warn >&2; sleep 1.5; echo second-and-more", on: host, timeout: nil) { kind, bytes in
                let text = String(decoding: bytes, as: UTF8.self)
                seen.withLock { $0.append((kind, text, Self.elapsed(since: start))) }
            }
            let chunks = seen.withLock { $0 }
            let stdout = chunks.filter { $0.0 == .stdout }
            // The first line arrived long before the command ended; only the kept bytes are streamed.
            #expect(try #require(stdout.first).2 < 1.0, "\(chunks)")
            #expect(stdout.map(\.1).joined() == "first\nseco")  // 10 bytes: max_output
            #expect(chunks.filter { $0.0 == .stderr }.map(\.1).joined() == "warn\n")
            #expect(output.stdoutTruncated)
            await manager.shutdown()
        }
    }

    @Test func timeoutKillsTheRemoteProcessGroup() async throws {
        try await SimCluster.with(nodes: 1, baseOctet: 134) { cluster in
            let host = try Self.hosts(cluster).host(named: "pve1")
            let manager = ConnectionManager()
            let start = ContinuousClock.now
            let output = try await manager.run("echo started; sleep 300 & sleep 301; echo never", on: host, timeout: 1)
            #expect(Self.elapsed(since: start) < 3)
            #expect(output.timedOut)
            #expect(output.stdout == "started\n")
            // Both the foreground sleep and its background sibling must be gone from the node.
            var left = [String]()
            for _ in 0..<50 {
                left = try cluster.sessionProcesses("pve1").map(\.commandLine).filter { $0.contains("sleep 30") }
                if left.isEmpty { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(left.isEmpty, "still running on the node: \(left)")
            // The session is still usable afterwards.
            #expect(try await manager.run("echo ok", on: host, timeout: nil).stdout == "ok\n")
            await manager.shutdown()
        }
    }

    @Test func perCallTimeoutIsCappedByTheHost() async throws {
        try await SimCluster.with(nodes: 1, baseOctet: 136) { cluster in
            var host = try Self.hosts(cluster).host(named: "pve1")
            host.timeout = .seconds(1)
            let manager = ConnectionManager()
            let start = ContinuousClock.now
            let output = try await manager.run("sleep 10", on: host, timeout: 600)
            #expect(output.timedOut)
            #expect(Self.elapsed(since: start) < 3)
            await manager.shutdown()
        }
    }

    @Test func sshdRestartBetweenCallsReconnects() async throws {
        try await SimCluster.with(nodes: 1, baseOctet: 138) { cluster in
            let host = try Self.hosts(cluster).host(named: "pve1")
            let log = CapturedLog()
            let manager = ConnectionManager(logger: log.logger())
            #expect(try await manager.run("echo one", on: host, timeout: nil).stdout == "one\n")
            try await cluster.restartNode("pve1")  // kills sshd and every session of it
            #expect(try await manager.run("echo two", on: host, timeout: nil).stdout == "two\n")
            #expect(manager.statistics(for: "pve1")?.connects == 2)
            await manager.shutdown()
            // The SSH layer logs the session's events, named by alias and endpoint.
            let events = log.lines.filter { $0.metadata["host"] == "pve1" && $0.metadata["node"] == host.endpoint }
            #expect(events.filter { $0.message == "connected" }.count == 2)
            #expect(events.contains { $0.message == "closing session" && $0.metadata["detail"] == "the connection was closed by the node" })
            #expect(events.count == log.lines.count)
        }
    }

    @Test func aNodeDownFailsFastAndTheOthersStillAnswer() async throws {
        try await SimCluster.with(nodes: 2, baseOctet: 140) { cluster in
            let inventory = try Self.hosts(cluster)
            let manager = ConnectionManager()
            try await cluster.stopNode("pve2")
            let start = ContinuousClock.now
            let pve2 = try inventory.host(named: "pve2")
            do throws(Failure) {
                _ = try await manager.run("true", on: pve2, timeout: nil)
                Issue.record("a stopped node answered")
            } catch {
                #expect([.connectionRefused, .connectTimeout, .unreachable].contains(error.code))
                #expect(error.message.contains("pve2"))
            }
            #expect(Self.elapsed(since: start) < 10)
            #expect(try await manager.run("echo up", on: try inventory.host(named: "pve1"), timeout: nil).stdout == "up\n")
            let check = await manager.check(try inventory.host(named: "pve2"))
            #expect(!check.reachable)
            await manager.shutdown()
        }
    }

    @Test func checkReportsTrustAuthAndRoundTrip() async throws {
        try await SimCluster.with(nodes: 1, baseOctet: 142) { cluster in
            let host = try Self.hosts(cluster).host(named: "pve1")
            let manager = ConnectionManager()
            let check = await manager.check(host)
            #expect(check.reachable && check.authenticated)
            #expect(check.hostKey == "trusted")
            #expect(check.fingerprint == (try SSHKeyTools.fingerprint(ofPublicKey: cluster.directory(of: "pve1").appendingPathComponent("ssh_host_ed25519_key.pub").path)))
            #expect((check.roundTripMs ?? -1) > 0)
            await manager.shutdown()
        }
    }

    @Test func shutdownSendsADisconnectMessage() async throws {
        try await SimCluster.with(nodes: 1, baseOctet: 144) { cluster in
            let host = try Self.hosts(cluster).host(named: "pve1")
            let manager = ConnectionManager()
            _ = try await manager.run("true", on: host, timeout: nil)
            await manager.shutdown()
            var log = ""
            for _ in 0..<30 {
                log = try String(contentsOf: cluster.directory(of: "pve1").appendingPathComponent("sshd.log"), encoding: .utf8)
                if log.contains("Received disconnect") { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(log.contains("proxmox-tools is shutting down"))
        }
    }
}
