import Foundation
import ProxmoxToolset
@testable import MCPHTTP
import MCPServer
import ToolKit
import ProxmoxModel
import Testing

/// MCP over Streamable HTTP, raw: sessions, SSE answers, cancellation, principals, limits.
@Suite("HTTP sessions", .serialized)
struct HTTPSessionTests {
    /// A principal's sessions are capped (each holds an MCP server); one more initialize gets 429
    /// with Retry-After, another principal is not affected, and ending one frees a place.
    @Test func sessionsPerPrincipalAreCapped() async throws {
        let test = try await HTTPTestServer.started { $0.maxSessionsPerPrincipal = 2 }
        defer { Task { await test.stop() } }
        let first = try await test.session("alice")
        _ = try await test.session("alice")
        let third = try await test.post("alice-token", HTTPTestServer.initialize)
        #expect(third.status == 429)
        #expect(third.headers["retry-after"] != nil)
        #expect(third.body.contains("DELETE /mcp"))
        _ = try await test.session("bob")
        let delete = try await RawHTTP.send(port: test.port, "DELETE", "/mcp", headers: [("Authorization", "Bearer alice-token"), ("MCP-Session-Id", first)])
        #expect(delete.status == 200)
        _ = try await test.session("alice")
    }

    @Test func initializeListCallDelete() async throws {
        let test = try await HTTPTestServer.started()
        defer { Task { await test.stop() } }
        let session = try await test.session("alice")
        let list = try await test.post("alice-token", #"{"jsonrpc":"2.0","id":2,"method":"tools/list"}"#, session: session)
        #expect(list.status == 200)
        #expect(list.headers["content-type"] == "application/json")
        #expect(((list.json?["result"] as? [String: Any])?["tools"] as? [Any])?.count == ToolRegistry.standard.tools.count)

        let call = try await test.post("alice-token", HTTPTestServer.call(id: 3, command: "uptime"), session: session)
        #expect(call.status == 200)
        #expect(call.headers["content-type"] == "text/event-stream")
        #expect(resultText(call).contains("ran: uptime"))
        #expect(call.events.count == 1)

        // Another principal cannot use alice's session.
        await #expect(try test.post("bob-token", #"{"jsonrpc":"2.0","id":4,"method":"tools/list"}"#, session: session).status == 404)
        // No session id and not initialize.
        await #expect(try test.post("alice-token", #"{"jsonrpc":"2.0","id":5,"method":"tools/list"}"#).status == 400)

        let delete = try await RawHTTP.send(port: test.port, "DELETE", "/mcp", headers: [("Authorization", "Bearer alice-token"), ("MCP-Session-Id", session)])
        #expect(delete.status == 200)
        await #expect(try test.post("alice-token", #"{"jsonrpc":"2.0","id":6,"method":"tools/list"}"#, session: session).status == 404)
    }

    @Test func idleSessionExpiresWith404() async throws {
        let test = try await HTTPTestServer.started { $0.sessionIdleTimeout = .milliseconds(200) }
        let session = try await test.session("alice")
        await #expect(try test.post("alice-token", #"{"jsonrpc":"2.0","id":2,"method":"ping"}"#, session: session).status == 200)
        // Expiry starts only now: on a loaded machine the setup above may itself take over 200 ms.
        let expiry = Task { await test.server.expireIdleSessions() }
        defer {
            expiry.cancel()
            Task { await test.stop() }
        }
        #expect(await eventually(3) { test.server.sessionCount == 0 })
        await #expect(try test.post("alice-token", #"{"jsonrpc":"2.0","id":3,"method":"ping"}"#, session: session).status == 404)
    }

    @Test func droppedStreamCancelsTheRemoteCommand() async throws {
        let test = try await HTTPTestServer.started()
        defer { Task { await test.stop() } }
        let session = try await test.session("alice")
        let connection = try RawConnection(port: test.port)
        try connection.write(RawHTTP.requestBytes("POST", "/mcp", headers: [
            ("Authorization", "Bearer alice-token"), ("MCP-Session-Id", session),
            ("Accept", "application/json, text/event-stream"), ("Content-Type", "application/json"),
        ], body: HTTPTestServer.call(id: 7, command: "sleep 30")))
        #expect(await eventually { test.runner.running.withLock { $0 } == 1 })
        _ = await connection.read(until: "keep-alive")   // the stream is open: the server is writing to it
        shutdown(connection.fd, Int32(SHUT_RDWR))
        #expect(await eventually(5) { test.runner.cancelled.withLock { $0 } == ["pve1: sleep 30"] })
    }

    @Test func cancelledNotificationStopsTheCall() async throws {
        let test = try await HTTPTestServer.started()
        defer { Task { await test.stop() } }
        let session = try await test.session("alice")
        let pending = Task.detached { try await test.post("alice-token", HTTPTestServer.call(id: 8, command: "sleep 31"), session: session) }
        #expect(await eventually { test.runner.running.withLock { $0 } == 1 })
        let cancel = try await test.post("alice-token", #"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":8}}"#, session: session)
        #expect(cancel.status == 202)
        #expect(await eventually(5) { test.runner.cancelled.withLock { $0 } == ["pve1: sleep 31"] })
        pending.cancel()
    }

    @Test func inFlightLimitPerPrincipal() async throws {
        let test = try await HTTPTestServer.started { $0.maxInFlight = 2 }
        defer { Task { await test.stop() } }
        let alice = try await test.session("alice")
        let bob = try await test.session("bob")
        var connections: [RawConnection] = []
        for id in 10..<12 {
            let connection = try RawConnection(port: test.port)
            try connection.write(RawHTTP.requestBytes("POST", "/mcp", headers: [
                ("Authorization", "Bearer alice-token"), ("MCP-Session-Id", alice), ("Accept", "text/event-stream"),
            ], body: HTTPTestServer.call(id: id, command: "sleep 30")))
            connections.append(connection)
        }
        #expect(await eventually { test.runner.running.withLock { $0 } == 2 })
        let third = try await test.post("alice-token", HTTPTestServer.call(id: 12, command: "uptime"), session: alice)
        #expect(third.status == 429)
        #expect(third.headers["retry-after"] == "1")
        // Bob's calls are not alice's.
        let other = try await test.post("bob-token", HTTPTestServer.call(id: 13, command: "uptime"), session: bob)
        #expect(other.status == 200)
        #expect(resultText(other).contains("ran: uptime"))
        for connection in connections { shutdown(connection.fd, Int32(SHUT_RDWR)) }
        #expect(await eventually(5) { test.runner.running.withLock { $0 } == 0 })
        // Slots come back once the streams end.
        #expect(await eventually(3) { (try? await test.post("alice-token", HTTPTestServer.call(id: 14, command: "uptime"), session: alice).status) == 200 })
    }

    @Test func principalsNarrowPolicyAndHostsAndAreAudited() async throws {
        let test = try await HTTPTestServer.started()
        defer { Task { await test.stop() } }
        let bob = try await test.session("bob")       // read-only
        let carol = try await test.session("carol")   // guarded, pve1 only
        let write = try await test.post("bob-token", HTTPTestServer.call(id: 20, command: "rm -rf /tmp/x"), session: bob)
        #expect(callResult(write)?["isError"] as? Bool == true)
        let read = try await test.post("bob-token", HTTPTestServer.call(id: 21, command: "uptime"), session: bob)
        #expect(resultText(read).contains("ran: uptime"))
        let elsewhere = try await test.post("carol-token", HTTPTestServer.call(id: 22, command: "uptime", host: "pve2"), session: carol)
        #expect(callResult(elsewhere)?["isError"] as? Bool == true)
        #expect(resultText(elsewhere).contains("principal 'carol' may not use host 'pve2'"))
        let own = try await test.post("carol-token", HTTPTestServer.call(id: 23, command: "uptime", host: "pve1"), session: carol)
        #expect(resultText(own).contains("ran: uptime"))
        #expect(test.runner.ran.withLock { $0 } == ["pve1: uptime", "pve1: uptime"])
        let principals = test.audit.entries.withLock { $0.map { "\($0.principal ?? "-") \($0.host) \($0.phase.rawValue)" } }
        #expect(principals.contains("bob pve1 end"))
        #expect(principals.contains("carol pve2 end"))
        #expect(principals.contains("carol pve1 start"))
    }
}
