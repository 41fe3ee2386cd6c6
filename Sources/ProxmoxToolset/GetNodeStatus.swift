import ProxmoxParsing
import ToolKit
import ProxmoxModel

/// Version, uptime, load, memory and root file system of one node, several, or every node.
public struct GetNodeStatus: Tool {
    public typealias Input = NodeSelection
    public typealias Output = FanOutOutput<NodeOverview>

    /// Proxmox accepts `localhost` as the node name of the node it runs on, so the command needs
    /// no node name at all — nothing to guess, nothing from input, no `$(hostname)` substitution.
    static let statusCommand: FixedCommand = "pvesh get /nodes/localhost/status --output-format json"
    static let versionCommand: FixedCommand = "pveversion"

    /// One node's answer.
    public struct NodeOverview: Sendable, Encodable {
        public var version: PVEVersion
        public var status: NodeStatus
    }

    public static let definition = ToolDefinition(
        name: "proxmox_node_status",
        title: "Node status",
        description: """
            Show the health of Proxmox nodes: Proxmox VE version and running kernel (`pveversion`), and \
            from `pvesh get /nodes/localhost/status` the uptime in seconds, load averages (1/5/15 min), \
            CPU model and count, memory, swap and root file system usage in bytes (total/used/free/\
            available), boot mode. CPU usage is not meaningful here (always 0); use \
            proxmox_cluster_resources for it. With no host/hosts every node is asked concurrently; one \
            entry per node, {host, ok: true, node: {...}} or {host, ok: false, error, message}. Read-only.
            """,
        inputSchema: JSONSchema.object(NodeSelection.schemaProperties),
        outputSchema: JSONSchema.fanOut(
            key: "node",
            value: JSONSchema.object(
                [
                    "version": JSONSchema.object(
                        [
                            "manager": JSONSchema.string("pve-manager/<version>/<repoid>"),
                            "version": JSONSchema.string("Proxmox VE version, e.g. 9.1.1."),
                            "repoid": JSONSchema.string(),
                            "kernel": JSONSchema.string("Running kernel (uname -r)."),
                        ],
                        required: ["manager", "version"], additionalProperties: true),
                    "status": JSONSchema.object(
                        [
                            "uptime": JSONSchema.integer("Seconds since boot."),
                            "loadavg": JSONSchema.array(of: JSONSchema.number()),
                            "memory": JSONSchema.map(of: JSONSchema.anyValue, description: "Bytes: total, used, free, available."),
                            "rootfs": JSONSchema.map(of: JSONSchema.anyValue, description: "Bytes: total, used, free, avail."),
                        ],
                        additionalProperties: true),
                ],
                required: ["version", "status"]),
            description: "One entry per node asked, in inventory order."),
        hints: .readOnlyHelper)

    public init() {}

    public func call(_ input: NodeSelection, in context: ToolContext) async throws -> Output {
        let hosts = try input.resolve(in: context.inventory)
        return FanOutOutput(nodes: await context.fanOut(hosts, key: "node") { host in
            async let version = context.run(Self.versionCommand, on: host)
            async let status = context.run(Self.statusCommand, on: host)
            let versionText = try await version.requireSuccess(Self.versionCommand, on: host).stdout
            let statusText = try await status.requireSuccess(Self.statusCommand, on: host).stdout
            return NodeOverview(
                version: try parsing { () throws(ParseError) in try PVEVersion.parse(versionText) },
                status: try parsing { () throws(ParseError) in try NodeStatus.parse(json: statusText) })
        })
    }
}
