import MCP
import ToolKit

/// Start, shut down, reboot, stop, suspend or resume a guest by VMID, wherever it runs.
public struct GuestPower: Tool {
    public struct Input: Decodable, Sendable {
        public var vmid: Int
        public var action: Action
        public var timeoutSeconds: Int?
        public var wait: Bool?
        public var host: String?
    }

    /// The `/status/<action>` endpoints of qemu-server and pve-container.
    public enum Action: String, Decodable, Sendable, CaseIterable {
        case start, shutdown, reboot, stop, suspend, resume
    }

    public typealias Output = GuestOperationResult

    public static let definition = ToolDefinition(
        name: "proxmox_guest_power",
        title: "Guest power",
        description: """
            Start, shut down (clean, via ACPI or the container's init), reboot, stop (hard power-off: \
            data in the guest's memory is lost), suspend or resume a VM or container by VMID; the node \
            is found from /cluster/resources. Runs `pvesh create /nodes/NODE/{qemu|lxc}/VMID/status/ACTION` \
            through the host's policy (a read-only host refuses). By default waits for the Proxmox task \
            (timeoutSeconds, default 300; for shutdown also Proxmox's own timeout), sending the task \
            log's latest line as progress; returns the UPID, exit status and log tail. Cancelling the \
            call stops the task. wait: false returns the UPID at once.
            """,
        inputSchema: JSONSchema.object(
            [
                "vmid": JSONSchema.integer("The guest's VMID.", minimum: GuestSelection.vmidRange.lowerBound,
                                           maximum: GuestSelection.vmidRange.upperBound),
                "action": JSONSchema.string("What to do.", oneOf: Action.allCases.map(\.rawValue)),
            ].merging(GuestOperation.waitSchema) { $1 },
            required: ["vmid", "action"]),
        outputSchema: GuestOperation.resultSchema,
        hints: ToolHints(readOnly: false, destructive: true, idempotent: false, openWorld: true),
        examples: [["vmid": 100, "action": "shutdown", "wait": false]])

    public init() {}

    public func call(_ input: Input, in context: ToolContext) async throws -> Output {
        let timeout = input.timeoutSeconds ?? 300
        let operation = GuestOperation(vmid: input.vmid, operation: input.action.rawValue, taskTypes: { guest in [(guest.type == "lxc" ? "vz" : "qm") + input.action.rawValue] }, wait: input.wait ?? true,
                                       timeout: .seconds(timeout))
        return try await operation.run(asking: input.host, in: context) { guest in
            // Node name checked, type qemu|lxc, vmid and timeout integers, action one of a fixed set.
            var command = "pvesh create /nodes/\(guest.node)/\(guest.type)/\(input.vmid)/status/\(input.action.rawValue)"
            if input.action == .shutdown, let seconds = input.timeoutSeconds { command += " --timeout \(seconds)" }
            return command
        }
    }
}
