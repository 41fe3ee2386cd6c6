import Foundation
import Testing
import NodeAccess
import ProxmoxModel

/// Small wrappers around OpenSSH's own tools, so expectations come from OpenSSH, not from us.
enum SSHKeyTools {
    /// `SHA256:…` as `ssh-keygen -lf` prints it.
    static func fingerprint(ofPublicKey path: String) throws -> String {
        let output = try ProcessRunner.runBlocking("ssh-keygen", ["-lf", path])
        return String(output.stdoutText.split(separator: " ")[1])
    }

    /// A new ed25519 key pair at `path` (and `path.pub`).
    static func generate(at path: String, passphrase: String = "") throws {
        let output = try ProcessRunner.runBlocking("ssh-keygen", ["-q", "-t", "ed25519", "-N", passphrase, "-C", "test", "-f", path])
        guard output.exitCode == 0 else { throw Failure(.internal, "ssh-keygen failed: \(output.stderrText)") }
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pt-keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return url
    }
}

@Suite(.serialized) struct HostKeyAndAuthTests {
    static func host(_ cluster: SimCluster) throws -> InventoryHost {
        try InventoryLoader.load(directory: cluster.hostsDir.path, origin: "test", environment: ProcessInfo.processInfo.environment)
            .host(named: "pve1")
    }

    static func expectFailure(_ code: FailureCode, _ body: () async throws(Failure) -> CommandOutput) async -> Failure? {
        do {
            let output = try await body()
            Issue.record("expected \(code), but the command ran: \(output)")
            return nil
        } catch {
            #expect(error.code == code, "\(error.message)")
            return error
        }
    }

    @Test func unknownHostKeyIsRefusedWithItsFingerprintAndTrustSteps() async throws {
        try await SimCluster.with(nodes: 1, baseOctet: 150) { cluster in
            let dir = try SSHKeyTools.temporaryDirectory()
            var host = try Self.host(cluster)
            host.knownHosts = dir.appendingPathComponent("known_hosts").path  // does not exist: nothing known
            let manager = ConnectionManager()
            let error = await Self.expectFailure(.hostKeyUnknown) { () throws(Failure) in try await manager.run("true", on: host, timeout: nil) }
            let expected = try SSHKeyTools.fingerprint(ofPublicKey: cluster.directory(of: "pve1").appendingPathComponent("ssh_host_ed25519_key.pub").path)
            #expect(error?.message.contains(expected) == true)
            #expect(error?.remedy?.contains("proxmox-tools hosts trust pve1") == true)
            #expect(error?.remedy?.contains("ssh-keyscan -p \(host.port)") == true)
            #expect(try cluster.commandsLog("pve1").isEmpty)

            // `hosts trust` appends exactly the line OpenSSH would accept, then the call works.
            let scan = try await HostKeyTrust.scan(host, environment: [:])
            #expect(scan.status == .unknown)
            #expect(scan.key.fingerprint == expected)
            try HostKeyTrust.append(scan)
            let ssh = try await ProcessRunner.run("ssh", ["-F", "/dev/null", "-i", cluster.clientKey.path, "-o", "BatchMode=yes",
                "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=\(host.knownHosts)", "-p", "\(host.port)",
                "\(cluster.user)@\(host.address)", "echo via-openssh"])
            #expect(ssh.stdoutText == "via-openssh\n", "\(ssh.stderrText)")
            #expect(try await manager.run("echo trusted", on: host, timeout: nil).stdout == "trusted\n")
            #expect(try await HostKeyTrust.scan(host, environment: [:]).status == .alreadyTrusted)
            await manager.shutdown()
        }
    }

