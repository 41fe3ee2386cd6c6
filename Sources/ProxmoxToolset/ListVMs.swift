import ProxmoxParsing
import ToolKit
import ProxmoxModel

/// Lists the QEMU virtual machines (`qm list`) of one node, several, or every node at once.
public struct ListVMs: Tool {
    public typealias Input = NodeSelection
    public typealias Output = FanOutOutput<[VirtualMachine]>

    static let command: FixedCommand = "qm list"

    public static let definition = ToolDefinition(
        name: "proxmox_list_vms",
        title: "List virtual machines",
        description: """
            List the QEMU virtual machines on Proxmox nodes (`qm list`): per VM its vmid, name, status \
            (running/stopped; a paused VM shows running here — use proxmox_vm_status for the exact \
            state), configured memory in MiB, boot disk size in GiB and QEMU pid (absent when stopped). \
            With no host/hosts every node in the inventory is asked concurrently; the answer has one \
            entry per node, {host, ok: true, vms: [...]} or {host, ok: false, error, message}, so a node \
            that is down does not hide the others. A VM appears only under the node that runs it. Read-only.
            """,
        inputSchema: JSONSchema.object(NodeSelection.schemaProperties),
        outputSchema: JSONSchema.fanOut(
            key: "vms",
            value: JSONSchema.array(of: JSONSchema.object(
                [
                    "vmid": JSONSchema.integer("VM ID."),
                    "name": JSONSchema.string("Config name, or `VM <vmid>` when unnamed."),
                    "status": JSONSchema.string("running or stopped."),
                    "memoryMB": JSONSchema.integer("Configured memory in MiB."),
                    "bootDiskGB": JSONSchema.number("Size of the boot disk in GiB (0 when none)."),
                    "pid": JSONSchema.integer("QEMU process id; absent when stopped."),
                ],
                required: ["vmid", "name", "status", "memoryMB", "bootDiskGB"])),
            description: "One entry per node asked, in inventory order."),
        hints: .readOnlyHelper)

    public init() {}

    public func call(_ input: NodeSelection, in context: ToolContext) async throws -> Output {
        let hosts = try input.resolve(in: context.inventory)
        return FanOutOutput(nodes: await context.fanOut(hosts, key: "vms") { host in
            let output = try await context.run(Self.command, on: host).requireSuccess(Self.command, on: host)
            return try parsing { () throws(ParseError) in try VirtualMachine.parseList(output.stdout) }
        })
    }
}
