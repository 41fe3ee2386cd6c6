import MCP
import ProxmoxModel
import ToolKit

/// Take a snapshot of a VM or container by VMID.
public struct SnapshotCreate: Tool {
    public struct Input: Decodable, Sendable {
        public var vmid: Int
        public var name: String
        public var description: String?
        public var vmstate: Bool?
        public var timeoutSeconds: Int?
        public var wait: Bool?
        public var host: String?
    }

    public typealias Output = GuestOperationResult

    public static let definition = ToolDefinition(
        name: "proxmox_snapshot_create",
        title: "Create snapshot",
        description: """
            Take a snapshot of a VM or container by VMID (`pvesh create /nodes/NODE/{qemu|lxc}/VMID/\
            snapshot --snapname NAME`); the node is found from /cluster/resources. name: a letter, then \
            letters, digits, _ or - (max 40; not current or vzdump). description is optional; vmstate \
            (VMs only) also saves RAM. Goes through the host's policy; by default waits for the task \
            (timeoutSeconds, default 600) with progress, and returns the UPID, exit status and log tail. \
            Cancelling the call stops the task. List snapshots with proxmox_list_snapshots.
            """,
        inputSchema: JSONSchema.object(
            [
                "vmid": JSONSchema.integer("The guest's VMID.", minimum: GuestSelection.vmidRange.lowerBound,
                                           maximum: GuestSelection.vmidRange.upperBound),
                "name": JSONSchema.string("Snapshot name, e.g. pre-upgrade.", minLength: 2),
                "description": JSONSchema.string("Free text stored with the snapshot."),
                "vmstate": JSONSchema.boolean("VMs: include the RAM state (the VM must be running)."),
            ].merging(GuestOperation.waitSchema) { $1 },
            required: ["vmid", "name"]),
        outputSchema: GuestOperation.resultSchema,
        hints: ToolHints(readOnly: false, destructive: false, idempotent: false, openWorld: true),
        examples: [["vmid": 100, "name": "pre-upgrade", "description": "before it's upgraded", "wait": false]])

    public init() {}

    /// pve-guest-common `pve-snapshot-name`: `[a-zA-Z][a-zA-Z0-9_\-]+`, at most 40 characters.
    static func isValidName(_ name: String) -> Bool {
        name.count <= 40 && name.wholeMatch(of: /[A-Za-z][A-Za-z0-9_-]+/) != nil && name != "current" && name != "vzdump"
    }

    public func call(_ input: Input, in context: ToolContext) async throws -> Output {
        guard Self.isValidName(input.name) else {
            throw Failure.invalidArgument(
                "name must start with a letter and hold only letters, digits, _ and - (2–40 characters, not current or vzdump), got \"\(input.name.prefix(60))\"")
        }
        if let description = input.description, description.count > 8192 || description.contains(where: { $0.isNewline == false && $0.asciiValue.map { $0 < 32 } == true }) {
            throw Failure.invalidArgument("description must be at most 8192 characters of text without control characters")
        }
        let operation = GuestOperation(vmid: input.vmid, operation: "snapshot", taskTypes: { _ in ["qmsnapshot", "pctsnapshot"] }, wait: input.wait ?? true,
                                       timeout: .seconds(input.timeoutSeconds ?? 600))
        return try await operation.run(asking: input.host, in: context) { guest in
            var command = "pvesh create /nodes/\(guest.node)/\(guest.type)/\(input.vmid)/snapshot --snapname \(input.name)"
            // The description is the one free-text argument: one single-quoted shell word.
            if let description = input.description { command += " --description \(description.singleQuoted)" }
            if input.vmstate == true {
                guard guest.type == "qemu" else { throw Failure.invalidArgument("vmstate applies to VMs only; \(input.vmid) is a container") }
                command += " --vmstate 1"
            }
            return command
        }
    }
}
