import MCP
import ProxmoxModel
import ProxmoxParsing
import ToolKit

/// The snapshot tree of one VM or container, found by VMID wherever it runs.
public struct ListSnapshots: Tool {
    public struct Input: Decodable, Sendable {
        public var vmid: Int
        public var host: String?
    }

    public struct Output: ToolOutput {
        public var host: String
        public var vmid: Int
        /// `qemu` or `lxc`.
        public var guestType: String
        public var node: String
        public var name: String?
        public var snapshots: [SnapshotTree.Snapshot]
        /// The snapshot the guest's current state derives from; nil = no snapshot yet.
        public var currentParent: String?
        public var running: Bool?
    }

    public static let definition = ToolDefinition(
        name: "proxmox_list_snapshots",
        title: "Guest snapshots",
        description: """
            List the snapshots of one VM or container by VMID; the guest's node and type are found \
            from /cluster/resources, so host is optional. Each snapshot has name, parent, creation \
            time, description, vmstate (VMs: RAM included) and depth in the tree, ordered so every \
            snapshot follows its parent. currentParent is the snapshot the guest's current state \
            derives from (none: no snapshots yet). Read-only.
            """,
        inputSchema: JSONSchema.object(
            [
                "vmid": JSONSchema.integer("The guest's VMID (100–999999999).", minimum: GuestSelection.vmidRange.lowerBound,
                                           maximum: GuestSelection.vmidRange.upperBound),
                "host": JSONSchema.string("The node to ask (any cluster member). Default: the default node.", minLength: 1),
            ],
            required: ["vmid"]),
        outputSchema: JSONSchema.object(
            [
                "host": JSONSchema.string("Node alias that answered."),
                "vmid": JSONSchema.integer(),
                "guestType": JSONSchema.string("qemu (VM) or lxc (container).", oneOf: ["qemu", "lxc"]),
                "node": JSONSchema.string("Proxmox node the guest is on."),
                "name": JSONSchema.string(),
                "snapshots": JSONSchema.array(of: JSONSchema.object(
                    [
                        "name": JSONSchema.string(), "parent": JSONSchema.string(),
                        "time": OpsSchema.epoch, "createdAt": OpsSchema.iso,
                        "description": JSONSchema.string(),
                        "vmstate": JSONSchema.boolean("VMs: the snapshot includes RAM."),
                        "snapstate": JSONSchema.string("prepare/delete while Proxmox works on it."),
                        "depth": JSONSchema.integer("0 for a root snapshot."),
                    ],
                    required: ["name", "description", "depth"]), description: "Every snapshot after its parent."),
                "currentParent": JSONSchema.string("The snapshot the current state derives from; absent when there is none."),
                "running": JSONSchema.boolean("Whether the guest runs."),
            ],
            required: ["host", "vmid", "guestType", "node", "snapshots"]),
        hints: .readOnlyHelper,
        examples: [["vmid": 100], ["vmid": 200], ["vmid": 101, "host": "pve1"]])

    public init() {}

    public func call(_ input: Input, in context: ToolContext) async throws -> Output {
        guard GuestSelection.vmidRange.contains(input.vmid) else {
            throw Failure.invalidArgument("vmid must be between 100 and 999999999, got \(input.vmid)")
        }
        let asked = try context.inventory.host(named: input.host)
        let guest = try await GuestLocation.find(input.vmid, asking: asked, in: context)
        let host = input.host == nil ? context.inventory.host(forNode: guest.node) ?? asked : asked
        // Node name checked against the DNS-label pattern, type is qemu|lxc, vmid an Int in range.
        let command: FixedCommand = "pvesh get /nodes/\(word: guest.node)/\(word: guest.type)/\(input.vmid)/snapshot --output-format json"
        let output = try await context.run(command, on: host).requireSuccess(command, on: host)
        let tree = try parsing { () throws(ParseError) in try SnapshotTree.parse(json: output.stdout, isVM: guest.type == "qemu") }
        return Output(host: host.alias, vmid: input.vmid, guestType: guest.type, node: guest.node, name: guest.name,
                      snapshots: tree.snapshots, currentParent: tree.currentParent, running: tree.running)
    }
}
