import Foundation
import MCP
import Testing
import ProxmoxParsing
import ToolKit

/// The operations helpers against the sample cluster: filters, node routing, argument checks
/// (nothing invalid may reach a node), and partial answers.
@Suite("Operations helpers")
struct ToolsOperationsTests {
    @Test func tasksAreFilteredByProxmoxAndAgainLocally() async throws {
        let runner = try FixtureRunner.sampleCluster()
        let command = "pvesh get /nodes/localhost/tasks --output-format json --source all --limit 5 --errors 1 --vmid 102 --since 1764410400"
        // A node that ignores the filters (an older Proxmox, the simulator) still gives the right answer.
        runner.respond("pve1", command, stdout: try Fixtures.sample("pve1", "pvesh_nodes_tasks_all.json"))
        let outcome = try await ToolRegistry.callSample(
            "proxmox_list_tasks", ["host": "pve1", "errorsOnly": true, "vmid": 102, "since": "2025-11-29T10:00:00Z", "limit": 5], runner: runner)
        let tasks = try #require(outcome.structured["nodes"]?[0]?["tasks"]?.arrayValue)
        #expect(tasks.map { $0["upid"] } == ["UPID:pve1:001EB2E1:04A989D9:692ADDAE:qmstart:102:root@pam:"])
        #expect(tasks[0]["state"] == "error")
        #expect(runner.commands == ["pve1: \(command)"])
    }

    @Test func runningTasksComeFirstAndTheLimitHolds() async throws {
        let runner = try FixtureRunner.sampleCluster()
        let outcome = try await ToolRegistry.callSample("proxmox_list_tasks", ["host": "pve1"], runner: runner)
        let tasks = try #require(outcome.structured["nodes"]?[0]?["tasks"]?.arrayValue)
        #expect(tasks.first?["state"] == "running")
        let starts = tasks.dropFirst().compactMap { $0["startTime"]?.intValue }
        #expect(starts == starts.sorted(by: >))
        let running = try await ToolRegistry.callSample("proxmox_list_tasks", ["running": true], runner: runner)
        let nodes = try #require(running.structured["nodes"]?.arrayValue)
        #expect(nodes.map { $0["tasks"]?.arrayValue?.count } == [1, 1, 0])
    }

    @Test(arguments: ["yesterday", "2025-13-45", "1764400000; reboot"])
    func aSinceThatIsNotATimeIsRefusedBeforeAnyNode(_ since: String) async throws {
        let runner = try FixtureRunner.sampleCluster()
        let outcome = try await ToolRegistry.callSample("proxmox_list_tasks", ["since": .string(since)], runner: runner)
        #expect(outcome.isError && outcome.structured["error"] == "invalid_argument")
        #expect(runner.commands.isEmpty)
    }

