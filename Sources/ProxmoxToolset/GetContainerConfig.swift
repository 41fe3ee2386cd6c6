import ProxmoxParsing
import ToolKit

/// The configuration of one container (`pct config VMID`).
public struct GetContainerConfig: Tool {
    public typealias Input = GuestSelection
    public typealias Output = GuestReport<[String: String]>

    public static let definition = ToolDefinition(
        name: "proxmox_container_config",
        title: "Container configuration",
        description: """
            Show the configuration of one LXC container (`pct config VMID`) as a key → value object: \
            hostname, ostype, arch, cores, memory, swap, rootfs and mount points (mp0, …) with storage \
            and size, net0 (name, bridge, IP, gateway), features, unprivileged, description (decoded), \
            and raw lxc.* keys (a repeated lxc.* key has its values joined with newlines). A container is \
            only visible on the node that runs it: pass that node as host (find it with \
            proxmox_list_containers). An unknown VMID is an error result carrying the node's own \
            message. Read-only.
            """,
        inputSchema: GuestSelection.schema(guest: "container"),
        outputSchema: Output.schema(key: "config", value: JSONSchema.map(
            of: JSONSchema.string(), description: "pct config, key → value as printed.")),
        hints: .readOnlyHelper,
        examples: [["vmid": 301, "host": "pve2"]])

    public init() {}

    public func call(_ input: GuestSelection, in context: ToolContext) async throws -> Output {
        let (host, stdout) = try await input.run({ "pct config \($0)" }, in: context)
        let config = try parsing { () throws(ParseError) in try GuestConfig.parse(stdout, command: "pct config") }
        return Output(host: host.alias, vmid: input.vmid, key: "config", data: config.keyValueMap)
    }
}
