import Foundation
import Logging
import MCP
import Testing
import MCPServer
import ToolKit

/// `tools/call` over our `LineTransport`: a single call is answered by `MCPCore` itself, a
/// batched one through the SDK with its result spliced in (see `EncodedResults`); either way the
/// result is encoded once, and a client must not be able to tell the answers from the SDK's own.
@Suite("Encoded tool results")
struct EncodedResultTests {
    static let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    /// A server on a `LineTransport` over pipes, initialized, with the test speaking raw lines.
    static func lineServer(_ runner: FixtureRunner) async throws -> (LineTransportTests.Harness, Server, EncodedResults) {
        let harness = try await LineTransportTests.Harness(connectCore: false)
        let mcp = ProxmoxMCPServer(registry: .standard, context: ToolContext(inventory: SampleInventory.cluster, runner: runner), logger: quiet)
        let results = EncodedResults()
        let server = try await mcp.start(on: harness.transport, encodedResults: results)
        harness.write(#"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}"#)
        try #require(LineTransportTests.json(await Self.readLine(harness))?["id"] == 0, "no answer to initialize")
        harness.write(#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#)
        return (harness, server, results)
    }

    static func readLine(_ harness: LineTransportTests.Harness) async -> String? { await harness.readLine() }

    /// A bare SDK `Server` on its in-memory transport (no `MCPCore`) with the handlers
    /// `ProxmoxMCPServer` had before the core answered them, and an SDK client connected to it:
    /// what the SDK itself would encode and send.
    static func sdkOnly() async throws -> (client: Client, server: Server) {
        let context = ToolContext(inventory: SampleInventory.cluster, runner: try FixtureRunner.sampleCluster())
        let tools = ProxmoxMCPServer(registry: .standard, context: context, logger: quiet).listedTools
        let server = Server(name: "sdk-only", version: "1", capabilities: Server.Capabilities(tools: .init(listChanged: false)))
        await server.withMethodHandler(ListTools.self) { _ in ListTools.Result(tools: tools) }
        await server.withMethodHandler(CallTool.self) { params in
            let outcome: ToolCallOutcome
            do {
                outcome = try await ToolRegistry.standard.call(name: params.name, arguments: params.arguments, context: context)
            } catch {
                throw MCPError.invalidParams(String(describing: error))
            }
            return try CallTool.Result(content: [.text(text: outcome.json, annotations: nil, _meta: nil)],
                                   structuredContent: outcome.structured, isError: outcome.isError)
        }
        let (clientSide, serverSide) = await InMemoryTransport.createConnectedPair()
        try await server.start(transport: serverSide)
        let client = Client(name: "sdk-only", version: "1")
        _ = try await client.connect(transport: clientSide)
        return (client, server)
    }

    static func sdkResult(_ name: String, _ arguments: [String: Value]) async throws -> Value {
        let (client, server) = try await sdkOnly()
        let result = try await client.send(CallTool.request(.init(name: name, arguments: arguments))).value
        await server.stop()
        return try JSONDecoder().decode(Value.self, from: JSONEncoder().encode(result))
    }

    @Test(arguments: [
        ("proxmox_list_vms", ["hosts": ["pve1", "pve2"]] as [String: Value]),
        ("proxmox_vm_status", ["vmid": 999, "host": "pve2"]),   // isError: true
        ("proxmox_list_hosts", [:]),
    ])
    func aResultOverStdioIsTheOneTheSDKWouldSend(name: String, arguments: [String: Value]) async throws {
        let (harness, server, results) = try await Self.lineServer(try FixtureRunner.sampleCluster())
        let request: Value = ["jsonrpc": "2.0", "id": 7, "method": "tools/call", "params": ["name": .string(name), "arguments": .object(arguments)]]
        harness.write(String(decoding: try JSONEncoder().encode(request), as: UTF8.self))
        let line = try #require(await Self.readLine(harness))
        #expect(!line.contains("proxmox-tools/encoded-result/"), "\(line)")
        let answer = try #require(LineTransportTests.json(line))
        #expect(answer["id"] == 7)
        #expect(answer["jsonrpc"] == "2.0")
        let result = try #require(answer["result"])
        #expect(result == (try await Self.sdkResult(name, arguments)))
        guard case .string(let text)? = result["content"]?[0]?["text"] else { Issue.record("no text block: \(line)"); return }
        #expect(LineTransportTests.json(text) == result["structuredContent"])
        #expect(results.waiting == 0)
        await server.stop()
        await harness.close()
    }

    @Test func aNullIdAndABatchGetTheirResultsToo() async throws {
        let (harness, server, results) = try await Self.lineServer(try FixtureRunner.sampleCluster())
        harness.write(#"{"jsonrpc":"2.0","id":null,"method":"tools/call","params":{"name":"proxmox_list_hosts"}}"#)
        let single = try #require(LineTransportTests.json(await Self.readLine(harness)))
        #expect(single["id"] == .null)
        #expect(single["result"]?["structuredContent"]?["hosts"]?.arrayValue?.isEmpty == false, "\(single)")
        harness.write(#"[{"jsonrpc":"2.0","id":"a","method":"tools/call","params":{"name":"proxmox_list_hosts"}},{"jsonrpc":"2.0","id":"b","method":"tools/call","params":{"name":"proxmox_list_vms","arguments":{"host":"pve1"}}},{"jsonrpc":"2.0","id":"c","method":"ping"}]"#)
        let batch = try #require(LineTransportTests.json(await Self.readLine(harness))?.arrayValue)
        #expect(batch.count == 3)
        let byID = Dictionary(batch.compactMap { item in item["id"]?.stringValue.map { ($0, item) } }, uniquingKeysWith: { a, _ in a })
        #expect(byID["a"]?["result"]?["structuredContent"]?["hosts"] != nil, "\(batch)")
        #expect(byID["b"]?["result"]?["structuredContent"]?["nodes"] != nil, "\(batch)")
        #expect(byID["c"]?["result"] == .object([:]))
        #expect(results.waiting == 0)
        await server.stop()
        await harness.close()
    }

    @Test func aCancelledCallSendsNothingAndLeavesNothingBehind() async throws {
        let runner = try FixtureRunner.sampleCluster()
        runner.blockingCommands = ["sleep 30"]
        runner.respond("pve1", "sleep 30", stdout: "done\n")
        let (harness, server, results) = try await Self.lineServer(runner)
        harness.write(#"{"jsonrpc":"2.0","id":"slow","method":"tools/call","params":{"name":"proxmox_run_host_command","arguments":{"command":"sleep 30","host":"pve1"}}}"#)
        while !runner.commands.contains("pve1: sleep 30") { try await Task.sleep(for: .milliseconds(5)) }
        harness.write(#"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"slow"}}"#)
        try await Task.sleep(for: .milliseconds(50))
        runner.release("sleep 30")
        harness.write(#"{"jsonrpc":"2.0","id":2,"method":"ping"}"#)
        let answer = try #require(LineTransportTests.json(await Self.readLine(harness)))
        #expect(answer["id"] == 2, "\(answer)")
        #expect(results.waiting == 0)
        await server.stop()
        await harness.close()
    }

    @Test func toolsListOverStdioIsTheSDKsList() async throws {
        let (harness, server, _) = try await Self.lineServer(try FixtureRunner.sampleCluster())
        harness.write(#"{"jsonrpc":"2.0","id":"l","method":"tools/list","params":{}}"#)
        let answer = try #require(LineTransportTests.json(await Self.readLine(harness)))
        #expect(answer["id"] == "l")
        let sdk = try await Self.sdkOnly()
        let sdkList = try await sdk.client.send(ListTools.request(.init())).value
        #expect(answer["result"] == (try JSONDecoder().decode(Value.self, from: JSONEncoder().encode(sdkList))))
        // A null id is echoed as null, and the next request gets the same list.
        harness.write(#"{"jsonrpc":"2.0","id":null,"method":"tools/list"}"#)
        let again = try #require(LineTransportTests.json(await Self.readLine(harness)))
        #expect(again["id"] == .null)
        #expect(again["result"] == answer["result"])
        await sdk.server.stop()
        await server.stop()
        await harness.close()
    }

    @Test func aProtocolMistakeIsTheSDKsError() async throws {
        let (harness, server, _) = try await Self.lineServer(try FixtureRunner.sampleCluster())
        harness.write(#"{"jsonrpc":"2.0","id":"x","method":"tools/call","params":{"name":"proxmox_nope","arguments":{}}}"#)
        let answer = try #require(LineTransportTests.json(await Self.readLine(harness)))
        #expect(answer["id"] == "x")
        #expect(answer["result"] == nil)
        #expect(answer["error"]?["code"] == -32602)
        let message = answer["error"]?["message"]?.stringValue ?? ""
        #expect(message.contains("unknown tool 'proxmox_nope'"), "\(message)")
        // The SDK's own wording for the same mistake.
        let sdk = try await Self.sdkOnly()
        do {
            _ = try await sdk.client.send(CallTool.request(.init(name: "proxmox_nope", arguments: [:]))).value
            Issue.record("the SDK path accepted an unknown tool")
        } catch let error as MCPError {
            #expect(error.errorDescription == message)
        }
        await sdk.server.stop()
        await server.stop()
        await harness.close()
    }

    @Test func aStringArgumentThatLooksLikeADataURLStaysAString() async throws {
        let runner = try FixtureRunner.sampleCluster()
        runner.respond("pve1", "echo data:,hello", stdout: "data:,hello\n")
        let (harness, server, _) = try await Self.lineServer(runner)
        harness.write(#"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"proxmox_run_host_command","arguments":{"command":"echo data:,hello","host":"pve1"}}}"#)
        // PlainJSON: the SDK's `Value` decoder would turn the string into `.data` right here.
        let answer = try PlainJSON.decode(Data(try #require(await Self.readLine(harness)).utf8))
        #expect(runner.commands == ["pve1: echo data:,hello"])
        #expect(answer["result"]?["structuredContent"]?["stdout"] == "data:,hello\n", "\(answer)")
        await server.stop()
        await harness.close()
    }

    /// The bytes we build for a result decode as the `CallTool.Result` the SDK would have built.
    @Test(arguments: ["plain", "quote \" backslash \\ slash / tab \t nl \n cr \r nul \u{0} bell \u{7} unit \u{1F} é ✓ 🚀", ""])
    func theResultBytesDecodeAsTheSDKResult(text: String) throws {
        let outcome = ToolCallOutcome(structured: ["stdout": .string(text), "n": 3, "ok": true, "list": [1.5, .null]], isError: false)
        let decoded = try JSONDecoder().decode(CallTool.Result.self, from: outcome.mcpResult)
        let expected = try CallTool.Result(content: [.text(text: outcome.json, annotations: nil, _meta: nil)],
                                       structuredContent: outcome.structured, isError: false)
        #expect(decoded == expected)
        #expect(outcome.structured["stdout"] == .string(text))
    }
}
