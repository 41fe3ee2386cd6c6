import Foundation
public import Logging
public import MCP
import POSIXSupport
import ProxmoxModel
import ToolKit

/// The MCP face of a `ToolRegistry`: `tools/list` lists its definitions, `tools/call` dispatches to
/// it. Knows no tool by name. Every call result carries the JSON as a text block (for clients that
/// ignore structured content) and as `structuredContent`.
public struct ProxmoxMCPServer: Sendable {
    public let registry: ToolRegistry
    /// The context every call gets; the client's name/version from `initialize` are filled in.
    public let context: ToolContext
    public let logger: Logger
    private let client = ClientIdentity()
    let calls = CallTracker()

    public init(registry: ToolRegistry, context: ToolContext, logger: Logger) {
        self.registry = registry
        self.context = context
        self.logger = logger
    }

    /// The registry's tools as `tools/list` returns them.
    public var listedTools: [MCP.Tool] { registry.definitions.map(\.mcpTool) }

    /// A configured `Server` with the tool handlers registered, not yet started. Its `tools/call`
    /// handler is reached only by batched calls (`MCPCore` answers single ones); their results skip
    /// the SDK's round trip through `Value` by way of `encodedResults` (see `EncodedResults`).
    func makeServer(encodedResults: EncodedResults) async -> Server {
        let server = Server(
            name: "proxmox-tools", version: ProxmoxToolsVersion.current, title: "Proxmox VE tools",
            instructions: Self.instructions(for: registry),
            capabilities: Server.Capabilities(tools: .init(listChanged: false)))
        let tools = listedTools
        await server.withMethodHandler(ListTools.self) { _ in ListTools.Result(tools: tools) }
        await server.withMethodHandler(CallTool.self) { [self, encodedResults, weak server] params in
            guard let outcome = try await answer(params.name, params.arguments, progressToken: params._meta?.progressToken,
                                                 server: server) else {
                // Cancelled by the client (notifications/cancelled): the spec wants no response.
                throw CancellationError()
            }
            if let placeholder = encodedResults.placeholder(for: outcome.mcpResult) { return placeholder }
            let content: [MCP.Tool.Content] = [.text(text: outcome.json, annotations: nil, _meta: nil)]
            let structured: Value? = outcome.structured
            return CallTool.Result(content: content, structuredContent: structured, isError: outcome.isError)
        }
        return server
    }

