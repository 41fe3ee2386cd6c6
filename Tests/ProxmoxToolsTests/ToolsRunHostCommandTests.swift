import MCP
import Testing
import ToolKit

@Suite("proxmox_run_host_command")
struct ToolsRunHostCommandTests {
    @Test func runsOnTheNamedHostAndReturnsTheResultObject() async throws {
        let runner = try FixtureRunner.sampleCluster()
        let outcome = try await ToolRegistry.callSample("proxmox_run_host_command", ["command": "qm list", "host": "pve2"], runner: runner)
        #expect(!outcome.isError)
        #expect(outcome.structured["success"] == true)
        #expect(outcome.structured["host"] == "pve2")
        #expect(outcome.structured["address"] == "10.0.0.2:22")
        #expect(outcome.structured["exitCode"] == 0)
        #expect(outcome.structured["stdout"]?.stringValue == (try Fixtures.sample("pve2", "qm_list.txt")))
        #expect(outcome.structured["mode"] == "guarded")
        #expect(outcome.structured["blocked"] == nil)
        #expect(runner.commands == ["pve2: qm list"])
    }

    @Test func withoutHostTheDefaultNodeIsUsed() async throws {
        let runner = try FixtureRunner.sampleCluster()
        _ = try await ToolRegistry.callSample("proxmox_run_host_command", ["command": "pveversion"], runner: runner)
        #expect(runner.commands == ["pve1: pveversion"])
    }

    @Test func aNonZeroExitIsAnErrorResultWithTheOutput() async throws {
        let runner = try FixtureRunner.sampleCluster()
        let outcome = try await ToolRegistry.callSample("proxmox_run_host_command", ["command": "qm status 999"], runner: runner)
        #expect(outcome.isError)
        #expect(outcome.structured["success"] == false)
        #expect(outcome.structured["exitCode"] == 2)
        #expect(outcome.structured["stderr"]?.stringValue?.contains("999.conf' does not exist") == true)
    }

    @Test(arguments: ["qm destroy 100", "rm -rf /tmp/x", "true && reboot"])
    func aRefusedCommandNeverReachesTheNode(command: String) async throws {
        let runner = try FixtureRunner.sampleCluster()
        let outcome = try await ToolRegistry.callSample("proxmox_run_host_command", ["command": .string(command)], runner: runner)
        #expect(outcome.isError)
        #expect(outcome.structured["blocked"] == true)
        #expect(outcome.structured["error"] == "blocked")
        #expect(outcome.structured["mode"] == "guarded")
        #expect(outcome.structured["reason"]?.stringValue?.isEmpty == false)
        #expect(outcome.structured["message"] == outcome.structured["reason"])
        #expect(runner.commands.isEmpty)
    }

    /// The node's shell would stop reading at the NUL, so the command that ran would differ from
    /// the one reported: refused before the policy (a `blocked` answer would name the wrong rule).
    @Test(arguments: ["echo a\u{0}; reboot", "qm destroy 100\u{0}", "\u{0}"])
    func aCommandWithANulIsRefusedBeforeThePolicy(command: String) async throws {
        let runner = try FixtureRunner.sampleCluster()
        let outcome = try await ToolRegistry.callSample("proxmox_run_host_command", ["command": .string(command)], runner: runner)
        #expect(outcome.isError)
        #expect(outcome.structured["error"] == "invalid_command")
        #expect(outcome.structured["blocked"] == nil)
        #expect(outcome.structured["message"]?.stringValue?.contains("NUL") == true)
        #expect(runner.commands.isEmpty)
    }

    @Test func aReadOnlyHostRefusesWhatAGuardedHostAllows() async throws {
        let runner = try FixtureRunner.sampleCluster()
        let outcome = try await ToolRegistry.callSample("proxmox_run_host_command", ["command": "qm start 100", "host": "pve3"], runner: runner)
        #expect(outcome.structured["blocked"] == true)
        #expect(outcome.structured["mode"] == "read-only")
        #expect(runner.commands.isEmpty)
    }

    @Test func anUnknownHostIsAnErrorThatListsTheAliases() async throws {
        let runner = try FixtureRunner.sampleCluster()
        let outcome = try await ToolRegistry.callSample("proxmox_run_host_command", ["command": "uptime", "host": "pve7"], runner: runner)
        #expect(outcome.isError)
        #expect(outcome.structured["error"] == "unknown_host")
        #expect(outcome.structured["message"]?.stringValue?.contains("known hosts: pve1, pve2, pve3") == true)
    }

    @Test func anUnreachableNodeIsAnErrorResultWithTheNodesCode() async throws {
        let runner = try FixtureRunner.sampleCluster()
        runner.unreachable = ["pve2"]
        let outcome = try await ToolRegistry.callSample("proxmox_run_host_command", ["command": "uptime", "host": "pve2"], runner: runner)
        #expect(outcome.isError)
        #expect(outcome.structured["error"] == "unreachable")
        #expect(outcome.structured["exitCode"] == .null)
        #expect(outcome.structured["address"] == "10.0.0.2:22")
    }
}
