import Foundation
import ProxmoxToolset
@testable import MCPHTTP
import Testing

/// Every refusal the HTTP listener gives before MCP is read, seen on the wire.
@Suite("HTTP statuses", .serialized)
struct HTTPStatusTests {
    @Test func missingTokenGets401WithResourceMetadata() async throws {
        let test = try await HTTPTestServer.started()
        defer { Task { await test.stop() } }
        let response = try await test.post(nil, HTTPTestServer.initialize, extra: [("Host", "127.0.0.1:\(test.port)")])
        #expect(response.status == 401)
        let expected = "Bearer resource_metadata=\"http://127.0.0.1:\(test.port)/.well-known/oauth-protected-resource\""
        #expect(response.headers["www-authenticate"] == expected)
        let document = try await RawHTTP.send(port: test.port, "GET", "/.well-known/oauth-protected-resource",
                                        headers: [("Host", "127.0.0.1:\(test.port)")])
        #expect(document.status == 200)
        #expect(document.json?["resource"] as? String == "http://127.0.0.1:\(test.port)/mcp")
        #expect(document.json?["bearer_methods_supported"] as? [String] == ["header"])
    }

    @Test func wrongTokenGets401InvalidToken() async throws {
        let test = try await HTTPTestServer.started()
        defer { Task { await test.stop() } }
        let response = try await test.post("alice-token-but-wrong", HTTPTestServer.initialize)
        #expect(response.status == 401)
        #expect(response.headers["www-authenticate"]?.contains(#"error="invalid_token""#) == true)
        await #expect(try test.post("alice-token", HTTPTestServer.initialize).status == 200)
    }

    @Test(arguments: [("https://evil.example", 403), ("https://app.example", 200)])
    func origin(_ origin: String, _ status: Int) async throws {
        let test = try await HTTPTestServer.started { $0.allowedOrigins = ["https://app.example"] }
        defer { Task { await test.stop() } }
        let response = try await test.post("alice-token", HTTPTestServer.initialize, extra: [("Origin", origin)])
        #expect(response.status == status)
    }

    @Test(arguments: [("evil.example", 403), ("evil.example:8080", 403), ("localhost", 200), ("127.0.0.1:1", 200), ("[::1]:9", 200)])
    func rebindingHostOnLoopbackBind(_ host: String, _ status: Int) async throws {
        let test = try await HTTPTestServer.started()
        defer { Task { await test.stop() } }
        let response = try await test.post("alice-token", HTTPTestServer.initialize, extra: [("Host", host)])
        #expect(response.status == status, "Host: \(host)")
    }

    @Test func bodyOver4MiBGets413() async throws {
        let test = try await HTTPTestServer.started()
        defer { Task { await test.stop() } }
        // Declared too large: refused before the body is read.
        let declared = try await RawHTTP.send(port: test.port, "POST", "/mcp",
                                        headers: [("Authorization", "Bearer alice-token"), ("Content-Length", "\(5 << 20)")], body: "{}")
        #expect(declared.status == 413)
        // Really too large, with a length that says so only at the end (chunked).
        let connection = try RawConnection(port: test.port)
        var head = "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer alice-token\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
        let chunk = String(repeating: "a", count: 1 << 20)
        head += String(format: "%x\r\n", chunk.utf8.count)
        try connection.write(Array(head.utf8))
        for _ in 0..<5 {
            do { try connection.write(Array((chunk + "\r\n" + String(format: "%x\r\n", chunk.utf8.count)).utf8)) } catch { break }
        }
        let streamed = try await RawHTTP.parse(connection.read())
        #expect(streamed.status == 413)
    }

    /// Headers trickled a byte at a time (slowloris) are cut off at the header deadline, though
    /// bytes keep arriving; a complete request on the same kind of connection is answered.
    @Test func headersMustArriveWithinTheDeadline() async throws {
        let test = try await HTTPTestServer.started { $0.headerTimeout = .seconds(1) }
        defer { Task { await test.stop() } }
        let connection = try RawConnection(port: test.port)
        try connection.write(Array("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n".utf8))
        let start = ContinuousClock.now
        var closedAfter: Duration?
        for index in 0..<12 {
            try await Task.sleep(for: .milliseconds(250))
            do {
                try connection.write(Array("X-Slow-\(index): a\r\n".utf8))
            } catch {
                closedAfter = ContinuousClock.now - start
                break
            }
        }
        let cut = try #require(closedAfter, "the trickling connection was still open after 3 s")
        #expect(cut < .milliseconds(2500))
        let answered = try await test.post("alice-token", HTTPTestServer.initialize)
        #expect(answered.status == 200)
    }

