import Foundation
import SSH
import Testing
import NodeAccess
import ProxmoxModel

/// The second wall on real sshd nodes, through the node-access layer (the policy is bypassed: these
/// test the wall itself). Witness files on the real file system prove what a contained command
/// could not do; nothing here tries a real reboot or reads a real secret's content.
@Suite(.serialized) struct ContainmentWallTests {
    static func host(_ cluster: SimCluster) throws -> InventoryHost {
        try ConnectionManagerTests.hosts(cluster).host(named: "pve1")
    }

    /// A fresh name for a witness file, so parallel runs and leftovers never collide.
    static func unique(_ stem: String) -> String { "pt-wall-\(stem)-\(UUID().uuidString.prefix(8))" }

    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    static func run(_ manager: ConnectionManager, _ command: String, on host: InventoryHost,
                    _ profile: ContainmentProfile? = .guarded, timeout: Double = 20) async throws(Failure) -> CommandOutput {
        try await manager.run(RemoteCommand(command, containment: profile), on: host, timeout: timeout)
    }

    @Test func aGuardedCommandWritesOnlyTheWritablePlaces() async throws {
        try await SimCluster.with(nodes: 1, baseOctet: 221) { cluster in
            let host = try Self.host(cluster)
            let manager = ConnectionManager()
            let etc = "/etc/\(Self.unique("etc"))", varLib = "/var/lib/\(Self.unique("varlib"))"
            let state = cluster.stateDirectory.appendingPathComponent(Self.unique("state")).path
            let tmp = "/tmp/\(Self.unique("tmp"))", root = "/root/\(Self.unique("plain"))"
            let dotDir = "/root/.\(Self.unique("dot"))"
            try FileManager.default.createDirectory(atPath: dotDir, withIntermediateDirectories: false)
            defer {
                try? FileManager.default.removeItem(atPath: dotDir)
                try? FileManager.default.removeItem(atPath: root)
            }
            let output = try await Self.run(manager, """
                for f in \(etc) \(varLib) \(state) \(dotDir)/inside; do echo x > $f 2>/dev/null && echo "wrote $f"; done
                echo kept > \(tmp) && cat \(tmp)
                echo plain > \(root) && echo "wrote root"
                """, on: host)
            defer { try? FileManager.default.removeItem(atPath: tmp) }
            #expect(output.exitCode == 0, "\(output)")
            #expect(output.stdout == "kept\nwrote root\n", "stderr: \(output.stderr)")
            for witness in [etc, varLib, state, "\(dotDir)/inside"] {
                #expect(!Self.exists(witness), "\(witness) was written on the node's real file system")
            }
            // /tmp is the node's own: the next call (contained or not) finds what this one wrote.
            #expect((try? String(contentsOfFile: tmp, encoding: .utf8)) == "kept\n")
            #expect((try? String(contentsOfFile: root, encoding: .utf8)) == "plain\n")
            // The same command without the wall would have written them: the witnesses are real.
            let open = try await Self.run(manager, "echo x > \(etc) && echo ok; rm -f \(etc)", on: host, nil)
            #expect(open.stdout == "ok\n")
            await manager.shutdown()
        }
    }

    @Test func aContainedCommandCannotReadSecretsOrWriteKernelSettings() async throws {
        try await SimCluster.with(nodes: 1, baseOctet: 223) { cluster in
            let host = try Self.host(cluster)
            let manager = ConnectionManager()
            // Stand-ins for pmxcfs' priv/ and a node key, inside the simulated node's state.
            let node = cluster.stateDirectory.appendingPathComponent("nodes/pve1")
            let secretDir = node.appendingPathComponent("priv"), secretKey = node.appendingPathComponent("pve-ssl.key")
            try FileManager.default.createDirectory(at: secretDir, withIntermediateDirectories: true)
            try "stand-in authkey\n".write(to: secretDir.appendingPathComponent("authkey.key"), atomically: true, encoding: .utf8)
            try "stand-in ssl key\n".write(to: secretKey, atomically: true, encoding: .utf8)
            var profile = ContainmentProfile.guarded
            profile.secrets += [secretDir.path, node.path + "/*.key"]
            let command = """
                cat \(secretKey.path) \(secretDir.path)/authkey.key 2>&1; ls -A \(secretDir.path)
                echo "shadow bytes: $(wc -c < /etc/shadow)"
                cat /proc/sys/vm/swappiness > /proc/sys/vm/swappiness || echo "no sysctl write"
                """
            let contained = try await Self.run(manager, command, on: host, profile)
            #expect(!contained.stdout.contains("stand-in"), "\(contained)")
            #expect(contained.stdout.contains("shadow bytes: 0\n"))
            #expect(contained.stdout.contains("no sysctl write"))
            #expect(contained.stderr.contains("Read-only file system"))
            // Uncontained, the same command reads them: the stand-ins are readable at all.
            let open = try await Self.run(manager, "cat \(secretKey.path) \(secretDir.path)/authkey.key; wc -c < /etc/shadow", on: host, nil)
            #expect(open.stdout.hasPrefix("stand-in ssl key\nstand-in authkey\n"))
            #expect(!open.stdout.hasSuffix("\n0\n"))
            await manager.shutdown()
        }
    }

