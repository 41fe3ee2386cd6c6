import Foundation
import MCP
import Testing
import ProxmoxModel
import NodeAccess
import ToolKit

/// Guest operations against the sample cluster: the command each builds, the policy, argument
/// checks, and following a task that has already ended.
@Suite("Guest operations")
struct ToolsGuestOperationsTests {
    static let readOnlyCluster = Inventory(hosts: [
        SampleInventory.host("pve1", isDefault: true, policy: .readOnly),
        SampleInventory.host("pve2", policy: .readOnly),
    ])

    @Test func aReadOnlyHostRefusesEveryOperationBeforeItRuns() async throws {
        for (tool, arguments) in [("proxmox_backup_now", ["vmid": 200] as [String: Value]),
                                  ("proxmox_guest_power", ["vmid": 100, "action": "start"]),
                                  ("proxmox_snapshot_create", ["vmid": 100, "name": "x1"])] {
            let runner = try FixtureRunner.sampleCluster()
            let outcome = try await ToolRegistry.callSample(tool, arguments, runner: runner, inventory: Self.readOnlyCluster)
            #expect(outcome.isError && outcome.structured["error"] == "blocked", "\(tool): \(outcome.json)")
            #expect(outcome.structured["message"]?.stringValue?.contains("read-only") == true)
            #expect(runner.commands == ["pve1: pvesh get /cluster/resources --output-format json --type vm"], "\(tool) ran \(runner.commands)")
        }
    }

    @Test func aTaskThatRanInTheForegroundIsReportedFromItsStatusAndLog() async throws {
        let runner = try FixtureRunner.sampleCluster()
        let outcome = try await ToolRegistry.callSample("proxmox_backup_now", ["vmid": 200, "storage": "nas-backup"], runner: runner)
        #expect(!outcome.isError, "\(outcome.json)")
        #expect(outcome.structured["upid"] == "UPID:pve1:0025D003:0626A1D0:692EAF42:vzdump:200:root@pam:")
        #expect(outcome.structured["finished"] == true && outcome.structured["exitStatus"] == "OK")
        #expect(outcome.structured["log"]?.arrayValue?.last == "TASK OK")
        #expect(runner.commands[1] == "pve1: pvesh create /nodes/pve1/vzdump --vmid 200 --mode snapshot --storage nas-backup")
    }

    @Test func whenTheWaitEndsFirstTheRunningTaskIsFoundAndKeepsRunning() async throws {
        let runner = try FixtureRunner.sampleCluster()
        let create = "pvesh create /nodes/pve1/qemu/101/status/shutdown"
        runner.respond("pve1", create, output: CommandOutput(exitCode: nil, exitSignal: "TERM", stdout: "Requesting shutdown of 101\n",
                                                           stderr: "", timedOut: true))
        let upid = "UPID:pve1:0025E000:0626B000:692EB000:qmshutdown:101:root@pam:"
        runner.respond("pve1", "pvesh get /nodes/pve1/tasks --output-format json --source active --vmid 101 --limit 50",
                       stdout: #"[{"id":"101","node":"pve1","pid":1,"pstart":2,"starttime":1764667392,"status":"RUNNING","type":"qmshutdown","upid":"\#(upid)","user":"root@pam"}]"# + "\n")
        let outcome = try await ToolRegistry.callSample("proxmox_guest_power", ["vmid": 101, "action": "shutdown", "wait": false], runner: runner)
        #expect(!outcome.isError, "\(outcome.json)")
        #expect(outcome.structured["upid"] == .string(upid))
        #expect(outcome.structured["finished"] == false && outcome.structured["status"] == "running")
        #expect(outcome.structured["log"] == ["Requesting shutdown of 101"])
    }

    @Test(arguments: ["1x", "current", "vzdump", "pre upgrade", "a;reboot", "x\u{0}", String(repeating: "a", count: 41), "snap'1"])
    func badSnapshotNamesNeverReachANode(_ name: String) async throws {
        let runner = try FixtureRunner.sampleCluster()
        let outcome = try await ToolRegistry.callSample("proxmox_snapshot_create", ["vmid": 100, "name": .string(name)], runner: runner)
        #expect(outcome.structured["error"] == "invalid_argument", "\(name): \(outcome.json)")
        #expect(runner.commands.isEmpty)
    }

    @Test func theDescriptionIsOneQuotedWordAndVMStateIsForVMsOnly() async throws {
        let runner = try FixtureRunner.sampleCluster()
        let outcome = try await ToolRegistry.callSample(
            "proxmox_snapshot_create", ["vmid": 100, "name": "pre-upgrade", "description": "before it's upgraded", "wait": false], runner: runner)
        #expect(outcome.structured["command"] == #"pvesh create /nodes/pve1/qemu/100/snapshot --snapname pre-upgrade --description 'before it'\''s upgraded'"#)
        let container = try await ToolRegistry.callSample("proxmox_snapshot_create", ["vmid": 200, "name": "s1", "vmstate": true], runner: runner)
        #expect(container.structured["error"] == "invalid_argument")
        let control = try await ToolRegistry.callSample("proxmox_snapshot_create", ["vmid": 100, "name": "s1", "description": "a\u{7}b"], runner: runner)
        #expect(control.structured["error"] == "invalid_argument")
    }

    @Test func anUnknownActionOrModeIsAProtocolError() async throws {
        let runner = try FixtureRunner.sampleCluster()
        for (tool, arguments) in [("proxmox_guest_power", ["vmid": 100, "action": "destroy"] as [String: Value]),
                                  ("proxmox_backup_now", ["vmid": 100, "mode": "fast"])] {
            await #expect(throws: ToolCallError.self) { try await ToolRegistry.callSample(tool, arguments, runner: runner) }
        }
        #expect(runner.commands.isEmpty)
    }
}
