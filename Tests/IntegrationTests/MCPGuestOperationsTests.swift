import Foundation
import MCP
import Testing

/// The guest operations over MCP against the simulated cluster, whose `pvesh create` starts tasks
/// that write their log over a few seconds and stop when their task is deleted.
@Suite(.serialized) struct MCPGuestOperationsTests {
    /// Progress messages a client received.
    actor Received {
        var messages: [String] = []
        func add(_ message: String) { messages.append(message) }
    }

    /// Waits (up to `limit`) until `condition` holds; the tests assert on the state, not the time.
    static func eventually(_ limit: Duration = .seconds(20), _ condition: () async throws -> Bool) async rethrows -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return try await condition()
    }

    @Test func aBackupSendsProgressAndEndsWithItsExitStatus() async throws {
        try await SimCluster.with(nodes: 2, baseOctet: 188) { cluster in
            let session = try await MCPClusterTests.connect(cluster)
            let received = Received()
            await session.client.onNotification(ProgressNotification.self) { message in
                await received.add(message.params.message ?? "")
            }
            let request = CallTool.request(.init(
                name: "proxmox_backup_now", arguments: ["vmid": 100, "storage": "nas-backup"],
                meta: Metadata(progressToken: .string("backup-100"))))
            let result = try await session.client.send(request).value
            #expect(result.isError == false)
            let body = try #require(result.structuredContent)
            #expect(body["finished"] == true && body["exitStatus"] == "OK" && body["state"] == "ok")
            #expect(body["upid"]?.stringValue?.hasPrefix("UPID:pve1:") == true)
            #expect(body["log"]?.arrayValue?.last == "TASK OK")
            let messages = await received.messages
            #expect(!messages.isEmpty, "no progress notification arrived during the backup")
            #expect(messages.allSatisfy { $0.hasPrefix("INFO:") }, "\(messages)")
            #expect(try cluster.commandsLog("pve1").contains { $0.hasSuffix("pvesh create /nodes/pve1/vzdump --vmid 100 --mode snapshot --storage nas-backup") })
            await session.close()
        }
    }

    @Test func cancellingTheCallStopsTheTask() async throws {
        try await SimCluster.with(nodes: 1, baseOctet: 191) { cluster in
            let session = try await MCPClusterTests.connect(cluster)
            let received = Received()
            await session.client.onNotification(ProgressNotification.self) { message in
                await received.add(message.params.message ?? "")
            }
            let request = CallTool.request(.init(
                name: "proxmox_backup_now", arguments: ["vmid": 101, "storage": "nas-backup"], meta: Metadata(progressToken: .integer(7))))
            let call = try await session.client.send(request)
            #expect(await Self.eventually { !(await received.messages.isEmpty) }, "the backup never reported progress")
            try await session.client.cancelRequest(call.requestID, reason: "test")
            let tasks = cluster.stateDirectory.appendingPathComponent("nodes/pve1/tasks")
            let stopped = await Self.eventually {
                let files = (try? FileManager.default.contentsOfDirectory(atPath: tasks.path)) ?? []
                return files.contains { name in
                    name.hasSuffix(".exit") && (try? String(contentsOf: tasks.appendingPathComponent(name), encoding: .utf8)) == "received interrupt\n"
                }
            }
            #expect(stopped, "the Proxmox task was not stopped")
            #expect(try cluster.commandsLog("pve1").contains { $0.contains("pvesh delete '/nodes/pve1/tasks/UPID:pve1:") })
            await session.close()
        }
    }

    @Test func powerAndSnapshotWaitForTheirTasksAndReadOnlyHostsRefuse() async throws {
        try await SimCluster.with(nodes: 2, baseOctet: 193) { cluster in
            let session = try await MCPClusterTests.connect(cluster)
            let shutdown = try await session.call("proxmox_guest_power", ["vmid": 104, "action": "shutdown", "timeoutSeconds": 60])
            #expect(shutdown.isError == false)
            #expect(shutdown.structuredContent?["host"] == "pve2", "the command runs on the guest's node")
            #expect(shutdown.structuredContent?["command"] == "pvesh create /nodes/pve2/qemu/104/status/shutdown --timeout 60")
            #expect(shutdown.structuredContent?["log"]?.arrayValue?.contains("guest acknowledged ACPI shutdown") == true)

            let snapshot = try await session.call("proxmox_snapshot_create", ["vmid": 200, "name": "before-trixie", "description": "it's the last one"])
            #expect(snapshot.structuredContent?["exitStatus"] == "OK")
            #expect(try cluster.commandsLog("pve1").contains { $0.hasSuffix(#"--snapname before-trixie --description 'it'\''s the last one'"#) })

            // A stop takes a moment and ends within the start window; a backup does not, and keeps running.
            let stop = try await session.call("proxmox_guest_power", ["vmid": 100, "action": "stop", "wait": false])
            #expect(stop.structuredContent?["finished"] == true && stop.structuredContent?["exitStatus"] == "OK")
            let started = try await session.call("proxmox_backup_now", ["vmid": 101, "storage": "nas-backup", "wait": false])
            #expect(started.structuredContent?["finished"] == false && started.structuredContent?["status"] == "running")
            let upid = try #require(started.structuredContent?["upid"]?.stringValue)
            let running = try await session.call("proxmox_list_tasks", ["host": "pve1", "running": true, "vmid": 101])
            #expect(running.structuredContent?["nodes"]?[0]?["tasks"]?[0]?["upid"] == .string(upid))

            await session.close()
            try MCPOperationsTests.makeReadOnly(cluster)
            let readOnly = try await MCPClusterTests.connect(cluster)
            let before = try cluster.commandsLog("pve1").count
            let refused = try await readOnly.call("proxmox_backup_now", ["vmid": 100])
            #expect(refused.isError == true && refused.structuredContent?["error"] == "blocked")
            #expect(try cluster.commandsLog("pve1").dropFirst(before).allSatisfy { !$0.contains("pvesh create") })
            await readOnly.close()
        }
    }

    @Test func aLongCommandSendsItsOutputLinesAsProgress() async throws {
        try await SimCluster.with(nodes: 1, baseOctet: 198) { cluster in
            let session = try await MCPClusterTests.connect(cluster)
            let received = Received()
            await session.client.onNotification(ProgressNotification.self) { message in
                await received.add(message.params.message ?? "")
            }
            let request = CallTool.request(.init(
                name: "proxmox_run_host_command", arguments: ["command": "echo scrub 10%; sleep 0.5; echo scrub 60%; sleep 0.5; echo done"],
                meta: Metadata(progressToken: .string("run-1"))))
            let result = try await session.client.send(request).value
            #expect(result.structuredContent?["stdout"] == "scrub 10%\nscrub 60%\ndone\n", "the output is complete as before")
            let arrived = await Self.eventually { await received.messages.contains("scrub 10%") }
            let messages = await received.messages
            #expect(arrived, "\(messages)")
            #expect(messages.allSatisfy { ["scrub 10%", "scrub 60%", "done"].contains($0) }, "\(messages)")
            await session.close()
        }
    }

    @Test func aTaskLongerThanTheHostsTimeoutIsFollowedToItsEnd() async throws {
        try await SimCluster.with(nodes: 1, baseOctet: 200) { cluster in
            let file = cluster.hostsDir.appendingPathComponent("cluster.yaml")
            let text = try String(contentsOf: file, encoding: .utf8)
            try text.replacingOccurrences(of: "defaults:\n", with: "defaults:\n  timeout: 2\n").write(to: file, atomically: true, encoding: .utf8)
            let session = try await MCPClusterTests.connect(cluster)
            let received = Received()
            await session.client.onNotification(ProgressNotification.self) { message in
                await received.add(message.params.message ?? "")
            }
            let request = CallTool.request(.init(
                name: "proxmox_backup_now", arguments: ["vmid": 100, "storage": "nas-backup"], meta: Metadata(progressToken: .string("long"))))
            let result = try await session.client.send(request).value
            let body = try #require(result.structuredContent)
            #expect(body["finished"] == true && body["exitStatus"] == "OK", "\(body)")
            #expect(body["log"]?.arrayValue?.last == "TASK OK")
            let messages = await received.messages
            #expect(!messages.isEmpty)
            // The foreground command was stopped at the host's 2 s; the task was then polled.
            #expect(try cluster.commandsLog("pve1").contains { $0.contains("/log' --output-format json --start ") })
            await session.close()
        }
    }
}
