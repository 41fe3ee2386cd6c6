import Foundation
import SSH
import Testing
import NodeAccess
import ProxmoxModel

/// Issue 11: what the tool says happened, happened — against real sshd nodes.
/// "Stopped" means the remote processes are gone when the answer arrives (not some time later),
/// one call's failure stays that call's, and a wedged node is reported as such.
@Suite(.serialized) struct ExecutionGuaranteeTests {
    static func hosts(_ cluster: SimCluster) throws -> Inventory { try ConnectionManagerTests.hosts(cluster) }
    static func elapsed(since start: ContinuousClock.Instant) -> Double { ConnectionManagerTests.elapsed(since: start) }

    /// Processes of the node's sessions whose command line starts with `marker` (`sleep 31…`),
    /// running right now. (The watchdog, a subshell of the login shell, shows the shell's command
    /// line; it only waits to send KILL and exits by itself within a second.)
    static func running(_ cluster: SimCluster, _ alias: String, _ marker: String) throws -> [String] {
        try cluster.sessionProcesses(alias).filter { $0.isRunning && $0.commandLine.hasPrefix(marker) }.map(\.commandLine)
    }

    @Test func aTimedOutCallAnswersOnlyOnceTheRemoteGroupIsGone() async throws {
        try await SimCluster.with(nodes: 1, baseOctet: 161) { cluster in
            let host = try Self.hosts(cluster).host(named: "pve1")
            let manager = ConnectionManager()
            _ = try await manager.run("true", on: host, timeout: nil)  // connecting counts against a call's time
            let start = ContinuousClock.now
            let output = try await manager.run("echo started; sleep 311 & sleep 312; touch /tmp/never", on: host, timeout: 1)
            let took = Self.elapsed(since: start)
            // No polling: at the moment of the answer, nothing of the command may be left.
            #expect(try Self.running(cluster, "pve1", "sleep 31").isEmpty)
            #expect(output.timedOut && output.stopConfirmed)
            #expect(output.exitSignal == "TERM")
            #expect(output.stdout == "started\n")
            #expect(took >= 1 && took < 4, "took \(took) s")
            await manager.shutdown()
        }
    }

    @Test func aCommandThatIgnoresTermIsKilledWithinTheGrace() async throws {
        try await SimCluster.with(nodes: 1, baseOctet: 163) { cluster in
            let host = try Self.hosts(cluster).host(named: "pve1")
            let manager = ConnectionManager()
            _ = try await manager.run("true", on: host, timeout: nil)
            let start = ContinuousClock.now
            let output = try await manager.run("trap '' TERM; sleep 313", on: host, timeout: 1)
            #expect(try Self.running(cluster, "pve1", "sleep 313").isEmpty)
            #expect(output.timedOut && output.stopConfirmed)
            #expect(output.exitSignal == "KILL")
            #expect(Self.elapsed(since: start) < 4)
            await manager.shutdown()
        }
    }