    @Test func changedHostKeyIsRefusedAndNeverOverwritten() async throws {
        try await SimCluster.with(nodes: 2, baseOctet: 152) { cluster in
            var host = try Self.host(cluster)
            let dir = try SSHKeyTools.temporaryDirectory()
            // Record pve2's key under pve1's address: to the client, pve1's key "changed".
            let pve2Key = try String(contentsOf: cluster.directory(of: "pve2").appendingPathComponent("ssh_host_ed25519_key.pub"), encoding: .utf8)
            let parts = pve2Key.split(separator: " ")
            let line = "[\(host.address)]:\(host.port) \(parts[0]) \(parts[1])\n"
            let file = dir.appendingPathComponent("known_hosts")
            try line.write(to: file, atomically: true, encoding: .utf8)
            host.knownHosts = file.path
            let manager = ConnectionManager()
            let error = await Self.expectFailure(.hostKeyChanged) { () throws(Failure) in try await manager.run("true", on: host, timeout: nil) }
            let offered = try SSHKeyTools.fingerprint(ofPublicKey: cluster.directory(of: "pve1").appendingPathComponent("ssh_host_ed25519_key.pub").path)
            let recorded = try SSHKeyTools.fingerprint(ofPublicKey: cluster.directory(of: "pve2").appendingPathComponent("ssh_host_ed25519_key.pub").path)
            #expect(error?.message.contains(offered) == true)
            #expect(error?.message.contains(recorded) == true)
            let scan = try await HostKeyTrust.scan(host, environment: [:])
            guard case .changed = scan.status else {
                Issue.record("trust must refuse a changed key, got \(scan.status)")
                return
            }
            #expect(try String(contentsOf: file, encoding: .utf8) == line)
            #expect(try cluster.commandsLog("pve1").isEmpty)
            await manager.shutdown()
        }
    }

    @Test func pinnedFingerprintMustMatch() async throws {
        try await SimCluster.with(nodes: 1, baseOctet: 154) { cluster in
            var host = try Self.host(cluster)
            let manager = ConnectionManager()
            host.hostKey = "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
            _ = await Self.expectFailure(.hostKeyChanged) { () throws(Failure) in try await manager.run("true", on: host, timeout: nil) }
            host.hostKey = try SSHKeyTools.fingerprint(ofPublicKey: cluster.directory(of: "pve1").appendingPathComponent("ssh_host_ed25519_key.pub").path)
            #expect(try await manager.run("echo pinned", on: host, timeout: nil).stdout == "pinned\n")
            await manager.shutdown()
        }
    }

    @Test func missingKeyGivesTailoredSetupInstructions() async throws {
        try await SimCluster.with(nodes: 1, baseOctet: 156) { cluster in
            var host = try Self.host(cluster)
            host.identityFile = "/nonexistent/id_ed25519"
            let manager = ConnectionManager()
            let error = await Self.expectFailure(.keyMissing) { () throws(Failure) in try await manager.run("true", on: host, timeout: nil) }
            let setup = error?.remedy ?? ""
            #expect(setup.contains("ssh-keygen -t ed25519"))
            #expect(setup.contains("ssh-copy-id -i /nonexistent/id_ed25519.pub -p \(host.port) \(host.user)@\(host.address)"))
            #expect(setup.contains("$env:USERPROFILE"))
            #expect(setup.contains("ssh -i /nonexistent/id_ed25519 -p \(host.port) \(host.user)@\(host.address) \"echo ok\""))
            // No key at all: no identity_file, no agent, an empty HOME.
            host.identityFile = nil
            let empty = try SSHKeyTools.temporaryDirectory()
            let bare = ConnectionManager(environment: ["HOME": empty.path])
            let none = await Self.expectFailure(.keyMissing) { () throws(Failure) in try await bare.run("true", on: host, timeout: nil) }
            #expect(none?.message.contains("\(empty.path)/.ssh/id_ed25519") == true)
            await manager.shutdown()
            await bare.shutdown()
        }
    }

    @Test func refusedKeyIsAuthFailedWithSetup() async throws {
        try await SimCluster.with(nodes: 1, baseOctet: 158) { cluster in
            var host = try Self.host(cluster)
            let dir = try SSHKeyTools.temporaryDirectory()
            let stranger = dir.appendingPathComponent("id_stranger").path
            try SSHKeyTools.generate(at: stranger)
            host.identityFile = stranger
            let manager = ConnectionManager()
            let error = await Self.expectFailure(.authFailed) { () throws(Failure) in try await manager.run("true", on: host, timeout: nil) }
            #expect(error?.remedy?.contains("ssh-copy-id -i \(stranger).pub") == true)
            await manager.shutdown()
        }
    }

