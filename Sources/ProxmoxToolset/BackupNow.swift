import MCP
import ToolKit
import ProxmoxModel
import ProxmoxParsing

/// Back up one guest now (vzdump), by VMID.
public struct BackupNow: Tool {
    public struct Input: Decodable, Sendable {
        public var vmid: Int
        public var storage: String?
        public var mode: Mode?
        public var timeoutSeconds: Int?
        public var wait: Bool?
        public var host: String?
    }

    /// vzdump's modes: snapshot (live), suspend (brief pause), stop (guest stopped during the backup).
    public enum Mode: String, Decodable, Sendable, CaseIterable {
        case snapshot, suspend, stop
    }

    public typealias Output = GuestOperationResult

    public static let definition = ToolDefinition(
        name: "proxmox_backup_now",
        title: "Back up now",
        description: """
            Back up one VM or container now (`pvesh create /nodes/NODE/vzdump --vmid VMID --mode MODE \
            [--storage STORAGE]`); the node is found from /cluster/resources. mode: snapshot (default, \
            live), suspend, or stop (the guest is shut down for the backup and started again). storage: \
            a backup storage (see proxmox_list_backups); default: the node's vzdump default. Goes through \
            the host's policy; by default waits for the task (timeoutSeconds, default 3600) sending the \
            backup log's latest line as progress, and returns the UPID, exit status and log tail. \
            Cancelling the call stops the backup.
            """,
        inputSchema: JSONSchema.object(
            [
                "vmid": JSONSchema.integer("The guest's VMID.", minimum: GuestSelection.vmidRange.lowerBound,
                                           maximum: GuestSelection.vmidRange.upperBound),
                "storage": JSONSchema.string("Target storage ID, e.g. pbs-offsite-datastore.", minLength: 1),
                "mode": JSONSchema.string("Backup mode (default snapshot).", oneOf: Mode.allCases.map(\.rawValue)),
            ].merging(GuestOperation.waitSchema) { $1 },
            required: ["vmid"]),
        outputSchema: GuestOperation.resultSchema,
        hints: ToolHints(readOnly: false, destructive: false, idempotent: false, openWorld: true),
        examples: [["vmid": 200, "storage": "nas-backup", "wait": false]])

    public init() {}

    public func call(_ input: Input, in context: ToolContext) async throws -> Output {
        if let storage = input.storage, !BackupStorage.isValidID(storage) {
            throw Failure.invalidArgument("storage must be a storage ID like nas-backup (letters, digits, . _ -), got \"\(storage.prefix(60))\"")
        }
        let mode = input.mode ?? .snapshot
        let operation = GuestOperation(vmid: input.vmid, operation: "backup", taskTypes: { _ in ["vzdump"] }, wait: input.wait ?? true,
                                       timeout: .seconds(input.timeoutSeconds ?? 3600))
        return try await operation.run(asking: input.host, in: context) { guest in
            var command = "pvesh create /nodes/\(guest.node)/vzdump --vmid \(input.vmid) --mode \(mode.rawValue)"
            if let storage = input.storage { command += " --storage \(storage)" }
            return command
        }
    }
}