    /// Bits of the bounding set a contained root command must not have, and no_new_privs.
    @Test(arguments: [ContainmentProfile.guarded, .readOnly])
    func noRebootModuleAdminRawIOOrTimeCapabilities(profile: ContainmentProfile) async throws {
        try await SimCluster.with(nodes: 1, baseOctet: profile == .guarded ? 225 : 227) { cluster in
            let host = try Self.host(cluster)
            let manager = ConnectionManager()
            let output = try await Self.run(manager, "grep -E '^(CapBnd|CapEff|NoNewPrivs):' /proc/self/status", on: host, profile)
            let fields = Dictionary(uniqueKeysWithValues: output.stdout.split(separator: "\n").map { line in
                let parts = line.split(separator: ":", maxSplits: 1)
                return (String(parts[0]), parts[1].trimmingCharacters(in: .whitespaces))
            })
            #expect(fields["NoNewPrivs"] == "1", "\(output)")
            let bounding = try #require(UInt64(fields["CapBnd"] ?? "", radix: 16))
            let effective = try #require(UInt64(fields["CapEff"] ?? "", radix: 16))
            for capability in [22, 16, 21, 17, 25] {  // SYS_BOOT, SYS_MODULE, SYS_ADMIN, SYS_RAWIO, SYS_TIME
                #expect(bounding & (1 << UInt64(capability)) == 0, "capability \(capability) still in the bounding set")
                #expect(effective & (1 << UInt64(capability)) == 0, "capability \(capability) still effective")
            }
            #expect(bounding & (1 << 0) != 0, "CAP_CHOWN should stay: the wall is not a lower user")
            await manager.shutdown()
        }
    }

    @Test func readOnlyModeWritesNothingAndHidesTheControlSockets() async throws {
        try await SimCluster.with(nodes: 1, baseOctet: 229) { cluster in
            let host = try Self.host(cluster)
            let manager = ConnectionManager()
            let socket = "/run/\(Self.unique("systemd-private")).sock", root = "/root/\(Self.unique("ro"))"
            let tmp = "/tmp/\(Self.unique("private"))"
            let listener = try UnixListener(path: socket)
            defer { listener.close() }
            var profile = ContainmentProfile.readOnly
            profile.hidden.append(socket)
            let output = try await Self.run(manager, """
                echo x > \(root) 2>/dev/null && echo "wrote root"
                [ -S \(socket) ] && echo "socket reachable"
                [ -S /run/systemd/private ] && echo "systemd reachable"
                echo t > \(tmp) && cat \(tmp)
                """, on: host, profile)
            #expect(output.stdout == "t\n", "\(output)")
            #expect(!Self.exists(root))
            #expect(!Self.exists(tmp), "read-only mode's /tmp is private: nothing written there persists")
            let open = try await Self.run(manager, "[ -S \(socket) ] && echo reachable", on: host, nil)
            #expect(open.stdout == "reachable\n")
            await manager.shutdown()
        }
    }

    @Test func aContainedTimeoutLeavesNoProcess() async throws {
        try await SimCluster.with(nodes: 1, baseOctet: 231) { cluster in
            let host = try Self.host(cluster)
            let manager = ConnectionManager()
            _ = try await Self.run(manager, "true", on: host)
            let start = ContinuousClock.now
            let output = try await Self.run(manager, "echo started; sleep 300 & sleep 301", on: host, timeout: 2)
            let took = ExecutionGuaranteeTests.elapsed(since: start)
            #expect(try ExecutionGuaranteeTests.running(cluster, "pve1", "sleep 30").isEmpty)
            #expect(output.timedOut && output.stopConfirmed, "\(output)")
            #expect(output.stdout == "started\n")
            #expect(took >= 2 && took < 5, "took \(took) s")
            await manager.shutdown()
        }
    }