    @Test func unreadableKeyIsItsOwnError() async throws {
        try await SimCluster.with(nodes: 1, baseOctet: 160) { cluster in
            var host = try Self.host(cluster)
            let dir = try SSHKeyTools.temporaryDirectory()
            let junk = dir.appendingPathComponent("junk").path
            try "this is not a key\n".write(toFile: junk, atomically: true, encoding: .utf8)
            host.identityFile = junk
            let manager = ConnectionManager()
            _ = await Self.expectFailure(.keyUnreadable) { () throws(Failure) in try await manager.run("true", on: host, timeout: nil) }
            await manager.shutdown()
        }
    }

    @Test func passphraseKeyFromTheNamedEnvironmentVariable() async throws {
        try await SimCluster.with(nodes: 1, baseOctet: 162) { cluster in
            var host = try Self.host(cluster)
            let dir = try SSHKeyTools.temporaryDirectory()
            let key = dir.appendingPathComponent("id_locked").path
            try SSHKeyTools.generate(at: key, passphrase: "correct horse")
            let pub = try String(contentsOfFile: key + ".pub", encoding: .utf8)
            let authorized = cluster.stateDirectory.appendingPathComponent("client/authorized_keys")
            let handle = try FileHandle(forWritingTo: authorized)
            handle.seekToEndOfFile()
            handle.write(Data(pub.utf8))
            try handle.close()
            host.identityFile = key
            host.passphraseEnv = "PT_TEST_PASSPHRASE"

            let right = ConnectionManager(environment: ["PT_TEST_PASSPHRASE": "correct horse"])
            #expect(try await right.run("echo unlocked", on: host, timeout: nil).stdout == "unlocked\n")
            let wrong = ConnectionManager(environment: ["PT_TEST_PASSPHRASE": "battery staple"])
            _ = await Self.expectFailure(.passphraseWrong) { () throws(Failure) in try await wrong.run("true", on: host, timeout: nil) }
            let unset = ConnectionManager(environment: [:])
            let error = await Self.expectFailure(.passphraseRequired) { () throws(Failure) in try await unset.run("true", on: host, timeout: nil) }
            #expect(error?.message.contains("PT_TEST_PASSPHRASE") == true)
            for manager in [right, wrong, unset] { await manager.shutdown() }
        }
    }

    @Test func sshAgentAuthentication() async throws {
        try await SimCluster.with(nodes: 1, baseOctet: 164) { cluster in
            var host = try Self.host(cluster)
            let dir = try SSHKeyTools.temporaryDirectory()
            let socket = dir.appendingPathComponent("agent.sock").path
            // ssh-agent in the foreground (-D), so it is our child and ends with the test.
            let agent = Process()
            agent.executableURL = URL(fileURLWithPath: try #require(ProcessRunner.find("ssh-agent")))
            agent.arguments = ["-D", "-a", socket]
            agent.standardOutput = FileHandle.nullDevice
            agent.standardError = FileHandle.nullDevice
            try agent.run()
            defer { agent.terminate() }
            for _ in 0..<50 where !FileManager.default.fileExists(atPath: socket) { try await Task.sleep(for: .milliseconds(50)) }
            let added = try await ProcessRunner.run("ssh-add", [cluster.clientKey.path], environment: ["SSH_AUTH_SOCK": socket])
            #expect(added.exitCode == 0, "\(added.stderrText)")
            host.identityFile = nil  // agent first
            let empty = try SSHKeyTools.temporaryDirectory()  // and no default key files to fall back on
            let manager = ConnectionManager(environment: ["SSH_AUTH_SOCK": socket, "HOME": empty.path])
            #expect(try await manager.run("echo agent", on: host, timeout: nil).stdout == "agent\n")
            await manager.shutdown()
        }
    }
}
