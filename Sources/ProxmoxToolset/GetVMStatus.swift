import ProxmoxParsing
import ToolKit

/// The full runtime status of one VM (`qm status VMID --verbose`).
public struct GetVMStatus: Tool {
    public typealias Input = GuestSelection
    public typealias Output = GuestReport<[String: StatusValue]>

    public static let definition = ToolDefinition(
        name: "proxmox_vm_status",
        title: "VM status",
        description: """
            Show the detailed runtime status of one QEMU VM (`qm status VMID --verbose`) as a key/value \
            object: status and qmpstatus (running, stopped, paused, …), uptime, cpus, maxmem/mem, disk \
            and network counters, pid, and nested objects such as nics, blockstat and ballooninfo. All \
            scalar values are strings as Proxmox prints them. A VM is only visible on the node that runs \
            it: pass that node as host (find it with proxmox_list_vms). An unknown VMID is an error \
            result carrying the node's own message. Read-only.
            """,
        inputSchema: GuestSelection.schema(guest: "VM"),
        outputSchema: Output.schema(key: "status", value: JSONSchema.map(
            of: JSONSchema.anyValue, description: "qm status --verbose, key → value (strings, or nested objects/arrays).")),
        hints: .readOnlyHelper,
        examples: [["vmid": 100]])

    public init() {}

    public func call(_ input: GuestSelection, in context: ToolContext) async throws -> Output {
        let (host, stdout) = try await input.run({ "qm status \($0) --verbose" }, in: context)
        let status = try parsing { () throws(ParseError) in try StatusValue.parseVerboseStatus(stdout) }
        return Output(host: host.alias, vmid: input.vmid, key: "status", data: status)
    }
}
