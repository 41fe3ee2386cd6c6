import Foundation
import Logging
import MCP
import Synchronization
import Testing
import Audit
import ToolKit
import MCPServer

/// An approver with a fixed answer that remembers what it was asked.
final class ScriptedApprover: CommandApprover {
    let answer: ApprovalAnswer?
    let asked = Mutex<[ApprovalRequest]>([])
    /// `nil` never answers (the request's timeout decides).
    init(_ answer: ApprovalAnswer?) { self.answer = answer }

    func approve(_ request: ApprovalRequest) async -> ApprovalAnswer {
        asked.withLock { $0.append(request) }
        guard let answer else {
            return await ApprovalAnswer.within(request.timeout) {
                try? await Task.sleep(for: .seconds(3600))
                return .approved
            }
        }
        return answer
    }
}

/// Commands the policy marks `ask`: a person approves through `ToolContext.approver`, or they are refused.
@Suite("proxmox_run_host_command: approval")
struct ToolsApprovalTests {
    func call(_ command: String, approver: (any CommandApprover)?, host: String = "pve2", timeout: Double? = nil)
        async throws -> (ToolCallOutcome, FixtureRunner, MemoryAudit) {
        let runner = try FixtureRunner.sampleCluster(), audit = MemoryAudit()
        runner.respond("pve2", "qm destroy 100 --purge", stdout: "destroyed\n")
        var context = ToolContext(inventory: SampleInventory.cluster, runner: runner)
        context.audit = audit
        context.approver = approver
        var arguments: [String: Value] = ["command": .string(command), "host": .string(host)]
        if let timeout { arguments["timeoutSeconds"] = .double(timeout) }
        let outcome = try await ToolRegistry.standard.call(name: "proxmox_run_host_command", arguments: arguments, context: context)
        return (outcome, runner, audit)
    }

    @Test func approvedRunsAndIsAuditedAsApproved() async throws {
        let approver = ScriptedApprover(.approved)
        let (outcome, runner, audit) = try await call("qm destroy 100 --purge", approver: approver)
        #expect(outcome.structured["success"] == true)
        #expect(outcome.structured["approval"] == "approved")
        #expect(runner.commands == ["pve2: qm destroy 100 --purge"])
        #expect(audit.events.map(\.approval) == [.approved])
        #expect(audit.events.map(\.verdict) == [.allowed])
        let request = try #require(approver.asked.withLock { $0.first })
        #expect(request.host == "pve2")
        #expect(request.destination == "root@10.0.0.2:22")
        #expect(request.commands == ["qm destroy 100 --purge"])
        #expect(request.reason.contains("`qm destroy`"))
    }

    /// The person sees the command as typed and, when it differs, the canonical form that was
    /// judged and is what the node receives.
    @Test func theApprovalShowsWhatIsSent() async throws {
        let approver = ScriptedApprover(.approved)
        let (outcome, runner, _) = try await call("qm  \"destroy\" 100 '--purge'", approver: approver)
        #expect(outcome.structured["success"] == true)
        #expect(runner.commands == ["pve2: qm destroy 100 --purge"])
        let request = try #require(approver.asked.withLock { $0.first })
        #expect(request.sent == "qm destroy 100 --purge")
        #expect(request.message.contains("Sent to the node exactly as (the form that was checked):\n  qm destroy 100 --purge"))
        #expect(request.message.contains("qm  \"destroy\" 100 '--purge'"))
        // Typed as it is sent: no second line.
        let plain = ScriptedApprover(.approved)
        _ = try await call("qm destroy 100 --purge", approver: plain)
        #expect(plain.asked.withLock { $0.first?.message.contains("Sent to the node") } == false)
    }

    @Test(arguments: [(ApprovalAnswer.declined, "declined", AuditEntry.Approval.declined),
                      (.cancelled, "cancelled", .cancelled), (.noAnswer("the client could not ask"), "no approval", .noAnswer)])
    func anythingButApprovalRefuses(answer: ApprovalAnswer, words: String, audited: AuditEntry.Approval) async throws {
        let (outcome, runner, audit) = try await call("qm destroy 100 --purge", approver: ScriptedApprover(answer))
        #expect(outcome.structured["blocked"] == true)
        #expect(outcome.structured["reason"]?.stringValue?.contains(words) == true)
        #expect(runner.commands.isEmpty)
        #expect(audit.events.map(\.approval) == [audited])
        #expect(audit.events.map(\.verdict) == [.denied])
    }

    @Test func noAnswerWithinTheCallsTimeoutRefuses() async throws {
        let (outcome, runner, audit) = try await call("qm destroy 100 --purge", approver: ScriptedApprover(nil), timeout: 1)
        #expect(outcome.structured["blocked"] == true)
        #expect(outcome.structured["reason"]?.stringValue?.contains("nobody answered within 1 s") == true)
        #expect(runner.commands.isEmpty)
        #expect(audit.events.map(\.approval) == [.noAnswer])
    }

