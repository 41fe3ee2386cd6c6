import ProxmoxParsing
import ToolKit

/// The full runtime status of one container (`pct status VMID --verbose`).
public struct GetContainerStatus: Tool {
    public typealias Input = GuestSelection
    public typealias Output = GuestReport<[String: StatusValue]>

    public static let definition = ToolDefinition(
        name: "proxmox_container_status",
        title: "Container status",
        description: """
            Show the detailed runtime status of one LXC container (`pct status VMID --verbose`) as a \
            key/value object: status (running/stopped), uptime, cpus, maxmem/mem, maxswap/swap, \
            maxdisk/disk, network and disk IO counters, pid, lock and pressure values. All values are \
            strings as Proxmox prints them. A container is only visible on the node that runs it: pass \
            that node as host (find it with proxmox_list_containers). An unknown VMID is an error result \
            carrying the node's own message. Read-only.
            """,
        inputSchema: GuestSelection.schema(guest: "container"),
        outputSchema: Output.schema(key: "status", value: JSONSchema.map(
            of: JSONSchema.anyValue, description: "pct status --verbose, key → value.")),
        hints: .readOnlyHelper,
        examples: [["vmid": 202]])

    public init() {}

    public func call(_ input: GuestSelection, in context: ToolContext) async throws -> Output {
        let (host, stdout) = try await input.run({ "pct status \($0) --verbose" }, in: context)
        let status = try parsing { () throws(ParseError) in
            try StatusValue.parseVerboseStatus(stdout, command: "pct status --verbose")
        }
        return Output(host: host.alias, vmid: input.vmid, key: "status", data: status)
    }
}
