public import Logging
import Synchronization
import Audit
import NodeAccess
import ProxmoxModel

/// Everything a tool may use. Tools never touch SSH handles, JSON-RPC or argv.
public struct ToolContext: Sendable {
    public var inventory: Inventory
    public var runner: any CommandRunner
    /// Who is calling: the MCP client's name/version from `initialize`, or `cli`.
    public var clientName: String
    public var clientVersion: String?
    /// Who the call runs for: `stdio`, a tokens-file name, `local` (the Unix socket); nil for the
    /// CLI. Recorded in the audit log; the HTTP front end also narrows policy and hosts by it.
    public var principal: String? = nil
    /// The tool being called; the registry sets it, audit entries carry it.
    public var toolName: String = ""
    /// Identifies one tool call: the `call` of its audit lines and the `call` metadata of its log
    /// lines, so the two can be joined. The registry gives every call a fresh one.
    public var callID: String = AuditEntry.newCallID()
    /// Where the call logs (stderr, at the front end's level). Inside a call it carries `call` and
    /// `tool` metadata; lines about one node add `host`. Silent until a front end sets it (a
    /// default handler would write to stdout, the MCP channel).
    public var logger: Logger = Logger(label: "proxmox-tools", factory: { _ in SwiftLogNoOpLogHandler() })
    /// Where calls that reach a node (or are refused) are recorded; nil = not audited.
    public var audit: (any ToolAuditRecorder)? = nil
    /// Set by a front end that shows a command's output as it arrives (the CLI's `run`); used
    /// when the runner can stream.
    public var outputSink: CommandOutputSink? = nil
    /// Asks a person to approve commands the policy marks `ask` (MCP elicitation, a terminal
    /// prompt); nil when nobody can be asked, and such commands are refused.
    public var approver: (any CommandApprover)? = nil
    /// Set by a front end that shows progress (MCP `notifications/progress` when the client sent a
    /// progressToken, the CLI's live line): long operations report their latest log line here.
    public var progress: (@Sendable (String) async -> Void)? = nil

    public init(inventory: Inventory, runner: any CommandRunner, clientName: String = "cli", clientVersion: String? = nil) {
        self.inventory = inventory
        self.runner = runner
        self.clientName = clientName
        self.clientVersion = clientVersion
    }

    /// This context for one call of the tool `name`: a fresh `callID`, and the logger's metadata set
    /// to the call.
    public func entering(tool name: String) -> ToolContext {
        var context = self
        context.toolName = name
        context.callID = AuditEntry.newCallID()
        context.logger[metadataKey: "call"] = "\(context.callID)"
        context.logger[metadataKey: "tool"] = "\(name)"
        return context
    }

    /// Runs `body` for every host concurrently and collects one `NodeResult` per host, in
    /// inventory order. Errors become that node's failure; they never hide the other nodes.
    public func fanOut<T: Sendable & Encodable>(
        _ hosts: [InventoryHost], key: String,
        _ body: @escaping @Sendable (InventoryHost) async throws -> T
    ) async -> [NodeResult<T>] {
        await Self.concurrently(hosts) { host in
            do {
                return NodeResult(host: host.alias, key: key, value: try await body(host))
            } catch {
                return NodeResult(host: host.alias, key: key, failure: Failure.from(error))
            }
        }
    }

    /// `body` for every element at once, the answers in the elements' order. Every concurrent
    /// per-host loop goes through here: each child writes its own slot. (Returning `(index, result)`
    /// tuples through the group and collecting them was miscompiled in release builds: every node
    /// came back as the last.)
    public static func concurrently<Element: Sendable, Answer: Sendable>(
        _ elements: [Element], _ body: @escaping @Sendable (Element) async -> Answer
    ) async -> [Answer] {
        let slots = Slots<Answer>(count: elements.count)
        await withTaskGroup(of: Void.self) { group in
            for (index, element) in elements.enumerated() {
                group.addTask { slots.set(index, await body(element)) }
            }
        }
        return slots.results
    }
}

/// One result slot per element of a concurrent loop, filled concurrently.
private final class Slots<T: Sendable>: Sendable {
    private let slots: Mutex<[T?]>

    init(count: Int) { slots = Mutex([T?](repeating: nil, count: count)) }

    func set(_ index: Int, _ result: T) { slots.withLock { $0[index] = result } }

    var results: [T] { slots.withLock { $0.compactMap { $0 } } }
}
