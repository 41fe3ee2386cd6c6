import Foundation
import Logging
import MCP
import Testing
import MCPServer
import ProxmoxModel
import ToolKit

/// Drives the MCP server in-process through the SDK's own client and in-memory transport.
@Suite("MCP server")
struct ServerTests {
    struct Session {
        let client: Client
        let server: Server
        let runner: FixtureRunner
        let initialize: Initialize.Result

        func call(_ name: String, _ arguments: [String: Value] = [:]) async throws -> CallTool.Result {
            try await client.send(CallTool.request(.init(name: name, arguments: arguments))).value
        }
    }

    static func connect(_ runner: FixtureRunner) async throws -> Session {
        let context = ToolContext(inventory: SampleInventory.cluster, runner: runner)
        let mcp = ProxmoxMCPServer(registry: .standard, context: context, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        let (clientSide, serverSide) = await InMemoryTransport.createConnectedPair()
        let server = try await mcp.start(on: serverSide)
        let client = Client(name: "server-tests", version: "1.2.3")
        let initialize = try await client.connect(transport: clientSide)
        return Session(client: client, server: server, runner: runner, initialize: initialize)
    }

    @Test func initializeNamesTheServerAndItsVersion() async throws {
        let session = try await Self.connect(try FixtureRunner.sampleCluster())
        #expect(session.initialize.serverInfo.name == "proxmox-tools")
        #expect(session.initialize.serverInfo.version == ProxmoxToolsVersion.current)
        #expect(session.initialize.capabilities.tools != nil)
        await session.server.stop()
    }

    @Test func toolsListShowsEveryToolWithSchemasAndAnnotations() async throws {
        let session = try await Self.connect(try FixtureRunner.sampleCluster())
        let (tools, _) = try await session.client.listTools()
        #expect(tools.map(\.name) == ToolRegistry.standard.names)
        let run = try #require(tools.first { $0.name == "proxmox_run_host_command" })
        #expect(run.annotations.destructiveHint == true)
        #expect(run.annotations.readOnlyHint == false)
        #expect(run.annotations.openWorldHint == true)
        #expect(run.inputSchema["required"] == ["command"])
        let list = try #require(tools.first { $0.name == "proxmox_list_vms" })
        #expect(list.annotations.readOnlyHint == true)
        #expect(list.annotations.idempotentHint == true)
        #expect(list.title == "List virtual machines")
        #expect(list.outputSchema?["properties"]?["nodes"] != nil)
        await session.server.stop()
    }

    @Test func aSuccessfulCallCarriesTextAndStructuredContent() async throws {
        let session = try await Self.connect(try FixtureRunner.sampleCluster())
        let result = try await session.call("proxmox_list_vms", ["hosts": ["pve1", "pve2"]])
        #expect(result.isError == false)
        let structured = try #require(result.structuredContent)
        #expect(structured["nodes"]?[1]?["vms"]?[0]?["vmid"] == 104)
        guard case .text(let text, _, _)? = result.content.first else { Issue.record("no text block"); return }
        #expect(try JSONDecoder().decode(Value.self, from: Data(text.utf8)) == structured)
        await session.server.stop()
    }

    @Test func aFailingToolIsAnErrorResultNotAProtocolError() async throws {
        let session = try await Self.connect(try FixtureRunner.sampleCluster())
        let result = try await session.call("proxmox_vm_status", ["vmid": 999, "host": "pve2"])
        #expect(result.isError == true)
        #expect(result.structuredContent?["error"] == "not_found")
        #expect(result.content.count == 1)
        await session.server.stop()
    }

    @Test(arguments: [
        ("proxmox_nope", [:] as [String: Value], "unknown tool 'proxmox_nope'"),
        ("proxmox_vm_status", ["vmid": "100"], "argument 'vmid' must be an integer, got string"),
        ("proxmox_list_vms", ["host": "pve1", "verbose": true], "unknown argument 'verbose'"),
    ])
    func protocolMistakesAreInvalidParamsAndTheServerCarriesOn(tool: String, arguments: [String: Value], expected: String) async throws {
        let session = try await Self.connect(try FixtureRunner.sampleCluster())
        do {
            _ = try await session.call(tool, arguments)
            Issue.record("expected a JSON-RPC error")
        } catch let error as MCPError {
            #expect(error.code == -32602)
            #expect(error.localizedDescription.contains(expected), "\(error.localizedDescription)")
        }
        let after = try await session.call("proxmox_list_hosts")
        #expect(after.isError == false)
        #expect(session.runner.commands.isEmpty)
        await session.server.stop()
    }

    @Test(.timeLimit(.minutes(1)))
    func aSlowCallDoesNotBlockToolsListOrOtherCalls() async throws {
        let runner = try FixtureRunner.sampleCluster()
        runner.blockingCommands = ["sleep 30"]
        runner.respond("pve1", "sleep 30", stdout: "")
        let session = try await Self.connect(runner)
        let slow = try await session.client.send(CallTool.request(.init(name: "proxmox_run_host_command", arguments: ["command": "sleep 30"])))
        // Wait until the slow command is running on the (fake) node.
        while !runner.commands.contains("pve1: sleep 30") { try await Task.sleep(for: .milliseconds(5)) }
        let (tools, _) = try await session.client.listTools()
        #expect(tools.count == ToolRegistry.standard.tools.count)
        let other = try await session.call("proxmox_list_vms", ["host": "pve2"])
        #expect(other.isError == false)
        runner.release("sleep 30")
        let finished = try await slow.value
        #expect(finished.structuredContent?["success"] == true)
        await session.server.stop()
    }
}
