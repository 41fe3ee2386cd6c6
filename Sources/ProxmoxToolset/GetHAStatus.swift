import MCP
import ProxmoxParsing
import ToolKit
import ProxmoxModel

/// The HA manager's view of the cluster: quorum, CRM master, LRM per node, HA resources.
public struct GetHAStatus: Tool {
    public struct Input: Decodable, Sendable {
        public var host: String?
    }

    public struct Output: ToolOutput {
        public var host: String
        public var ha: HAStatus
    }

    static let command: FixedCommand = "pvesh get /cluster/ha/status/current --output-format json"

    public static let definition = ToolDefinition(
        name: "proxmox_ha_status",
        title: "HA status",
        description: """
            Show the High Availability state of the cluster as one node sees it (`pvesh get \
            /cluster/ha/status/current`, what `ha-manager status` prints): quorate, the CRM master \
            (node, state: active, idle, old timestamp - dead?), each node's LRM (active, idle, \
            maintenance mode, wait_for_agent_lock, …) and every HA resource (vm:100, ct:201) with its \
            node, state (started, stopped, fence, error, migrate, recovery, …), CRM state and requested \
            state. No resources means HA is not in use. Read-only.
            """,
        inputSchema: JSONSchema.object(["host": OpsSchema.host]),
        outputSchema: JSONSchema.object(
            [
                "host": JSONSchema.string("Node alias that answered."),
                "ha": JSONSchema.object(
                    [
                        "quorate": JSONSchema.boolean("Whether the answering node is in the quorate partition."),
                        "quorumNode": JSONSchema.string(), "quorumStatus": JSONSchema.string("OK or the problem."),
                        "master": managerSchema,
                        "lrms": JSONSchema.array(of: managerSchema),
                        "resources": JSONSchema.array(of: JSONSchema.object(
                            [
                                "sid": JSONSchema.string("vm:100, ct:201."), "node": JSONSchema.string(),
                                "state": JSONSchema.string(), "crmState": JSONSchema.string(),
                                "requestState": JSONSchema.string(), "maxRestart": JSONSchema.integer(),
                                "maxRelocate": JSONSchema.integer(), "group": JSONSchema.string(), "comment": JSONSchema.string(),
                            ],
                            required: ["sid"])),
                    ],
                    required: ["quorate", "lrms", "resources"]),
            ],
            required: ["host", "ha"]),
        hints: .readOnlyHelper)

    static let managerSchema: Value = JSONSchema.object(
        [
            "node": JSONSchema.string(), "state": JSONSchema.string("active, idle, old timestamp - dead?, maintenance mode, …"),
            "timestamp": OpsSchema.epoch, "status": JSONSchema.string("Proxmox's own status line."),
        ],
        required: ["node", "state", "status"])

    public init() {}

    public func call(_ input: Input, in context: ToolContext) async throws -> Output {
        let host = try context.inventory.host(named: input.host)
        let output = try await context.run(Self.command, on: host).requireSuccess(Self.command, on: host)
        return Output(host: host.alias, ha: try parsing { () throws(ParseError) in try HAStatus.parse(json: output.stdout) })
    }
}
