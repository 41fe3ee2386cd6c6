public import SSH
import Synchronization
/// Everything a tool may use. Tools never touch SSH handles, JSON-RPC or argv.
public struct ToolContext: Sendable {
    public var inventory: Inventory
    public var runner: any CommandRunner
    /// Who is calling: the MCP client's name/version from `initialize`, or `cli`.
    public var clientName: String
    public var clientVersion: String?
    /// The tool being called; the registry sets it, audit entries carry it.
    public var toolName: String = ""
    /// Where calls that reach a node (or are refused) are recorded; nil = not audited.
    public var audit: (any ToolAuditRecorder)? = nil
    /// Set by a front end that shows a command's output as it arrives (the CLI's `run`); used
    /// when the runner can stream.
    public var outputSink: OutputSink? = nil
    /// Asks a person to approve commands the policy marks `ask` (MCP elicitation, a terminal
    /// prompt); nil when nobody can be asked, and such commands are refused.
    public var approver: (any CommandApprover)? = nil

    public init(inventory: Inventory, runner: any CommandRunner, clientName: String = "cli", clientVersion: String? = nil) {
        self.inventory = inventory
        self.runner = runner
        self.clientName = clientName
        self.clientVersion = clientVersion
    }

    /// Runs `body` for every host concurrently and collects one `NodeResult` per host, in
    /// inventory order. Errors become that node's failure; they never hide the other nodes.
    public func fanOut<T: Sendable & Encodable>(
        _ hosts: [InventoryHost], key: String,
        _ body: @escaping @Sendable (InventoryHost) async throws -> T
    ) async -> [NodeResult<T>] {
        // Each child writes its own slot. (Returning `(index, result)` tuples through the group
        // and collecting them was miscompiled in release builds: every node came back as the last.)
        let slots = FanOutSlots<T>(count: hosts.count)
        await withTaskGroup(of: Void.self) { group in
            for (index, host) in hosts.enumerated() {
                group.addTask {
                    do {
                        slots.set(index, NodeResult(host: host.alias, key: key, value: try await body(host)))
                    } catch {
                        slots.set(index, NodeResult(host: host.alias, key: key, failure: Failure.from(error)))
                    }
                }
            }
        }
        return slots.results
    }
}

/// One result slot per node of a fan-out, filled concurrently.
private final class FanOutSlots<T: Sendable & Encodable>: Sendable {
    private let slots: Mutex<[NodeResult<T>?]>

    init(count: Int) { slots = Mutex([NodeResult<T>?](repeating: nil, count: count)) }

    func set(_ index: Int, _ result: NodeResult<T>) { slots.withLock { $0[index] = result } }

    var results: [NodeResult<T>] { slots.withLock { $0.compactMap { $0 } } }
}
