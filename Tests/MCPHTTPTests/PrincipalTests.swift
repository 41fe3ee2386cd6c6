import Foundation
import ProxmoxToolset
import Logging
@testable import MCPHTTP
import MCPServer
import ToolKit
import ProxmoxModel
import ShellPolicy
import Testing

@Suite("Principals and tokens")
struct PrincipalTests {
    @Test(arguments: [
        (PolicyMode.readOnly, PolicyMode.unrestricted, PolicyMode.readOnly),
        (.guarded, .unrestricted, .guarded),
        (.unrestricted, .guarded, .guarded),
        (.guarded, .readOnly, .readOnly),
        (.unrestricted, .unrestricted, .unrestricted),
    ])
    func stricter(_ a: PolicyMode, _ b: PolicyMode, _ expected: PolicyMode) {
        #expect(a.stricter(b) == expected)
        #expect(b.stricter(a) == expected)
    }

    @Test func tokensFileRoundTrip() throws {
        let file = TokensFile(entries: [
            .init(principal: Principal(name: "alice", policy: .guarded, hosts: ["tag:prod", "pve1"]), tokenSHA256: String(repeating: "a", count: 64)),
            .init(principal: Principal(name: "bob", policy: .readOnly), tokenSHA256: String(repeating: "b", count: 64)),
        ])
        let parsed = try TokensFile.parse(file.rendered(), file: "t.yaml")
        #expect(parsed.entries.map(\.principal) == file.entries.map(\.principal))
        #expect(parsed.entries.map(\.tokenSHA256) == file.entries.map(\.tokenSHA256))
        #expect(parsed.entries.map(\.line) == [3, 7])
    }

    @Test(arguments: [
        ("alice:\n  token_sha256: abc\n", "t.yaml:2: token_sha256 of 'alice' must be 64 hex digits"),
        ("alice:\n  token_sha256: \(String(repeating: "a", count: 64))\n  polcy: guarded\n", "t.yaml:3: unknown key 'polcy' in principal 'alice'. Did you mean 'policy'?"),
        ("alice:\n  token_sha256: \(String(repeating: "a", count: 64))\n  policy: root\n", "t.yaml:3: policy of 'alice' must be one of"),
        ("alice:\n  policy: guarded\n", "t.yaml:1: principal 'alice' has no token_sha256"),
        ("stdio:\n  policy: guarded\n", "t.yaml:1: 'stdio' is not a valid principal name"),
        ("- alice\n", "t.yaml:1: the top level must map principal names"),
        ("alice: [\n", "t.yaml:2: malformed YAML"),
    ])
    func tokensFileErrorsNameFileAndLine(_ text: String, _ expected: String) {
        #expect {
            _ = try TokensFile.parse(text, file: "t.yaml")
        } throws: { error in
            String(describing: error).hasPrefix(expected)
        }
    }

    @Test func writtenFileIs0600AndKeepsOthers() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tokens-\(UUID().uuidString).yaml").path
        defer { unlink(path) }
        var file = TokensFile()
        file.entries.append(.init(principal: Principal(name: "alice", policy: .guarded), tokenSHA256: TokenAuthenticator.digest(of: "x")))
        try file.write(to: path)
        var loaded = try TokensFile.load(path)
        loaded.entries.append(.init(principal: Principal(name: "bob"), tokenSHA256: TokenAuthenticator.digest(of: "y")))
        try loaded.write(to: path)
        var info = stat()
        #expect(stat(path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
        #expect(try TokensFile.load(path).entries.map(\.principal.name) == ["alice", "bob"])
        #expect(!(try String(contentsOfFile: path, encoding: .utf8)).contains("\n  token_sha256: x"))
    }

    @Test func authenticatorMatchesOnlyTheRightToken() {
        let token = TokenAuthenticator.newToken()
        #expect(token.count == 4 + 64)
        #expect(TokenAuthenticator.newToken() != token)
        let file = TokensFile(entries: [.init(principal: Principal(name: "alice"), tokenSHA256: TokenAuthenticator.digest(of: token))])
        let authenticator = TokenAuthenticator(file)
        #expect(authenticator.principal(for: token)?.name == "alice")
        #expect(authenticator.principal(for: token + "x") == nil)
        #expect(authenticator.principal(for: "") == nil)
        #expect(TokenAuthenticator.digest(of: "abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func unknownSelectorsInScopeMatchNothing() async throws {
        let hosts = ["pve1", "pve2"].map { InventoryHost(alias: $0, address: "10.0.0.1", knownHosts: "/dev/null", policy: .unrestricted, tags: $0 == "pve2" ? ["prod"] : []) }
        let context = ToolContext(inventory: Inventory(hosts: hosts), runner: RecordingRunner())
        let narrowed = context.narrowed(to: Principal(name: "dave", policy: .guarded, hosts: ["tag:prod", "nosuch"]))
        #expect(narrowed.principal == "dave")
        #expect(narrowed.inventory.hosts.map(\.policy) == [.readOnly, .guarded])
        await #expect(throws: Failure.self) { _ = try await narrowed.runner.run("true", on: hosts[0], timeout: nil) }
        #expect(try await narrowed.runner.run("true", on: hosts[1], timeout: nil).exitCode == 0)
    }
}

