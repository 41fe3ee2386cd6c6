public import MCP
import ProxmoxModel

/// The node arguments every fan-out helper takes: `host` (one alias), `hosts` (aliases or
/// `tag:NAME`), or neither = every node in the inventory.
public struct NodeSelection: Decodable, Sendable, Hashable {
    public var host: String?
    public var hosts: [String]?

    public init(host: String? = nil, hosts: [String]? = nil) {
        self.host = host
        self.hosts = hosts
    }

    /// `host` and `hosts` together select their union.
    public var selectors: [String]? {
        let all = (host.map { [$0] } ?? []) + (hosts ?? [])
        return all.isEmpty ? nil : all
    }

    /// The chosen hosts, in inventory order. Unknown aliases/tags throw `InventoryError`, whose
    /// message lists what exists.
    public func resolve(in inventory: Inventory) throws(InventoryError) -> [InventoryHost] {
        try inventory.hosts(matching: selectors)
    }

    /// Schema properties for `host` and `hosts`, to merge into a tool's input schema.
    public static let schemaProperties: [String: Value] = [
        "host": JSONSchema.string("One node alias from the inventory (see proxmox_list_hosts). Omit both host and hosts to ask every node.", minLength: 1),
        "hosts": JSONSchema.array(
            of: JSONSchema.string(minLength: 1),
            description: "Several nodes: aliases and/or `tag:NAME` selectors (e.g. [\"pve1\", \"tag:prod\"]). Omit to ask every node."),
    ]
}
