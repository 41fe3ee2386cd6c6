public import MCP
import ProxmoxModel

/// The input of the per-guest helpers: a VMID and the node that holds the guest.
public struct GuestSelection: Decodable, Sendable, Hashable {
    public var vmid: Int
    public var host: String?

    /// Proxmox's own VMID range; validating it here means the number can go into a command as is.
    public static let vmidRange = 100...999_999_999

    public static func schema(guest: String) -> Value {
        JSONSchema.object(
            [
                "vmid": JSONSchema.integer("The \(guest)'s numeric ID (VMID), 100–999999999.",
                                           minimum: vmidRange.lowerBound, maximum: vmidRange.upperBound),
                "host": JSONSchema.string("The node alias that holds the \(guest). Default: the inventory's default node, or the only node.", minLength: 1),
            ],
            required: ["vmid"])
    }
}

extension GuestSelection {
    /// Runs the fixed per-guest command `build(vmid)` on the selected node and returns its stdout;
    /// a non-zero exit (no such guest, …) becomes the node's own message.
    package func run(_ build: (Int) -> FixedCommand, in context: ToolContext) async throws -> (host: InventoryHost, stdout: String) {
        guard Self.vmidRange.contains(vmid) else {
            throw Failure(.invalidArgument, "vmid must be between 100 and 999999999, got \(vmid)")
        }
        let host = try context.inventory.host(named: host)
        // Safe to interpolate: vmid is an Int in Proxmox's range, nothing else comes from the input.
        let command = build(vmid)
        let output = try await context.run(command, on: host).requireSuccess(command, on: host)
        return (host, output.stdout)
    }
}
