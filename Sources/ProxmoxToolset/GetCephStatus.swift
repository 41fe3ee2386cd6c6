import MCP
import ProxmoxParsing
import ToolKit
import ProxmoxModel

/// Ceph health, monitors, OSDs, placement groups and usage, per node; a node without Ceph says so.
public struct GetCephStatus: Tool {
    public typealias Input = NodeSelection

    /// One node's answer: Ceph's status, or why there is none.
    public struct NodeCeph: Codable, Sendable, Hashable {
        /// False when Ceph is not installed or not configured on this node (not an error).
        public var available: Bool
        /// `not_installed` or `not_configured` when not available.
        public var reason: String?
        public var message: String?
        public var status: CephStatus?
    }

    public typealias Output = FanOutOutput<NodeCeph>

    static let command: FixedCommand = "pvesh get /nodes/localhost/ceph/status --output-format json"

    public static let definition = ToolDefinition(
        name: "proxmox_ceph_status",
        title: "Ceph status",
        description: """
            Show Ceph health as each node sees it (`pvesh get /nodes/NODE/ceph/status`: `ceph \
            status` with health detail): health (HEALTH_OK/WARN/ERR) and each check (OSD_DOWN, \
            PG_DEGRADED, … with message and details), monitors and quorum, manager, OSDs total/up/in, \
            placement groups by state, and raw usage in bytes. A node without Ceph answers {available: \
            false, reason: not_installed | not_configured} — not an error. With no host/hosts every \
            node is asked concurrently; one entry per node, {host, ok: true, ceph: {...}} or {host, ok: \
            false, error, message}. Read-only.
            """,
        inputSchema: JSONSchema.object(NodeSelection.schemaProperties),
        outputSchema: JSONSchema.fanOut(
            key: "ceph",
            value: JSONSchema.object(
                [
                    "available": JSONSchema.boolean("false: Ceph is not installed/configured on this node."),
                    "reason": JSONSchema.string("Why not available.", oneOf: ["not_installed", "not_configured"]),
                    "message": JSONSchema.string("Proxmox's own words."),
                    "status": JSONSchema.object(
                        [
                            "fsid": JSONSchema.string(),
                            "health": JSONSchema.string("HEALTH_OK, HEALTH_WARN or HEALTH_ERR."),
                            "checks": JSONSchema.array(of: JSONSchema.object(
                                [
                                    "name": JSONSchema.string(), "severity": JSONSchema.string(), "message": JSONSchema.string(),
                                    "details": JSONSchema.array(of: JSONSchema.string()), "muted": JSONSchema.boolean(),
                                ],
                                required: ["name", "severity", "message", "details", "muted"])),
                            "monitors": JSONSchema.array(of: JSONSchema.string()),
                            "quorum": JSONSchema.array(of: JSONSchema.string(), description: "Monitors in quorum."),
                            "managers": JSONSchema.map(of: JSONSchema.string(), description: "active, standbys."),
                            "osds": JSONSchema.object(["total": JSONSchema.integer(), "up": JSONSchema.integer(), "in": JSONSchema.integer()],
                                                      required: ["total", "up", "in"]),
                            "placementGroups": JSONSchema.object(
                                ["total": JSONSchema.integer(), "byState": JSONSchema.map(of: JSONSchema.integer())],
                                required: ["total", "byState"]),
                            "usage": JSONSchema.map(of: JSONSchema.integer(), description: "totalBytes, usedBytes, availableBytes, dataBytes, objects, pools."),
                        ],
                        required: ["health", "checks", "monitors", "quorum"]),
                ],
                required: ["available"]),
            description: "One entry per node asked, in inventory order."),
        hints: .readOnlyHelper)

    public init() {}

    public func call(_ input: NodeSelection, in context: ToolContext) async throws -> Output {
        let hosts = try input.resolve(in: context.inventory)
        return FanOutOutput(nodes: await context.fanOut(hosts, key: "ceph") { host in
            let output = try await context.run(Self.command, on: host)
            if !output.succeeded, !output.timedOut, let reason = CephStatus.absence(stderr: output.stderr) {
                return NodeCeph(available: false, reason: reason, message: String(output.stderr.strippingPadding()))
            }
            let text = try output.requireSuccess(Self.command, on: host).stdout
            return NodeCeph(available: true, status: try parsing { () throws(ParseError) in try CephStatus.parse(json: text) })
        })
    }
}