    @Test func theTaskLogRunsOnTheUPIDsNode() async throws {
        let runner = try FixtureRunner.sampleCluster()
        let upid = "UPID:pve1:001EB2E1:04A989D9:692ADDAE:qmstart:102:root@pam:"
        let outcome = try await ToolRegistry.callSample("proxmox_task_log", ["upid": .string(upid)], runner: runner)
        #expect(outcome.structured["host"] == "pve1")
        #expect(outcome.structured["task"]?["exitStatus"] == "start failed: QEMU exited with code 1")
        #expect(outcome.structured["task"]?["lines"]?.arrayValue?.last == "TASK ERROR: start failed: QEMU exited with code 1")
        #expect(Set(runner.commands) == [
            "pve1: pvesh get '/nodes/pve1/tasks/\(upid)/status' --output-format json",
            "pve1: pvesh get '/nodes/pve1/tasks/\(upid)/log' --output-format json --limit 5000",
        ])
    }

    @Test func aTaskOfANodeOutsideTheInventoryIsAskedThroughTheDefaultNode() async throws {
        let runner = try FixtureRunner.sampleCluster()
        let upid = "UPID:pve7:001EB2E1:04A989D9:692ADDAE:qmstart:102:root@pam:"
        _ = try await ToolRegistry.callSample("proxmox_task_log", ["upid": .string(upid)], runner: runner)
        #expect(runner.commands.allSatisfy { $0.hasPrefix("pve1: pvesh get '/nodes/pve7/tasks/") })
        _ = try await ToolRegistry.callSample("proxmox_task_log", ["upid": .string(upid), "host": "pve2"], runner: runner)
        #expect(runner.commands.suffix(2).allSatisfy { $0.hasPrefix("pve2: ") })
    }

    @Test(arguments: ["UPID:pve1:00257650:05704D0D:692CDA83:vzdump::root@pam:'; reboot; '", "reboot-the-node-now", "UPID:pve1:$(id):0:0:x::root@pam:"])
    func aMalformedUPIDNeverReachesANode(_ upid: String) async throws {
        let runner = try FixtureRunner.sampleCluster()
        let outcome = try await ToolRegistry.callSample("proxmox_task_log", ["upid": .string(upid)], runner: runner)
        #expect(outcome.isError && outcome.structured["error"] == "invalid_argument")
        #expect(outcome.structured["message"]?.stringValue?.contains(UPID.example) == true)
        #expect(runner.commands.isEmpty)
    }

    @Test func snapshotsFindTheGuestsNodeAndType() async throws {
        let runner = try FixtureRunner.sampleCluster()
        let outcome = try await ToolRegistry.callSample("proxmox_list_snapshots", ["vmid": 200], runner: runner)
        #expect(outcome.structured["guestType"] == "lxc" && outcome.structured["node"] == "pve1")
        #expect(outcome.structured["currentParent"] == "bookworm-to-trixie")
        #expect(runner.commands == ["pve1: pvesh get /cluster/resources --output-format json --type vm",
                                    "pve1: pvesh get /nodes/pve1/lxc/200/snapshot --output-format json"])
    }

    @Test func aGuestOnAnotherNodeIsAskedThere() async throws {
        let runner = try FixtureRunner.sampleCluster()
        runner.respond("pve2", "pvesh get /nodes/pve2/qemu/1050/snapshot --output-format json",
                       stdout: #"[{"description":"You are here!","name":"current","running":1}]"# + "\n")
        let outcome = try await ToolRegistry.callSample("proxmox_list_snapshots", ["vmid": 1050], runner: runner)
        #expect(!outcome.isError, "\(outcome.json)")
        #expect(outcome.structured["host"] == "pve2" && outcome.structured["snapshots"] == [])
    }

    @Test func anUnknownGuestIsNotFound() async throws {
        let runner = try FixtureRunner.sampleCluster()
        let outcome = try await ToolRegistry.callSample("proxmox_list_snapshots", ["vmid": 999], runner: runner)
        #expect(outcome.isError && outcome.structured["error"] == "not_found")
        #expect(runner.commands.count == 1)
    }

    @Test func sharedBackupStoragesAreListedOnceAndAnOfflineOneSaysSo() async throws {
        let runner = try FixtureRunner.sampleCluster()
        let outcome = try await ToolRegistry.callSample("proxmox_list_backups", [:], runner: runner)
        let nodes = try #require(outcome.structured["nodes"]?.arrayValue)
        let names = nodes.map { $0["storages"]?.arrayValue?.compactMap { $0["storage"]?.stringValue } ?? [] }
        #expect(names == [["local", "nas-backup", "pbs-offsite-datastore"], ["local"], ["local", "nas-backup"]])
        #expect(nodes[2]["storages"]?[1]?["active"] == false)
        #expect(nodes[0]["storages"]?[1]?["backups"]?.arrayValue?.count == 5)
        #expect(!runner.commands.contains("pve3: pvesh get /nodes/localhost/storage/nas-backup/content --output-format json --content backup"),
                "an inactive storage is not read")
        let one = try await ToolRegistry.callSample("proxmox_list_backups", ["vmid": 101, "storage": "pbs-offsite-datastore", "host": "pve2"], runner: runner)
        #expect(one.structured["nodes"]?[0]?["storages"]?[0]?["backups"]?.arrayValue?.map { $0["vmid"] } == [101])
    }

    @Test func anUnsafeStorageFilterIsRefused() async throws {
        let runner = try FixtureRunner.sampleCluster()
        let outcome = try await ToolRegistry.callSample("proxmox_list_backups", ["storage": "nas;reboot"], runner: runner)
        #expect(outcome.structured["error"] == "invalid_argument" && runner.commands.isEmpty)
    }

    @Test func cephNotInstalledIsACleanAnswerForThatNode() async throws {
        let runner = try FixtureRunner.sampleCluster()
        let outcome = try await ToolRegistry.callSample("proxmox_ceph_status", [:], runner: runner)
        let nodes = try #require(outcome.structured["nodes"]?.arrayValue)
        #expect(nodes.map { $0["ok"] } == [true, true, true])
        #expect(nodes[2]["ceph"]?["available"] == false && nodes[2]["ceph"]?["reason"] == "not_installed")
        #expect(nodes[0]["ceph"]?["status"]?["health"] == "HEALTH_WARN")
        runner.respond("pve1", "pvesh get /nodes/localhost/ceph/status --output-format json", stdout: "",
                       stderr: "rados_connect failed - Connection timed out\n", exitCode: 110)
        let failed = try await ToolRegistry.callSample("proxmox_ceph_status", ["host": "pve1"], runner: runner)
        #expect(failed.structured["nodes"]?[0]?["ok"] == false, "a Ceph that is there but broken is an error")
    }

    @Test func zfsHealthPerNode() async throws {
        let runner = try FixtureRunner.sampleCluster()
        let outcome = try await ToolRegistry.callSample("proxmox_zfs_health", [:], runner: runner)
        let nodes = try #require(outcome.structured["nodes"]?.arrayValue)
        #expect(nodes.map { $0["zfs"]?["healthy"] } == [true, true, true])
        #expect(nodes[2]["zfs"]?["pools"] == [])
        runner.respond("pve2", "zpool status", stdout: try Fixtures.sample("scenarios", "zfs-degraded/zpool_status.txt"))
        let degraded = try await ToolRegistry.callSample("proxmox_zfs_health", ["host": "pve2"], runner: runner)
        #expect(degraded.structured["nodes"]?[0]?["zfs"]?["healthy"] == false)
    }

    @Test func theJournalQuotesItsFiltersAfterCheckingThem() async throws {
        let runner = try FixtureRunner.sampleCluster()
        let command = "journalctl -o json --no-pager --quiet --lines 2 --unit 'pvescheduler.service' --since '-1h' --priority err"
        runner.respond("pve2", command, stdout: try Fixtures.sample("pve2", "journalctl.jsonl"))
        let outcome = try await ToolRegistry.callSample(
            "proxmox_journal", ["host": "pve2", "unit": "pvescheduler.service", "since": "-1h", "priority": "err", "lines": 2], runner: runner)
        #expect(outcome.structured["entries"]?.arrayValue?.count == 2)
        #expect(outcome.structured["capped"] == true)
        #expect(runner.commands == ["pve2: \(command)"])
    }

    @Test(arguments: [("unit", "pveproxy; reboot"), ("unit", "-x"), ("unit", "a'b"), ("since", "$(reboot)"), ("since", "1h' ; id '")])
    func journalFiltersWithShellCharactersAreRefused(key: String, value: String) async throws {
        let runner = try FixtureRunner.sampleCluster()
        let outcome = try await ToolRegistry.callSample("proxmox_journal", [key: .string(value)], runner: runner)
        #expect(outcome.structured["error"] == "invalid_argument")
        #expect(runner.commands.isEmpty)
    }

    @Test func schemaLevelMistakesAreProtocolErrors() async throws {
        let runner = try FixtureRunner.sampleCluster()
        let calls: [(String, [String: Value], String)] = [
            ("proxmox_list_tasks", ["limit": 0], "argument 'limit' must be at least 1"),
            ("proxmox_list_tasks", ["vmid": "100"], "argument 'vmid' must be an integer"),
            ("proxmox_task_log", [:], "missing required argument 'upid'"),
            ("proxmox_list_snapshots", ["vmid": 42], "argument 'vmid' must be at least 100"),
            ("proxmox_journal", ["priority": "loud"], "argument 'priority' must be one of"),
            ("proxmox_journal", ["lines": 5000], "argument 'lines' must be at most 1000"),
            ("proxmox_ha_status", ["hosts": ["pve1"]], "unknown argument 'hosts'"),
        ]
        for (tool, arguments, expected) in calls {
            do {
                let outcome = try await ToolRegistry.callSample(tool, arguments, runner: runner)
                Issue.record("\(tool) accepted \(arguments): \(outcome.json)")
            } catch let error as ToolCallError {
                #expect(error.description.contains(expected), "\(error)")
            }
        }
        #expect(runner.commands.isEmpty)
    }
}
