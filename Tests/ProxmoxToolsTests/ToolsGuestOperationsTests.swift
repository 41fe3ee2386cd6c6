import Foundation
import MCP
import ProxmoxTools
import Testing

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

    @Test func withoutWaitingTheUPIDComesBackAtOnce() async throws {
        let runner = try FixtureRunner.sampleCluster()
        let outcome = try await ToolRegistry.callSample("proxmox_backup_now", ["vmid": 200, "storage": "nas-backup", "wait": false], runner: runner)
        #expect(outcome.structured["upid"] == "UPID:pve1:0025D003:0626A1D0:692EAF42:vzdump:200:root@pam:")
        #expect(outcome.structured["finished"] == false && outcome.structured["state"] == "running")
        #expect(!outcome.isError)
        #expect(runner.commands.last == "pve1: pvesh create /nodes/pve1/vzdump --vmid 200 --mode snapshot --storage nas-backup")
    }

    @Test func aFinishedTaskIsReportedWithItsExitStatusAndLog() async throws {
        let runner = try FixtureRunner.sampleCluster()
        let upid = "UPID:pve1:0025D001:0626A1B2:692EAF40:qmshutdown:100:root@pam:"
        runner.respond("pve1", "pvesh get '/nodes/pve1/tasks/\(upid)/status' --output-format json",
                       stdout: #"{"exitstatus":"VM quit/powerdown failed","status":"stopped"}"# + "\n")
        runner.respond("pve1", "pvesh get '/nodes/pve1/tasks/\(upid)/log' --output-format json --start 0 --limit 500",
                       stdout: #"[{"n":1,"t":"VM quit/powerdown failed"},{"n":2,"t":"TASK ERROR: VM quit/powerdown failed"}]"# + "\n")
        let outcome = try await ToolRegistry.callSample("proxmox_guest_power", ["vmid": 100, "action": "shutdown"], runner: runner)
        #expect(outcome.isError, "a task that ended in an error is an error result")
        #expect(outcome.structured["finished"] == true && outcome.structured["exitStatus"] == "VM quit/powerdown failed")
        #expect(outcome.structured["log"]?.arrayValue?.count == 2)
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