@Suite("Session transport routing")
struct SessionTransportTests {
    @Test(arguments: [
        (#"{"id":7,"jsonrpc":"2.0","result":{"x":1}}"#, ["i:7"]),
        (#"{"id":"a b","jsonrpc":"2.0","result":{}}"#, ["s:a b"]),
        (#"{"error":{"code":1,"message":"m"},"id":3,"jsonrpc":"2.0"}"#, ["i:3"]),
        (#"{"id":4,"jsonrpc":"2.0","method":"elicitation/create","params":{}}"#, []),
        (#"{"jsonrpc":"2.0","method":"notifications/progress","params":{}}"#, []),
        (#"[{"id":1,"jsonrpc":"2.0","result":{}},{"id":2,"jsonrpc":"2.0","result":{}}]"#, ["i:1", "i:2"]),
    ])
    func responseKeys(_ message: String, _ keys: [String]) {
        #expect(OutgoingMessage.responseKeys(Data(message.utf8)) == keys)
    }

    @Test func relatedMessagesTravelOnTheirCallsStream() async throws {
        let transport = SessionTransport(logger: Logger(label: "test"))
        let standalone = try #require(await transport.openStandalone())
        let opened = try #require(await transport.submit([Data("{}".utf8)], requests: [("i:1", Data("1".utf8))]))
        let progress = Data(#"{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":"t"}}"#.utf8)
        try await RelatedRequest.$key.withValue("i:1") { try await transport.send(progress) }
        let unrelated = Data(#"{"jsonrpc":"2.0","method":"notifications/message","params":{}}"#.utf8)
        try await transport.send(unrelated)
        try await transport.send(Data(#"{"id":1,"jsonrpc":"2.0","result":{}}"#.utf8))
        var onCall: [Data] = []
        for await message in opened.stream { onCall.append(message) }   // ends after the response
        #expect(onCall.count == 2)
        #expect(onCall.first == progress)
        var iterator = standalone.makeAsyncIterator()
        #expect(await iterator.next() == unrelated)
        await transport.disconnect()
    }

    @Test func droppedStreamInjectsCancellation() async throws {
        let transport = SessionTransport(logger: Logger(label: "test"))
        let opened = try #require(await transport.submit([Data("{}".utf8)], requests: [("s:x", Data(#""x""#.utf8))]))
        var incoming = transport.receive().makeAsyncIterator()
        #expect(try await incoming.next() == Data("{}".utf8))
        await transport.dropped(opened.id)
        let cancel = try #require(try await incoming.next())
        let object = try JSONSerialization.jsonObject(with: cancel) as? [String: Any]
        #expect(object?["method"] as? String == "notifications/cancelled")
        #expect((object?["params"] as? [String: Any])?["requestId"] as? String == "x")
        await transport.disconnect()
    }
}
