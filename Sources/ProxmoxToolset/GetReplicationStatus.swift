import ProxmoxParsing
import ToolKit
import ProxmoxModel

/// Storage replication jobs of every node (`pvesr status`), merged into one answer per node.
public struct GetReplicationStatus: Tool {
    public typealias Input = NodeSelection
    public typealias Output = FanOutOutput<[ReplicationJob]>

    /// The API call `pvesr status` prints as a table, as JSON.
    static let command: FixedCommand = "pvesh get /nodes/localhost/replication --output-format json"

    public static let definition = ToolDefinition(
        name: "proxmox_replication_status",
        title: "Replication status",
        description: """
            Show storage replication jobs on every node (`pvesr status`, read as JSON from `pvesh get \
            /nodes/NODE/replication`; each node lists the jobs of the guests it runs): job id (vmid-n), \
            guest, target node, schedule, enabled, last sync, duration in seconds, next sync, fail \
            count, error, and state (OK, SYNCING, or the error). A failing job has failCount > 0 and \
            its error. With no host/hosts every node is asked concurrently; one entry per node, {host, \
            ok: true, jobs: [...]} or {host, ok: false, error, message}. Read-only.
            """,
        inputSchema: JSONSchema.object(NodeSelection.schemaProperties),
        outputSchema: JSONSchema.fanOut(
            key: "jobs",
            value: JSONSchema.array(of: JSONSchema.object(
                [
                    "id": JSONSchema.string("<vmid>-<n>"), "guest": JSONSchema.integer(), "guestType": JSONSchema.string(),
                    "source": JSONSchema.string(), "target": JSONSchema.string(), "schedule": JSONSchema.string(),
                    "enabled": JSONSchema.boolean(), "lastSync": OpsSchema.epoch, "lastSyncAt": OpsSchema.iso,
                    "lastTry": OpsSchema.epoch, "durationSeconds": JSONSchema.number(), "nextSync": OpsSchema.epoch,
                    "nextSyncAt": OpsSchema.iso, "failCount": JSONSchema.integer(), "error": JSONSchema.string(),
                    "state": JSONSchema.string("OK, SYNCING or the error."), "rateLimitMBps": JSONSchema.number(),
                    "comment": JSONSchema.string(),
                ],
                required: ["id", "guest", "target", "schedule", "enabled", "failCount", "state"])),
            description: "One entry per node asked, in inventory order."),
        hints: .readOnlyHelper)

    public init() {}

    public func call(_ input: NodeSelection, in context: ToolContext) async throws -> Output {
        let hosts = try input.resolve(in: context.inventory)
        return FanOutOutput(nodes: await context.fanOut(hosts, key: "jobs") { host in
            let output = try await context.run(Self.command, on: host).requireSuccess(Self.command, on: host)
            return try parsing { () throws(ParseError) in try ReplicationJob.parseList(json: output.stdout) }
        })
    }
}
