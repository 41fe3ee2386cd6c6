import ProxmoxParsing
import ToolKit
import ProxmoxModel

/// Storage status (`pvesm status`) of one node, several, or every node at once.
public struct GetStorageStatus: Tool {
    public typealias Input = NodeSelection
    public typealias Output = FanOutOutput<[StorageStatus]>

    static let command: FixedCommand = "pvesm status"

    public static let definition = ToolDefinition(
        name: "proxmox_storage_status",
        title: "Storage status",
        description: """
            Show every storage of Proxmox nodes as each node sees it (`pvesm status`): name, type (dir, \
            lvmthin, zfspool, nfs, pbs, …), status (active; inactive when it cannot be reached, e.g. an \
            NFS server down; disabled), and for active storages total/used/available KiB and used percent. \
            With no host/hosts every node is asked concurrently; one entry per node, {host, ok: true, \
            storage: [...]} or {host, ok: false, error, message}. Read-only.
            """,
        inputSchema: JSONSchema.object(NodeSelection.schemaProperties),
        outputSchema: JSONSchema.fanOut(
            key: "storage",
            value: JSONSchema.array(of: JSONSchema.object(
                [
                    "name": JSONSchema.string("Storage ID."),
                    "type": JSONSchema.string("Plugin type."),
                    "status": JSONSchema.string("active, inactive or disabled."),
                    "totalKiB": JSONSchema.integer(),
                    "usedKiB": JSONSchema.integer(),
                    "availableKiB": JSONSchema.integer(),
                    "usedPercent": JSONSchema.number(),
                ],
                required: ["name", "type", "status"])),
            description: "One entry per node asked, in inventory order."),
        hints: .readOnlyHelper)

    public init() {}

    public func call(_ input: NodeSelection, in context: ToolContext) async throws -> Output {
        let hosts = try input.resolve(in: context.inventory)
        return FanOutOutput(nodes: await context.fanOut(hosts, key: "storage") { host in
            // pvesm warns on stderr about an unreachable storage but still exits 0 (errors.md 12).
            let output = try await context.run(Self.command, on: host).requireSuccess(Self.command, on: host)
            return try parsing { () throws(ParseError) in try StorageStatus.parseList(output.stdout) }
        })
    }
}