    /// `/metrics` needs a token; it counts calls by tool and outcome (a refusal too), their
    /// durations, failures by code, open sessions and the nodes' SSH counters.
    @Test func metricsNeedATokenAndCountCalls() async throws {
        let test = try await HTTPTestServer.started()
        defer { Task { await test.stop() } }
        let anonymous = try await RawHTTP.send(port: test.port, "GET", "/metrics")
        #expect(anonymous.status == 401)
        let session = try await test.session("alice")
        _ = try await test.post("alice-token", HTTPTestServer.call(id: 2, command: "uptime"), session: session)
        let bob = try await test.session("bob")
        _ = try await test.post("bob-token", HTTPTestServer.call(id: 3, command: "qm destroy 100"), session: bob)
        let metrics = try await RawHTTP.send(port: test.port, "GET", "/metrics", headers: [("Authorization", "Bearer bob-token")])
        #expect(metrics.status == 200)
        #expect(metrics.headers["content-type"]?.hasPrefix("text/plain; version=0.0.4") == true)
        let lines = Set(metrics.body.split(separator: "\n").map(String.init))
        #expect(lines.contains(#"proxmox_tools_calls_total{tool="proxmox_run_host_command",outcome="ok"} 1"#))
        #expect(lines.contains(#"proxmox_tools_calls_total{tool="proxmox_run_host_command",outcome="refused"} 1"#))
        #expect(lines.contains(#"proxmox_tools_call_duration_seconds_count{tool="proxmox_run_host_command"} 2"#))
        #expect(lines.contains(#"proxmox_tools_call_duration_seconds_bucket{tool="proxmox_run_host_command",le="+Inf"} 2"#))
        #expect(lines.contains(#"proxmox_tools_failures_total{code="blocked"} 1"#))
        #expect(lines.contains("proxmox_tools_http_sessions 2"))
        #expect(lines.contains(#"proxmox_tools_ssh_commands_total{host="pve1"} 2"#))
        #expect(test.audit.entries.withLock { $0.filter { $0.phase == .end }.count } == 2)
    }

    @Test func failedAuthBurstGets429AndOthersGoOn() async throws {
        let test = try await HTTPTestServer.started { $0.authFailureThreshold = 3 }
        defer { Task { await test.stop() } }
        for _ in 0..<3 { await #expect(try test.post("guess", HTTPTestServer.initialize).status == 401) }
        let blocked = try await test.post("guess", HTTPTestServer.initialize)
        #expect(blocked.status == 429)
        #expect(Int(blocked.headers["retry-after"] ?? "") ?? 0 >= 1)
        // A principal with its token is not locked out by someone else's guesses from the same address.
        await #expect(try test.post("bob-token", HTTPTestServer.initialize).status == 200)
    }

    @Test func nonLoopbackBindNeedsTLSOrInsecure() {
        var configuration = MCPHTTPConfiguration(listener: .tcp(host: "0.0.0.0", port: 8750))
        #expect(configuration.problem()?.contains("--tls-cert") == true)
        configuration.insecureHTTP = true
        #expect(configuration.problem() == nil)
        configuration.insecureHTTP = false
        configuration.tlsCertificate = "/c.pem"
        #expect(configuration.problem()?.contains("go together") == true)
        configuration.tlsKey = "/k.pem"
        #expect(configuration.problem() == nil)
        #expect(MCPHTTPConfiguration(listener: .tcp(host: "127.0.0.1", port: 1)).problem() == nil)
    }

    @Test(arguments: [("127.0.0.1:8750", "127.0.0.1", 8750), (":9", "127.0.0.1", 9), ("[::1]:80", "::1", 80)])
    func addresses(_ text: String, _ host: String, _ port: Int) {
        let parsed = MCPHTTPConfiguration.parseAddress(text)
        #expect(parsed?.host == host)
        #expect(parsed?.port == port)
    }
}
