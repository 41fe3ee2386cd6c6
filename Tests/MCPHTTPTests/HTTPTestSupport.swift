import Foundation
import ProxmoxToolset
import Logging
@testable import MCPHTTP
import MCPServer
import ToolKit
import ProxmoxModel
import ShellPolicy
import Synchronization
import Testing
import Audit
import NodeAccess

/// A runner with no network: `sleep …` waits until cancelled (then reports it), anything else
/// answers `ran: <command>`. Records what reached it and what was cancelled.
final class RecordingRunner: CommandRunner {
    let ran = Mutex<[String]>([])
    let cancelled = Mutex<[String]>([])
    let running = Mutex<Int>(0)

    func run(_ command: String, on host: InventoryHost, timeout: Double?) async throws(Failure) -> CommandOutput {
        ran.withLock { $0.append("\(host.alias): \(command)") }
        if command.hasPrefix("sleep") {
            running.withLock { $0 += 1 }
            defer { running.withLock { $0 -= 1 } }
            do {
                try await Task.sleep(for: .seconds(30))
            } catch {
                cancelled.withLock { $0.append("\(host.alias): \(command)") }
                return CommandOutput(exitCode: nil, exitSignal: "TERM", stdout: "", stderr: "", cancelled: true)
            }
        }
        return CommandOutput(exitCode: 0, stdout: "ran: \(command)\n", stderr: "", duration: 0.001)
    }
}

final class MemoryAudit: ToolAuditRecorder {
    let entries = Mutex<[AuditEntry]>([])
    func record(_ entry: AuditEntry) async throws { entries.withLock { $0.append(entry) } }
}

/// One `MCPHTTPServer` on a free loopback port, with principals alice (unrestricted, every host),
/// bob (read-only) and carol (guarded, pve1 only), their tokens `alice-token`, ….
final class HTTPTestServer: @unchecked Sendable {
    // @unchecked: `task` is set once in `start` before anyone else sees the object.
    let runner = RecordingRunner()
    let audit = MemoryAudit()
    let metrics = ServerMetrics(nodes: { [ServerMetrics.NodeCounters(alias: "pve1", connects: 1, commands: 2, reconnects: 0, unresponsive: 0)] })
    let server: MCPHTTPServer
    private(set) var port = 0
    private var task: Task<Void, any Error>?

    static let principals: [(String, PolicyMode, [String]?)] = [
        ("alice", .unrestricted, nil), ("bob", .readOnly, nil), ("carol", .guarded, ["pve1"]),
    ]

    init(_ adjust: (inout MCPHTTPConfiguration) -> Void = { _ in }) {
        var configuration = MCPHTTPConfiguration(listener: .tcp(host: "127.0.0.1", port: 0))
        adjust(&configuration)
        let tokens = TokensFile(entries: Self.principals.map { name, policy, hosts in
            TokensFile.Entry(principal: Principal(name: name, policy: policy, hosts: hosts),
                             tokenSHA256: TokenAuthenticator.digest(of: "\(name)-token"))
        })
        let hosts = ["pve1", "pve2"].map { alias in
            InventoryHost(alias: alias, address: "10.0.0.\(alias.last!)", knownHosts: "/dev/null", policy: .unrestricted,
                          isDefault: alias == "pve1")
        }
        var context = ToolContext(inventory: Inventory(hosts: hosts), runner: runner, clientName: "test")
        context.audit = MeteredAudit(base: audit, metrics: metrics)
        var logger = Logger(label: "test.http")
        logger.logLevel = .warning
        server = MCPHTTPServer(configuration: configuration, tokens: TokenAuthenticator(tokens), registry: .standard,
                               context: context, logger: logger, metrics: metrics)
    }

    static func started(_ adjust: (inout MCPHTTPConfiguration) -> Void = { _ in }) async throws -> HTTPTestServer {
        let test = HTTPTestServer(adjust)
        try await test.start()
        return test
    }

    func start() async throws {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let service = try server.makeService { port in continuation.yield(port ?? 0) }
        task = Task { try await service.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else { throw RawHTTPError(description: "the server did not start") }
        self.port = port
    }

    func stop() async {
        await server.closeAllSessions()
        task?.cancel()
        _ = try? await task?.value
    }

    // MARK: MCP over raw HTTP

    func post(_ token: String?, _ body: String, session: String? = nil, extra: [(String, String)] = []) async throws -> RawResponse {
        var headers: [(String, String)] = [("Content-Type", "application/json"), ("Accept", "application/json, text/event-stream")]
        if let token { headers.append(("Authorization", "Bearer \(token)")) }
        if let session { headers.append(("MCP-Session-Id", session)) }
        return try await RawHTTP.send(port: port, "POST", "/mcp", headers: headers + extra, body: body)
    }

    static let initialize = #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw-test","version":"1"}}}"#

    /// A session for `principal`, initialized.
    func session(_ principal: String) async throws -> String {
        let response = try await post("\(principal)-token", Self.initialize)
        guard response.status == 200, let id = response.headers["mcp-session-id"] else {
            throw RawHTTPError(description: "initialize failed: \(response.status) \(response.body)")
        }
        let initialized = try await post("\(principal)-token", #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#, session: id)
        guard initialized.status == 202 else { throw RawHTTPError(description: "initialized: \(initialized.status)") }
        return id
    }

    static func call(id: Int, command: String, host: String? = nil) -> String {
        let hostPart = host.map { #","host":"\#($0)""# } ?? ""
        return #"{"jsonrpc":"2.0","id":\#(id),"method":"tools/call","params":{"name":"proxmox_run_host_command","arguments":{"command":"\#(command)"\#(hostPart)}}}"#
    }
}

/// The `tools/call` result in an SSE (or JSON) answer.
func callResult(_ response: RawResponse) -> [String: Any]? {
    let messages = response.headers["content-type"] == "text/event-stream" ? response.events : [response.json].compactMap { $0 }
    return messages.first { $0["result"] != nil }?["result"] as? [String: Any]
}

func resultText(_ response: RawResponse) -> String {
    guard let content = callResult(response)?["content"] as? [[String: Any]] else { return "" }
    return content.compactMap { $0["text"] as? String }.joined()
}

/// Polls `condition` for up to `seconds`.
func eventually(_ seconds: Double = 5, _ condition: () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return await condition()
}
