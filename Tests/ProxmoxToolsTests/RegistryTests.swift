import Foundation
import MCP
import Testing
import ToolKit
import MCPServer

@Suite("Tool registry")
struct RegistryTests {
    let registry = ToolRegistry.standard

    @Test func everyToolHasAUniqueProxmoxNameAndAClosedObjectSchema() {
        #expect(Set(registry.names).count == registry.names.count)
        for definition in registry.definitions {
            #expect(definition.name.hasPrefix("proxmox_"), "\(definition.name)")
            #expect(definition.inputSchema["type"] == "object", "\(definition.name)")
            #expect(definition.inputSchema["additionalProperties"] == false, "\(definition.name) must reject unknown arguments")
            #expect(definition.outputSchema?["type"] == "object", "\(definition.name) needs an object outputSchema")
            #expect(definition.description.count > 80, "\(definition.name) needs a description a model can act on")
        }
    }

    @Test func aReadOnlyToolIsNeverDestructiveAndEveryToolHasAnExampleCall() {
        for definition in registry.definitions {
            if definition.hints.readOnly { #expect(!definition.hints.destructive, "\(definition.name)") }
            #expect(!definition.examples.isEmpty, "\(definition.name) needs an example call for the schema test")
            for example in definition.examples {
                let problem = SchemaValidator().violation(of: definition.inputSchema, by: .object(example))
                #expect(problem == nil, "\(definition.name) example \(example): \(problem ?? "")")
            }
        }
    }

    @Test func theServerInstructionsNameEveryTool() {
        let instructions = ProxmoxMCPServer.instructions(for: registry)
        for name in registry.names {
            #expect(instructions.contains(name), "\(name) is missing from the server instructions")
        }
    }

    @Test func anUnknownToolIsACallErrorThatListsTheTools() async throws {
        let runner = try FixtureRunner.sampleCluster()
        do {
            _ = try await ToolRegistry.callSample("proxmox_reboot_everything", runner: runner)
            Issue.record("expected ToolCallError.unknownTool")
        } catch let error as ToolCallError {
            guard case .unknownTool(let name, let known) = error else { Issue.record("\(error)"); return }
            #expect(name == "proxmox_reboot_everything")
            #expect(known.contains("proxmox_list_vms"))
            #expect(error.description.contains("available tools: proxmox_run_host_command"))
        }
        #expect(runner.commands.isEmpty)
    }

    typealias BadCall = (tool: String, arguments: [String: Value], expected: String)

    static let badCalls: [BadCall] = [
        ("proxmox_run_host_command", ["command": "uptime", "timeoutSeconds": "5"],
         "argument 'timeoutSeconds' must be a number, got string"),
        ("proxmox_run_host_command", [:], "missing required argument 'command'"),
        ("proxmox_run_host_command", ["command": ""], "argument 'command' must not be empty"),
        ("proxmox_run_host_command", ["command": "uptime", "hots": "pve1"], "unknown argument 'hots'; known: command, host, timeoutSeconds"),
        ("proxmox_run_host_command", ["command": .int(42)], "argument 'command' must be a string, got integer"),
        ("proxmox_vm_status", ["vmid": 5], "argument 'vmid' must be at least 100, got 5"),
        ("proxmox_vm_status", ["vmid": 1_000_000_000], "argument 'vmid' must be at most 999999999"),
        ("proxmox_vm_config", ["vmid": "100"], "argument 'vmid' must be an integer, got string"),
        ("proxmox_vm_config", ["vmid": 100.5], "argument 'vmid' must be an integer, got number"),
        ("proxmox_container_config", ["vmid": "100; reboot"], "argument 'vmid' must be an integer, got string"),
        ("proxmox_list_vms", ["hosts": ["pve1", 3]], "argument 'hosts[1]' must be a string, got integer"),
        ("proxmox_list_vms", ["hosts": "pve1"], "argument 'hosts' must be an array, got string"),
        ("proxmox_cluster_resources", ["type": "disk"], "argument 'type' must be one of \"vm\", \"storage\", \"node\", \"sdn\", \"pool\"; got \"disk\""),
        ("proxmox_list_hosts", ["check": "yes"], "argument 'check' must be a boolean, got string"),
        ("proxmox_cluster_status", ["vmid": 100], "unknown argument 'vmid'; known: host"),
    ]

    @Test(arguments: badCalls)
    func invalidArgumentsAreRejectedNamingTheArgument(tool: String, arguments: [String: Value], expected: String) async throws {
        let runner = try FixtureRunner.sampleCluster()
        do {
            let outcome = try await ToolRegistry.callSample(tool, arguments, runner: runner)
            Issue.record("expected invalid arguments, got \(outcome.json)")
        } catch let error as ToolCallError {
            guard case .invalidArguments(let name, let problem) = error else { Issue.record("\(error)"); return }
            #expect(name == tool)
            #expect(problem.contains(expected), "\(problem)")
        }
        #expect(runner.commands.isEmpty, "invalid input must never reach a node")
    }

    @Test func integralNumbersAreAcceptedAsIntegers() async throws {
        let runner = try FixtureRunner.sampleCluster()
        let outcome = try await ToolRegistry.callSample("proxmox_vm_config", ["vmid": 100.0, "host": "pve1"], runner: runner)
        #expect(!outcome.isError, "\(outcome.json)")
        #expect(runner.commands == ["pve1: qm config 100"])
    }

    @Test func theOutcomeJSONIsThePrettySortedStructuredValue() async throws {
        let runner = try FixtureRunner.sampleCluster()
        let outcome = try await ToolRegistry.callSample("proxmox_list_vms", ["host": "pve2"], runner: runner)
        let reparsed = try JSONDecoder().decode(Value.self, from: Data(outcome.json.utf8))
        #expect(reparsed == outcome.structured)
        #expect(outcome.json.contains("\n  \"nodes\" : ["))
    }
}