    /// The MCP core over `wire` for `server`: single `tools/list` and `tools/call` requests are
    /// answered there, everything else goes to `server`.
    func makeCore(over wire: any Transport, for server: Server, encodedResults: EncodedResults) -> MCPCore {
        let tools = listedTools
        return MCPCore(over: wire, logger: logger, encodedResults: encodedResults, toolsList: {
            (try? JSONValueCoding.compactJSON(ListTools.Result(tools: tools))) ?? Data(#"{"tools":[]}"#.utf8)
        }, toolCall: { [self, weak server] name, arguments, progressToken in
            do throws(MCPError) {
                guard let outcome = try await answer(name, arguments, progressToken: progressToken, server: server) else {
                    return .noResponse
                }
                return .result(outcome.mcpResult)
            } catch {
                return .error(error)
            }
        })
    }

    /// Runs one `tools/call`: its outcome, or nil when the client cancelled the request (then
    /// nothing is answered). A protocol mistake (unknown tool, arguments that break the schema)
    /// throws `invalidParams`; a call that arrives during shutdown, `internalError`.
    /// With a `progressToken`, long operations report progress to the client.
    func answer(_ name: String, _ arguments: [String: Value]?, progressToken: ProgressToken? = nil,
                server: Server?) async throws(MCPError) -> ToolCallOutcome? {
        var callContext = context
        (callContext.clientName, callContext.clientVersion) = await client.current
        if await client.canElicit, let server { callContext.approver = ElicitationApprover(server: server) }
        if let progressToken, let server {
            let notifier = ProgressNotifier(server: server, token: progressToken)
            callContext.progress = { message in await notifier.send(message) }
        }
        logger.debug("tools/call", metadata: ["tool": "\(name)"])
        let call = { @Sendable [registry, callContext] in
            try await registry.call(name: name, arguments: arguments, context: callContext)
        }
        let outcome: ToolCallOutcome?
        do {
            outcome = try await calls.run(call)
        } catch is CancellationError {
            return nil
        } catch {
            // A protocol mistake, not a tool failure: JSON-RPC error, and the server carries on.
            logger.info("rejected tools/call", metadata: ["tool": "\(name)", "problem": "\(error)"])
            throw MCPError.invalidParams(String(describing: error))
        }
        guard let outcome else { throw MCPError.internalError("proxmox-tools is shutting down; the call was not run") }
        // Cancelled by the client: no response. (Cancelled by shutdown instead: the tool's own
        // `cancelled` result is the answer.)
        if Task.isCancelled { return nil }
        return outcome
    }

    /// Starts serving on `transport` (any wire: stdio lines, the in-memory pair, …) through one
    /// `MCPCore`, and returns the running server. The client's name/version from `initialize` are
    /// recorded for the audit log. `encodedResults` is the core's, passed in so tests can see that
    /// none is left behind.
    public func start(on transport: any Transport, encodedResults: EncodedResults = EncodedResults()) async throws -> Server {
        try await startCore(on: transport, encodedResults: encodedResults).server
    }

    func startCore(on transport: any Transport, encodedResults: EncodedResults) async throws -> (server: Server, core: MCPCore) {
        let server = await makeServer(encodedResults: encodedResults)
        let core = makeCore(over: transport, for: server, encodedResults: encodedResults)
        try await server.start(transport: core) { [client] info, capabilities in
            await client.set(name: info.name, version: info.version, canElicit: capabilities.elicitation?.form != nil)
        }
        return (server, core)
    }

    /// Why `serve` returned.
    public enum Stop: Sendable, Equatable {
        /// The client closed its end (stdin EOF).
        case endOfInput
        /// A graceful shutdown: SIGTERM or SIGINT, or the service group's (see `ServeLifecycle`).
        case shutdown
    }

    /// Serves until the transport ends (stdin EOF) or, with `signals`, until SIGTERM/SIGINT, then
    /// stops the server: `MCPServerService` alone in a `ServiceGroup` (see `ServeLifecycle`).
    /// Closing SSH sessions is the caller's job (it owns the connection manager).
    public func serve(on transport: any Transport, stopOnSignals signals: Bool = true) async throws -> Stop {
        let service = MCPServerService(server: self, transport: transport)
        try await ServeLifecycle.group(connections: nil, server: service, signals: signals, logger: logger).run()
        return service.stop ?? .shutdown
    }

    /// What `initialize` tells the client (a hint clients may give the model), with the tool names
    /// taken from `registry`: the read-only helpers first, then the tools that change state.
    public static func instructions(for registry: ToolRegistry) -> String {
        let helpers = registry.definitions.filter { $0.hints.readOnly && $0.name != "proxmox_list_hosts" }.map(\.name)
        let changing = registry.definitions.filter { !$0.hints.readOnly }.map(\.name)
        var text = "Tools for Proxmox VE nodes reached over SSH."
        if registry.tool(named: "proxmox_list_hosts") != nil {
            text += " Start with proxmox_list_hosts to learn the node aliases."
        }
        if !helpers.isEmpty {
            text += " Prefer the read-only helpers (\(helpers.joined(separator: ", "))); they return parsed data and fan out across nodes."
        }
        if !changing.isEmpty {
            text += " Use \(changing.joined(separator: ", ")) for anything else; destructive or unfamiliar commands need a person's approval (the client is asked, if it supports elicitation), commands that cannot be checked are refused by the host's policy, and every call is audited."
        }
        return text
    }
}

/// The MCP client's name and version from `initialize` (`cli`-like default until then).
actor ClientIdentity {
    private var name = "mcp-client"
    private var version: String?
    /// The client declared form-mode `elicitation`: commands that need approval can be asked about.
    private(set) var canElicit = false

    func set(name: String, version: String, canElicit: Bool = false) {
        self.name = name
        self.version = version
        self.canElicit = canElicit
    }

    var current: (String, String?) { (name, version) }
}

extension ToolDefinition {
    /// As `tools/list` shows it, annotations included.
    public var mcpTool: MCP.Tool {
        MCP.Tool(
            name: name, title: title, description: description, inputSchema: inputSchema,
            annotations: MCP.Tool.Annotations(
                title: title, readOnlyHint: hints.readOnly, destructiveHint: hints.destructive,
                idempotentHint: hints.idempotent, openWorldHint: hints.openWorld),
            outputSchema: outputSchema)
    }
}
