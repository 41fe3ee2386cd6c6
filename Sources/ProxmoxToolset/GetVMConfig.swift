import ProxmoxParsing
import ToolKit

/// The configuration of one VM (`qm config VMID`).
public struct GetVMConfig: Tool {
    public typealias Input = GuestSelection
    public typealias Output = GuestReport<[String: String]>

    public static let definition = ToolDefinition(
        name: "proxmox_vm_config",
        title: "VM configuration",
        description: """
            Show the configuration of one QEMU VM (`qm config VMID`, pending changes applied) as a \
            key → value object: name, memory, cores, sockets, cpu, boot order, disks (scsi0, virtio0, \
            … with storage and size), net0 (model, MAC, bridge, VLAN), ostype, agent, description \
            (decoded to plain text), tags, etc. A VM is only visible on the node that runs it: pass that \
            node as host (find it with proxmox_list_vms). An unknown VMID is an error result carrying \
            the node's own message. Read-only.
            """,
        inputSchema: GuestSelection.schema(guest: "VM"),
        outputSchema: Output.schema(key: "config", value: JSONSchema.map(
            of: JSONSchema.string(), description: "qm config, key → value as printed.")),
        hints: .readOnlyHelper,
        examples: [["vmid": 1050, "host": "pve2"]])

    public init() {}

    public func call(_ input: GuestSelection, in context: ToolContext) async throws -> Output {
        let (host, stdout) = try await input.run({ "qm config \($0)" }, in: context)
        let config = try parsing { () throws(ParseError) in try GuestConfig.parse(stdout, command: "qm config") }
        return Output(host: host.alias, vmid: input.vmid, key: "config", data: config.keyValueMap)
    }
}
