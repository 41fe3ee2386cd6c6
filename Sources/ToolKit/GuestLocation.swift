import Foundation
import MCP
import ProxmoxModel
import ProxmoxParsing

/// Where a guest lives, from `/cluster/resources` (any cluster member answers for all), so a
/// caller needs only the VMID.
package struct GuestLocation: Sendable {
    /// `qemu` or `lxc`.
    package var type: String
    package var node: String
    package var name: String?

    static let command: FixedCommand = "pvesh get /cluster/resources --output-format json --type vm"

    /// Proxmox node names are DNS labels; a name must match before it goes into a path.
    static func isValidNodeName(_ name: String) -> Bool {
        name.count <= 63 && name.wholeMatch(of: /[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?/) != nil
    }

    /// Asks `host` where `vmid` runs. An unknown VMID is a `not_found` failure.
    package static func find(_ vmid: Int, asking host: InventoryHost, in context: ToolContext) async throws -> GuestLocation {
        let output = try await context.run(command, on: host).requireSuccess(command, on: host)
        struct Resource: Decodable {
            var vmid: Int?
            var type: String?
            var node: String?
            var name: String?
        }
        let resources = try parsing { () throws(ParseError) in
            try PveshJSON.decode([Resource].self, from: output.stdout, command: command.text, expected: "a JSON array of resources")
        }
        guard let guest = resources.first(where: { $0.vmid == vmid && ($0.type == "qemu" || $0.type == "lxc") }),
              let type = guest.type, let node = guest.node else {
            throw Failure(.notFound, "no VM or container \(vmid) in the cluster as \(host.alias) sees it (pvesh get /cluster/resources); check the VMID with proxmox_cluster_resources")
        }
        guard isValidNodeName(node) else {
            throw Failure(ParseError(command: command.text, text: node, expected: "a node name like pve1"))
        }
        return GuestLocation(type: type, node: node, name: guest.name)
    }
}
