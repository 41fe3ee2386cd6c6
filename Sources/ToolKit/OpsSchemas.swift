import MCP
import ProxmoxModel
import ProxmoxParsing

/// Schema pieces the operations helpers share.
package enum OpsSchema {
    /// The single-node `host` argument.
    package static let host: Value = JSONSchema.string(
        "The node to ask. Default: the inventory's default node, or the only node.", minLength: 1)

    package static let epoch: Value = JSONSchema.integer("UNIX time in seconds.")
    package static let iso: Value = JSONSchema.string("The same time in ISO 8601 (UTC).")

    /// A guest's VMID as an optional filter.
    package static let vmidFilter: Value = JSONSchema.integer(
        "Only this guest (VMID, 100–999999999).", minimum: GuestSelection.vmidRange.lowerBound,
        maximum: GuestSelection.vmidRange.upperBound)

    package static let taskState: Value = JSONSchema.string(
        "running, ok, warning (status WARNINGS: n) or error (any other status).",
        oneOf: ProxmoxTask.State.allCases.map(\.rawValue))
}

extension Failure {
    /// Input that passed the schema but not a tool's own check (a UPID, a unit name, a time).
    package static func invalidArgument(_ message: String) -> Failure {
        Failure(.invalidArgument, message)
    }
}

extension Inventory {
    /// The inventory host whose alias is the Proxmox node name `node`, if there is one: a command
    /// about that node then runs there directly instead of being proxied by pvesh.
    package func host(forNode node: String) -> InventoryHost? {
        hosts.first { $0.alias == node }
    }
}