    @Test func withoutAnApproverTheReasonSaysWhatTheAdminCanDo() async throws {
        let (outcome, runner, audit) = try await call("qm destroy 100 --purge", approver: nil)
        let reason = try #require(outcome.structured["reason"]?.stringValue)
        #expect(outcome.structured["approval"] == "unavailable")
        #expect(reason.contains("needs a person's approval"))
        #expect(reason.contains("elicitation"))
        #expect(reason.contains("`allow:` rule"))
        #expect(reason.contains("unrestricted"))
        #expect(runner.commands.isEmpty)
        #expect(audit.events.map(\.approval) == [.unavailable])
    }

    @Test(arguments: [("eval reboot", "pve2"), ("qm start 100", "pve3"), ("qm list", "pve2")])
    func allowAndDenyNeverAsk(command: String, host: String) async throws {
        let approver = ScriptedApprover(.approved)
        _ = try await call(command, approver: approver, host: host)
        #expect(approver.asked.withLock { $0.isEmpty })
    }

    @Test("the message shows control characters, ANSI escapes and look-alikes escaped")
    func escaping() {
        let request = ApprovalRequest(host: "pve2", destination: "root@10.0.0.2:22", command: "echo ok\u{1b}[2K\rqm destroy 100\u{200b}",
                                      commands: ["echo ok\u{1b}[2K\rqm destroy 100\u{200b}"], reason: "why", timeout: 60)
        #expect(request.message.contains(#"echo ok\x1b[2K\rqm destroy 100\u200b"#))
        #expect(!request.message.contains("\u{1b}"))
        #expect(request.prompt == #"Run on pve2 (root@10.0.0.2:22): echo ok\x1b[2K\rqm destroy 100\u200b? [y/N] "#)
        #expect(ApprovalRequest.visible("a\\b\n") == #"a\\b\n"#)
        #expect(ApprovalRequest.visible("qm list") == "qm list")
    }

    /// Through the MCP server: a client that declared elicitation gets one form-mode request.
    @Test(arguments: [true, false])
    func elicitationOverMCP(approve: Bool) async throws {
        let runner = try FixtureRunner.sampleCluster(), audit = MemoryAudit()
        runner.respond("pve2", "qm destroy 100 --purge", stdout: "destroyed\n")
        var context = ToolContext(inventory: SampleInventory.cluster, runner: runner)
        context.audit = audit
        let mcp = ProxmoxMCPServer(registry: .standard, context: context, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        let (clientSide, serverSide) = await InMemoryTransport.createConnectedPair()
        let server = try await mcp.start(on: serverSide)
        let client = Client(name: "asking-client", version: "1", capabilities: .init(elicitation: .init()))
        let messages = Mutex<[String]>([])
        await client.withElicitationHandler { parameters in
            guard case .form(let form) = parameters else { return .init(action: .cancel) }
            messages.withLock { $0.append(form.message) }
            #expect(form.requestedSchema.required == ["approve"])
            return .init(action: .accept, content: ["approve": .bool(approve)])
        }
        try await client.connect(transport: clientSide)
        let result = try await client.callTool(name: "proxmox_run_host_command", arguments: ["command": "qm destroy 100 --purge", "host": "pve2"])
        #expect(messages.withLock { $0.count } == 1)
        #expect(messages.withLock { $0.first?.contains("pve2 (root@10.0.0.2:22)") } == true)
        #expect(try Self.json(result.content)["blocked"] == (approve ? nil : true))
        #expect(runner.commands == (approve ? ["pve2: qm destroy 100 --purge"] : []))
        #expect(audit.events.map(\.approval) == [approve ? .approved : .declined])
        await server.stop()
    }

    static func json(_ content: [MCP.Tool.Content]) throws -> Value {
        guard case .text(let text, _, _)? = content.first else { throw CancellationError() }
        return try JSONDecoder().decode(Value.self, from: Data(text.utf8))
    }

    @Test func aClientWithoutElicitationIsNotAsked() async throws {
        let runner = try FixtureRunner.sampleCluster()
        let mcp = ProxmoxMCPServer(registry: .standard, context: ToolContext(inventory: SampleInventory.cluster, runner: runner),
                                   logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        let (clientSide, serverSide) = await InMemoryTransport.createConnectedPair()
        let server = try await mcp.start(on: serverSide)
        let client = Client(name: "plain-client", version: "1")
        try await client.connect(transport: clientSide)
        let result = try await client.callTool(name: "proxmox_run_host_command", arguments: ["command": "qm destroy 100", "host": "pve2"])
        let json = try Self.json(result.content)
        #expect(json["blocked"] == true)
        #expect(json["reason"]?.stringValue?.contains("needs a person's approval") == true)
        #expect(runner.commands.isEmpty)
        await server.stop()
    }
}