    @Test func theWatchdogIsInvisibleToTheCommand() async throws {
        try await SimCluster.with(nodes: 1, baseOctet: 175) { cluster in
            let host = try Self.hosts(cluster).host(named: "pve1")
            let manager = ConnectionManager()
            // `wait` waits for the command's own children only; stdin is empty; the exit status and
            // a background child that outlives a finished command are left as ssh leaves them.
            let output = try await manager.run("sleep 0.2 & wait; read -r x; echo \"[$x]\"; (sleep 318 >/dev/null 2>&1 &); exit 7", on: host, timeout: 10)
            #expect(!output.timedOut)
            #expect(output.exitCode == 7)
            #expect(output.stdout == "[]\n")
            var started = false
            // Up to 10 s: on a loaded 2-core CI machine the process scan itself takes a while.
            for _ in 0..<100 where !started {
                started = try Self.running(cluster, "pve1", "sleep 318").count == 1
                if !started { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(started, "the background child never started")
            // Past the watchdog's TERM + 1 s KILL window it is still there: nothing stopped it.
            try await Task.sleep(for: .milliseconds(1500))
            #expect(try Self.running(cluster, "pve1", "sleep 318").count == 1)
            await manager.shutdown()
        }
    }

    @Test func cancellingTheCallStopsTheCommandAndSaysCancelled() async throws {
        try await SimCluster.with(nodes: 1, baseOctet: 165) { cluster in
            let host = try Self.hosts(cluster).host(named: "pve1")
            let manager = ConnectionManager()
            _ = try await manager.run("true", on: host, timeout: nil)
            let call = Task { try await manager.run("sleep 314", on: host, timeout: 60) }
            for _ in 0..<50 where try Self.running(cluster, "pve1", "sleep 314").isEmpty {
                try await Task.sleep(for: .milliseconds(50))
            }
            call.cancel()
            let output = try await call.value
            #expect(try Self.running(cluster, "pve1", "sleep 314").isEmpty)
            #expect(output.cancelled && !output.timedOut && output.stopConfirmed)
            await manager.shutdown()
        }
    }

    @Test func shutdownStopsCommandsInFlightBeforeItReturns() async throws {
        try await SimCluster.with(nodes: 2, baseOctet: 167) { cluster in
            let inventory = try Self.hosts(cluster)
            let manager = ConnectionManager()
            let calls = inventory.hosts.map { host in
                Task { try await manager.run("sleep 315", on: host, timeout: 60) }
            }
            for alias in ["pve1", "pve2"] {
                for _ in 0..<50 where try Self.running(cluster, alias, "sleep 315").isEmpty {
                    try await Task.sleep(for: .milliseconds(50))
                }
            }
            let start = ContinuousClock.now
            await manager.shutdown()
            #expect(Self.elapsed(since: start) < 3.5)
            for alias in ["pve1", "pve2"] { #expect(try Self.running(cluster, alias, "sleep 315").isEmpty, "\(alias)") }
            for call in calls {
                let output = try await call.value
                #expect(output.cancelled && output.stopConfirmed)
            }
        }
    }

    @Test func aTooLongCommandFailsAloneAndTheNeighbourKeepsItsResult() async throws {
        try await SimCluster.with(nodes: 1, baseOctet: 169) { cluster in
            let host = try Self.hosts(cluster).host(named: "pve1")
            let manager = ConnectionManager()
            _ = try await manager.run("true", on: host, timeout: nil)
            let neighbour = Task { try await manager.run("sleep 2; echo neighbour", on: host, timeout: 30) }
            try await Task.sleep(for: .milliseconds(300))
            let long = "echo " + String(repeating: "x", count: 40_000)
            do throws(Failure) {
                _ = try await manager.run(long, on: host, timeout: 30)
                Issue.record("a 40 KB command was sent")
            } catch {
                #expect(error.code == .commandTooLong)
                #expect(error.message.contains("40005 bytes"))
            }
            let output = try await neighbour.value
            #expect(output.stdout == "neighbour\n" && output.exitCode == 0)
            // The longest command that is accepted runs, on the same session.
            let fits = "echo " + String(repeating: "y", count: SessionDriver.maximumCommandBytes - 5)
            #expect(try await manager.run(fits, on: host, timeout: 30).stdout.count == SessionDriver.maximumCommandBytes - 4)
            #expect(manager.statistics(for: "pve1")?.connects == 1)
            #expect(!(try cluster.commandsLog("pve1").contains { $0.hasPrefix("echo xxxx") }))
            await manager.shutdown()
        }
    }

    @Test func aWedgedNodeIsReportedUnresponsiveAndTheOthersAnswer() async throws {
        try await SimCluster.with(nodes: 2, baseOctet: 171) { cluster in
            let inventory = try Self.hosts(cluster)
            let (pve1, pve2) = (try inventory.host(named: "pve1"), try inventory.host(named: "pve2"))
            let manager = ConnectionManager()
            _ = try await manager.run("true", on: pve2, timeout: nil)
            let stuck = Task { () async -> Result<CommandOutput, Failure> in
                do throws(Failure) { return .success(try await manager.run("sleep 316", on: pve2, timeout: 120)) } catch { return .failure(error) }
            }
            try await Task.sleep(for: .milliseconds(500))
            let sshd = try cluster.sshdPids("pve2")
            #expect(sshd.count >= 2)  // the listener and our connection's sshd
            for pid in sshd { kill(pid, SIGSTOP) }
            defer { for pid in sshd { kill(pid, SIGCONT) } }
            let start = ContinuousClock.now
            // The other node is not affected while pve2 hangs.
            #expect(try await manager.run("echo up", on: pve1, timeout: 10).stdout == "up\n")
            switch await stuck.value {
            case .success(let output): Issue.record("a wedged node answered: \(output)")
            case .failure(let error):
                #expect(error.code == .nodeUnresponsive)
                #expect(error.message.contains("may have started"))
            }
            let detected = Self.elapsed(since: start)
            #expect(detected > 5 && detected < 25, "took \(detected) s")
            print("wedged node: node_unresponsive after \(detected) s")
            // A new connection cannot get past the frozen listener: bounded by the call's own 3 s.
            let connectStart = ContinuousClock.now
            do throws(Failure) {
                _ = try await manager.run("true", on: pve2, timeout: 3)
                Issue.record("connected to a frozen sshd")
            } catch {
                #expect(error.code == .connectTimeout)
            }
            #expect(Self.elapsed(since: connectStart) < 4.5)
            print("wedged node: a 3 s call needing a new connection answered after \(Self.elapsed(since: connectStart)) s")
            for pid in sshd { kill(pid, SIGCONT) }
            #expect(try await manager.run("echo back", on: pve2, timeout: 10).stdout == "back\n")
            #expect(manager.statistics(for: "pve2")?.unresponsive == 1)
            // The command of the dropped session was stopped by its watchdog once sshd saw the socket closed.
            var left = [String]()
            for _ in 0..<40 {
                left = try Self.running(cluster, "pve2", "sleep 316")
                if left.isEmpty { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(left.isEmpty, "\(left)")
            await manager.shutdown()
        }
    }

    @Test func aDroppedConnectionStopsTheRemoteCommand() async throws {
        // What kill -9 of proxmox-tools does to a node: the TCP connection just goes away.
        try await SimCluster.with(nodes: 1, baseOctet: 173) { cluster in
            let host = try Self.hosts(cluster).host(named: "pve1")
            let manager = ConnectionManager()
            let call = Task { try? await manager.run("sleep 317", on: host, timeout: 60) }
            for _ in 0..<50 where try Self.running(cluster, "pve1", "sleep 317").isEmpty {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(!(try Self.running(cluster, "pve1", "sleep 317").isEmpty))
            // Kill the node-side sshd of our connection: its pipes close as they would on a dead client.
            let sessions = try cluster.sshdPids("pve1").dropFirst()
            for pid in sessions { kill(pid, SIGKILL) }
            var left = [String]()
            for _ in 0..<30 {
                left = try Self.running(cluster, "pve1", "sleep 317")
                if left.isEmpty { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(left.isEmpty, "\(left)")
            _ = await call.value
            await manager.shutdown()
        }
    }
}
