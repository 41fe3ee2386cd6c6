import ProxmoxParsing
import ToolKit
import ProxmoxModel

/// ZFS pool health per node: `zpool list` figures merged with `zpool status` details.
public struct GetZFSHealth: Tool {
    public typealias Input = NodeSelection

    public struct NodePools: Codable, Sendable, Hashable {
        /// True when every pool is ONLINE without data errors or device errors.
        public var healthy: Bool
        public var pools: [ZFSPool]
    }

    public typealias Output = FanOutOutput<NodePools>

    static let listCommand = ZFSPool.listCommand
    /// The full status, not `-x`: `-x` leaves out healthy pools, whose last scrub we also report.
    static let statusCommand: FixedCommand = "zpool status"

    public static let definition = ToolDefinition(
        name: "proxmox_zfs_health",
        title: "ZFS health",
        description: """
            Show ZFS pool health on every node (`zpool list -H -p` and `zpool status`): per pool its \
            health (ONLINE, DEGRADED, FAULTED, …), size/allocated/free in bytes, fragmentation and \
            capacity percent, the status and action text when something is wrong, the last or running \
            scrub/resilver (scan, scanInProgress), the errors line, and the devices that are not \
            ONLINE or have read/write/checksum errors. healthy is true when all pools are fine. A node \
            without pools answers pools: []. With no host/hosts every node is asked concurrently; one \
            entry per node, {host, ok: true, zfs: {...}} or {host, ok: false, error, message}. Read-only.
            """,
        inputSchema: JSONSchema.object(NodeSelection.schemaProperties),
        outputSchema: JSONSchema.fanOut(
            key: "zfs",
            value: JSONSchema.object(
                [
                    "healthy": JSONSchema.boolean("Every pool ONLINE, no data or device errors."),
                    "pools": JSONSchema.array(of: JSONSchema.object(
                        [
                            "name": JSONSchema.string(), "health": JSONSchema.string(),
                            "sizeBytes": JSONSchema.integer(), "allocatedBytes": JSONSchema.integer(), "freeBytes": JSONSchema.integer(),
                            "fragmentationPercent": JSONSchema.integer(), "capacityPercent": JSONSchema.integer(),
                            "dedupRatio": JSONSchema.number(), "status": JSONSchema.string(), "action": JSONSchema.string(),
                            "scan": JSONSchema.string(), "scanInProgress": JSONSchema.string(oneOf: ["scrub", "resilver", "other"]),
                            "errors": JSONSchema.string(), "hasDataErrors": JSONSchema.boolean(),
                            "problemDevices": JSONSchema.array(of: JSONSchema.object(
                                [
                                    "name": JSONSchema.string(), "state": JSONSchema.string(), "readErrors": JSONSchema.integer(),
                                    "writeErrors": JSONSchema.integer(), "checksumErrors": JSONSchema.integer(), "note": JSONSchema.string(),
                                ],
                                required: ["name", "state", "readErrors", "writeErrors", "checksumErrors"])),
                        ],
                        required: ["name", "health", "hasDataErrors", "problemDevices"])),
                ],
                required: ["healthy", "pools"]),
            description: "One entry per node asked, in inventory order."),
        hints: .readOnlyHelper)

    public init() {}

    public func call(_ input: NodeSelection, in context: ToolContext) async throws -> Output {
        let hosts = try input.resolve(in: context.inventory)
        return FanOutOutput(nodes: await context.fanOut(hosts, key: "zfs") { host in
            async let list = context.run(Self.listCommand, on: host)
            async let status = context.run(Self.statusCommand, on: host)
            let listText = try await list.requireSuccess(Self.listCommand, on: host).stdout
            // With no pools `zpool status` prints "no pools available" on stderr and exits 0.
            let statusText = try await status.requireSuccess(Self.statusCommand, on: host).stdout
            let pools = try parsing { () throws(ParseError) in try ZFSPool.parse(list: listText, status: statusText) }
            let healthy = pools.allSatisfy { $0.health == "ONLINE" && !$0.hasDataErrors && $0.problemDevices.isEmpty }
            return NodePools(healthy: healthy, pools: pools)
        })
    }
}
