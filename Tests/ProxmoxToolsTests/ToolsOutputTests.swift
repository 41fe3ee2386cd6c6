import Foundation
import MCP
import Testing
import ToolKit

@Suite("Tool outputs against the sample cluster")
struct ToolsOutputTests {
    /// Every tool with each of its own `examples`: derived from the registry, so a new tool is
    /// checked against its outputSchema without being added here.
    static let successfulCalls: [(String, [String: Value])] = ToolRegistry.standard.definitions.flatMap { definition in
        definition.examples.map { (definition.name, $0) }
    }

    @Test(arguments: successfulCalls)
    func resultsMatchTheirOutputSchema(tool: String, arguments: [String: Value]) async throws {
        let runner = try FixtureRunner.sampleCluster()
        let outcome = try await ToolRegistry.callSample(tool, arguments, runner: runner)
        #expect(!outcome.isError, "\(outcome.json)")
        let schema = try #require(ToolRegistry.standard.tool(named: tool)?.definition.outputSchema)
        let problem = SchemaValidator(subject: "output").violation(of: schema, by: outcome.structured)
        #expect(problem == nil, "\(tool): \(problem ?? "")\n\(outcome.json)")
    }

    @Test func listVMsReadsEveryNodeInInventoryOrder() async throws {
        let runner = try FixtureRunner.sampleCluster()
        let outcome = try await ToolRegistry.callSample("proxmox_list_vms", runner: runner)
        let nodes = try #require(outcome.structured["nodes"]?.arrayValue)
        #expect(nodes.map { $0["host"] } == ["pve1", "pve2", "pve3"])
        #expect(nodes.allSatisfy { $0["ok"] == true })
        #expect(nodes[0]["vms"]?.arrayValue?.compactMap { $0["vmid"]?.intValue } == [100, 101, 102, 103])
        #expect(nodes[1]["vms"]?[2]?["name"] == "debian13-cloudinit-template")
        #expect(nodes[0]["vms"]?[2]?["name"] == "VM 102")
        #expect(nodes[0]["vms"]?[2]?["pid"] == nil, "a stopped VM has no pid")
        #expect(nodes[2]["vms"] == [], "an empty node answers with no rows, not an error")
        #expect(Set(runner.commands) == ["pve1: qm list", "pve2: qm list", "pve3: qm list"])
    }

    @Test func aNodeThatIsDownIsOneFailedEntryAndHidesNothing() async throws {
        let runner = try FixtureRunner.sampleCluster()
        runner.unreachable = ["pve2"]
        let outcome = try await ToolRegistry.callSample("proxmox_list_containers", runner: runner)
        #expect(!outcome.isError, "a partial answer is still an answer")
        let nodes = try #require(outcome.structured["nodes"]?.arrayValue)
        #expect(nodes.map { $0["ok"] } == [true, false, true])
        #expect(nodes[1]["error"] == "unreachable")
        #expect(nodes[1]["message"]?.stringValue?.contains("pve2") == true)
        #expect(nodes[1]["containers"] == nil)
        #expect(nodes[0]["containers"]?[1]?["lock"] == "backup")
    }

    @Test func whenNoNodeAnswersTheResultIsAnError() async throws {
        let runner = try FixtureRunner.sampleCluster()
        runner.unreachable = ["pve1", "pve2", "pve3"]
        let outcome = try await ToolRegistry.callSample("proxmox_storage_status", runner: runner)
        #expect(outcome.isError)
        #expect(outcome.structured["nodes"]?.arrayValue?.count == 3)
    }

    @Test func aRemoteFailureInsideAHelperIsThatNodesError() async throws {
        let runner = try FixtureRunner.sampleCluster()
        runner.respond("pve1", "pvesm status", stdout: "", stderr: """
            ipcc_send_rec[1] failed: Connection refused
            Unable to load access control list: Connection refused

            """, exitCode: 111)
        let outcome = try await ToolRegistry.callSample("proxmox_storage_status", ["hosts": ["pve1", "pve3"]], runner: runner)
        let nodes = try #require(outcome.structured["nodes"]?.arrayValue)
        #expect(nodes[0]["ok"] == false)
        #expect(nodes[0]["error"] == "cluster_filesystem_unavailable")
        #expect(nodes[1]["storage"]?[3]?["name"] == "pbs-offsite-datastore")
    }

    @Test func unknownSelectorsListWhatExists() async throws {
        let runner = try FixtureRunner.sampleCluster()
        let outcome = try await ToolRegistry.callSample("proxmox_list_vms", ["hosts": ["pve9"]], runner: runner)
        #expect(outcome.isError)
        #expect(outcome.structured["error"] == "unknown_host")
        #expect(outcome.structured["message"]?.stringValue?.contains("pve1, pve2, pve3") == true)
        let tagged = try await ToolRegistry.callSample("proxmox_list_vms", ["hosts": ["tag:dev"]], runner: runner)
        #expect(tagged.structured["message"]?.stringValue?.contains("known tags: lab, prod") == true)
        #expect(runner.commands.isEmpty)
    }