    @Test func aContainedCancellationLeavesNoProcess() async throws {
        try await SimCluster.with(nodes: 1, baseOctet: 233) { cluster in
            let host = try Self.host(cluster)
            let manager = ConnectionManager()
            _ = try await Self.run(manager, "true", on: host)
            let call = Task { try await Self.run(manager, "sleep 302", on: host, timeout: 60) }
            var started = false
            for _ in 0..<50 where !started {
                try await Task.sleep(for: .milliseconds(100))
                started = try !ExecutionGuaranteeTests.running(cluster, "pve1", "sleep 302").isEmpty
            }
            #expect(started, "the contained command never started")
            call.cancel()
            let output = try await call.value
            #expect(output.cancelled && output.stopConfirmed, "\(output)")
            #expect(try ExecutionGuaranteeTests.running(cluster, "pve1", "sleep 302").isEmpty)
            await manager.shutdown()
        }
    }

    /// Output, exit status and the node's log are those of the command alone, wall or not.
    @Test func theWallIsInvisibleToTheCommandsResult() async throws {
        try await SimCluster.with(nodes: 1, baseOctet: 235) { cluster in
            let host = try Self.host(cluster)
            let manager = ConnectionManager()
            let command = "printf '[%s]\\n' \"$0\" 'two words' \"$PVE_NODE\"; qm list | head -1; read -r x; echo \"in:$x\" >&2; exit 3"
            let open = try await Self.run(manager, command, on: host, nil)
            for profile in [ContainmentProfile.guarded, .readOnly] {
                let contained = try await Self.run(manager, command, on: host, profile)
                #expect(contained.exitCode == 3)
                #expect(contained.stdout == open.stdout)
                #expect(contained.stderr == open.stderr)
            }
            #expect(try cluster.commandsLog("pve1") == [command, command, command])
            // The longest command, quotes and all (a here-document takes it as it is), reaches the node whole.
            let quotes = (RemoteCommand.maximumCommandBytes - 40) / 4
            let body = String(repeating: #"'\''"#, count: quotes)  // each prints one '
            let ys = RemoteCommand.maximumCommandBytes - "printf %s '' | wc -c".utf8.count - body.utf8.count
            let longest = "printf %s '" + String(repeating: "y", count: ys) + body + "' | wc -c"
            #expect(longest.utf8.count == RemoteCommand.maximumCommandBytes)
            let long = try await Self.run(manager, longest, on: host)
            #expect(long.stdout == "\(ys + quotes)\n")
            #expect(long.exitCode == 0, "\(long.stderr.prefix(300))")
            await manager.shutdown()
        }
    }

    /// A node where the wall cannot be built runs nothing: the call fails with its own code.
    @Test func aWallThatCannotBeBuiltFailsClosed() async throws {
        try await SimCluster.with(nodes: 1, baseOctet: 237) { cluster in
            let host = try Self.host(cluster)
            let manager = ConnectionManager()
            let witness = "/root/\(Self.unique("failclosed"))"
            var profile = ContainmentProfile.guarded
            profile.privateTemp = ["/nonexistent-\(Self.unique("tmp"))"]
            do throws(Failure) {
                let output = try await Self.run(manager, "touch \(witness)", on: host, profile)
                Issue.record("ran anyway: \(output)")
            } catch {
                #expect(error.code == .containmentUnavailable)
                #expect(error.message.contains("did not run"))
                #expect(error.remedy?.contains("policy: unrestricted") == true)
            }
            #expect(!Self.exists(witness))
            await manager.shutdown()
        }
    }
}

/// A listening Unix socket standing in for systemd's private socket.
final class UnixListener: Sendable {
    let descriptor: Int32
    let path: String

    init(path: String) throws {
        self.path = path
        descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { bytes in
            for (index, byte) in path.utf8.prefix(bytes.count - 1).enumerated() { bytes[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard descriptor >= 0, bound == 0, listen(descriptor, 1) == 0 else {
            throw SimClusterError.invalidParameters("could not listen on \(path): errno \(errno)")
        }
    }

    func close() {
        _ = Glibc.close(descriptor)
        unlink(path)
    }
}
