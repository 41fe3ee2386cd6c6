import ToolKit
import ProxmoxParsing
import ProxmoxModel

/// Lists the LXC containers (`pct list`) of one node, several, or every node at once.
public struct ListContainers: Tool {
    public typealias Input = NodeSelection
    public typealias Output = FanOutOutput<[Container]>

    static let command: FixedCommand = "pct list"

    public static let definition = ToolDefinition(
        name: "proxmox_list_containers",
        title: "List containers",
        description: """
            List the LXC containers on Proxmox nodes (`pct list`): per container its vmid, status \
            (running/stopped), lock (backup, migrate, snapshot, …; absent when unlocked) and name. \
            With no host/hosts every node in the inventory is asked concurrently; the answer has one \
            entry per node, {host, ok: true, containers: [...]} or {host, ok: false, error, message}, so \
            a node that is down does not hide the others. Read-only.
            """,
        inputSchema: JSONSchema.object(NodeSelection.schemaProperties),
        outputSchema: JSONSchema.fanOut(
            key: "containers",
            value: JSONSchema.array(of: JSONSchema.object(
                [
                    "vmid": JSONSchema.integer("Container ID."),
                    "status": JSONSchema.string("running or stopped."),
                    "lock": JSONSchema.string("Config lock (backup, migrate, …); absent when unlocked."),
                    "name": JSONSchema.string("Hostname, or CT<vmid> when unset."),
                ],
                required: ["vmid", "status", "name"])),
            description: "One entry per node asked, in inventory order."),
        hints: .readOnlyHelper,
        examples: [["hosts": ["pve1", "pve2"]]])

    public init() {}

    public func call(_ input: NodeSelection, in context: ToolContext) async throws -> Output {
        let hosts = try input.resolve(in: context.inventory)
        return FanOutOutput(nodes: await context.fanOut(hosts, key: "containers") { host in
            let output = try await context.run(Self.command, on: host).requireSuccess(Self.command, on: host)
            return try parsing { () throws(ParseError) in try Container.parseList(output.stdout) }
        })
    }
}