    @Test func tagsSelectNodes() async throws {
        let runner = try FixtureRunner.sampleCluster()
        let outcome = try await ToolRegistry.callSample("proxmox_list_vms", ["hosts": ["tag:prod"]], runner: runner)
        #expect(outcome.structured["nodes"]?.arrayValue?.map { $0["host"] } == ["pve1", "pve2"])
    }

    @Test(arguments: [("proxmox_vm_status", "qemu-server"), ("proxmox_vm_config", "qemu-server"),
                      ("proxmox_container_status", "lxc"), ("proxmox_container_config", "lxc")])
    func anUnknownVMIDIsAnErrorInTheNodesOwnWords(tool: String, directory: String) async throws {
        let runner = try FixtureRunner.sampleCluster()
        let outcome = try await ToolRegistry.callSample(tool, ["vmid": 999], runner: runner)
        #expect(outcome.isError)
        #expect(outcome.structured["error"] == "not_found")
        let message = outcome.structured["message"]?.stringValue ?? ""
        #expect(message.contains("Configuration file 'nodes/pve1/\(directory)/999.conf' does not exist"), "\(message)")
    }

    @Test func guestHelpersRunFixedCommandsOnTheChosenNode() async throws {
        let runner = try FixtureRunner.sampleCluster()
        let status = try await ToolRegistry.callSample("proxmox_vm_status", ["vmid": 100], runner: runner)
        #expect(status.structured["host"] == "pve1")
        #expect(status.structured["status"]?["qmpstatus"] == "running")
        #expect(status.structured["status"]?["ballooninfo"]?["actual"] == "4294967296")
        let config = try await ToolRegistry.callSample("proxmox_container_config", ["vmid": 300, "host": "pve2"], runner: runner)
        #expect(config.structured["vmid"] == 300)
        #expect(config.structured["config"]?["hostname"] == "monitoring")
        #expect(runner.commands == ["pve1: qm status 100 --verbose", "pve2: pct config 300"])
    }

    @Test func nodeStatusCombinesVersionAndStatus() async throws {
        let runner = try FixtureRunner.sampleCluster()
        let outcome = try await ToolRegistry.callSample("proxmox_node_status", ["host": "pve2"], runner: runner)
        let node = try #require(outcome.structured["nodes"]?[0]?["node"])
        #expect(node["version"]?["version"]?.stringValue?.isEmpty == false)
        #expect(node["status"]?["uptime"]?.intValue ?? 0 > 0)
        #expect(Set(runner.commands) == ["pve2: pveversion", "pve2: pvesh get /nodes/localhost/status --output-format json"])
    }

    @Test func clusterStatusWithoutQuorumIsDataNotAnError() async throws {
        let runner = try FixtureRunner.sampleCluster()
        runner.respond("pve3", "pvecm status", stdout: try Fixtures.sample("scenarios", "pvecm_status_pve3_not_quorate.txt"), exitCode: 2)
        let outcome = try await ToolRegistry.callSample("proxmox_cluster_status", ["host": "pve3"], runner: runner)
        #expect(!outcome.isError, "\(outcome.json)")
        #expect(outcome.structured["cluster"]?["quorate"] == false)
    }

    @Test func aStandaloneNodeSaysSo() async throws {
        let runner = try FixtureRunner.sampleCluster()
        runner.respond("pve1", "pvecm status", stdout: "", stderr:
            "Error: Corosync config '/etc/pve/corosync.conf' does not exist - is this node part of a cluster?\n", exitCode: 2)
        let outcome = try await ToolRegistry.callSample("proxmox_cluster_status", runner: runner)
        #expect(!outcome.isError, "\(outcome.json)")
        #expect(outcome.structured["cluster"]?["standalone"] == true)
    }

    @Test func clusterResourcesPassesTheTypeFilterAndTheDataThrough() async throws {
        let runner = try FixtureRunner.sampleCluster()
        runner.respond("pve1", "pvesh get /cluster/resources --output-format json --type node",
                       stdout: #"[{"id":"node/pve1","node":"pve1","status":"online","type":"node","maxcpu":16}]"#)
        let outcome = try await ToolRegistry.callSample("proxmox_cluster_resources", ["type": "node"], runner: runner)
        #expect(outcome.structured["resources"]?[0]?["maxcpu"] == 16)
        #expect(runner.commands == ["pve1: pvesh get /cluster/resources --output-format json --type node"])
    }

    @Test func poolsAreFilteredLocallyBecausePveshKnowsNoPoolType() async throws {
        let runner = try FixtureRunner.sampleCluster()
        let outcome = try await ToolRegistry.callSample("proxmox_cluster_resources", ["type": "pool"], runner: runner)
        let resources = try #require(outcome.structured["resources"]?.arrayValue)
        let all = try JSONDecoder().decode([Value].self, from: Data(try Fixtures.sample("pve1", "pvesh_cluster_resources.json").utf8))
        #expect(resources.count == all.filter { $0["type"] == "pool" }.count)
        #expect(resources.allSatisfy { $0["type"] == "pool" })
        #expect(runner.commands == ["pve1: pvesh get /cluster/resources --output-format json"])
    }
}
