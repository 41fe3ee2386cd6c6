import MCP
import ProxmoxParsing
import ToolKit
import ProxmoxModel

/// Backup volumes per storage (vzdump archives, Proxmox Backup Server snapshots) on every node.
public struct ListBackups: Tool {
    public struct Input: Decodable, Sendable {
        public var host: String?
        public var hosts: [String]?
        public var vmid: Int?
        public var storage: String?
    }

    /// One storage that holds backups, as one node sees it.
    public struct StorageBackups: Codable, Sendable, Hashable {
        public var storage: String
        public var type: String
        public var shared: Bool
        public var active: Bool
        public var totalBytes: Int?
        public var usedBytes: Int?
        public var availableBytes: Int?
        public var backups: [BackupVolume]
    }

    public typealias Output = FanOutOutput<[StorageBackups]>

    static let storagesCommand: FixedCommand = "pvesh get /nodes/localhost/storage --output-format json --content backup"

    public static let definition = ToolDefinition(
        name: "proxmox_list_backups",
        title: "Backups",
        description: """
            List backups per storage: for every enabled storage with backup content (`pvesh get \
            /nodes/NODE/storage --content backup`), its backup volumes (`…/content --content backup`): \
            volid, vmid, guestType (qemu/lxc), creation time, size in bytes, format (vma.zst, tar.zst, \
            pbs-vm, pbs-ct), notes, protected, PBS verification state and encryption. Newest first. A \
            shared storage (NFS, PBS) is listed once, under the first node that could read it; an \
            inactive storage (unreachable NFS) shows active: false and no backups. Filters: vmid, \
            storage. With no host/hosts every node is asked concurrently; one entry per node, {host, \
            ok: true, storages: [...]} or {host, ok: false, error, message}. Read-only.
            """,
        inputSchema: JSONSchema.object(NodeSelection.schemaProperties.merging([
            "vmid": OpsSchema.vmidFilter,
            "storage": JSONSchema.string("Only this storage ID (e.g. nas-backup).", minLength: 1),
        ]) { $1 }),
        outputSchema: JSONSchema.fanOut(
            key: "storages",
            value: JSONSchema.array(of: JSONSchema.object(
                [
                    "storage": JSONSchema.string("Storage ID."), "type": JSONSchema.string("dir, nfs, pbs, cifs, …"),
                    "shared": JSONSchema.boolean(), "active": JSONSchema.boolean("false: the node cannot reach it now."),
                    "totalBytes": JSONSchema.integer(), "usedBytes": JSONSchema.integer(), "availableBytes": JSONSchema.integer(),
                    "backups": JSONSchema.array(of: JSONSchema.object(
                        [
                            "volid": JSONSchema.string("Volume ID, e.g. nas-backup:backup/vzdump-qemu-100-….vma.zst."),
                            "vmid": JSONSchema.integer(), "guestType": JSONSchema.string("qemu or lxc."),
                            "time": OpsSchema.epoch, "createdAt": OpsSchema.iso, "sizeBytes": JSONSchema.integer(),
                            "format": JSONSchema.string(), "notes": JSONSchema.string(),
                            "protected": JSONSchema.boolean("Protected from pruning and removal."),
                            "verification": JSONSchema.string("PBS: last verification state (ok, failed)."),
                            "encrypted": JSONSchema.boolean(),
                        ],
                        required: ["volid", "protected", "encrypted"])),
                ],
                required: ["storage", "type", "shared", "active", "backups"])),
            description: "One entry per node asked, in inventory order."),
        hints: .readOnlyHelper,
        examples: [[:], ["vmid": 100, "host": "pve1"], ["storage": "pbs-offsite-datastore"]])

    public init() {}

    public func call(_ input: Input, in context: ToolContext) async throws -> Output {
        if let storage = input.storage, !BackupStorage.isValidID(storage) {
            throw Failure.invalidArgument("storage must be a storage ID like nas-backup (letters, digits, . _ -), got \"\(storage.prefix(60))\"")
        }
        let hosts = try NodeSelection(host: input.host, hosts: input.hosts).resolve(in: context.inventory)
        var nodes = await context.fanOut(hosts, key: "storages") { host in
            let output = try await context.run(Self.storagesCommand, on: host).requireSuccess(Self.storagesCommand, on: host)
            let storages = try parsing { () throws(ParseError) in try BackupStorage.parseList(json: output.stdout) }
                .filter { $0.enabled && (input.storage == nil || $0.storage == input.storage) }
            return try await withThrowingTaskGroup(of: (Int, StorageBackups).self) { group in
                for (index, storage) in storages.enumerated() {
                    group.addTask {
                        var entry = StorageBackups(
                            storage: storage.storage, type: storage.type, shared: storage.shared, active: storage.active,
                            totalBytes: storage.totalBytes, usedBytes: storage.usedBytes, availableBytes: storage.availableBytes, backups: [])
                        guard storage.active else { return (index, entry) }
                        // The ID passed isValidID (no shell characters).
                        let command: FixedCommand = "pvesh get /nodes/localhost/storage/\(word: storage.storage)/content --output-format json --content backup"
                        let output = try await context.run(command, on: host).requireSuccess(command, on: host)
                        entry.backups = try parsing { () throws(ParseError) in try BackupVolume.parseList(json: output.stdout) }
                            .filter { input.vmid == nil || $0.vmid == input.vmid }
                        return (index, entry)
                    }
                }
                var results = [StorageBackups?](repeating: nil, count: storages.count)
                for try await (index, entry) in group { results[index] = entry }
                return results.compactMap { $0 }
            }
        }
        // A shared storage holds the same backups whichever node reads it: keep the first readable copy.
        var seen = Set<String>()
        for index in nodes.indices {
            guard var storages = nodes[index].value else { continue }
            storages.removeAll { entry in
                guard entry.shared, entry.active else { return false }
                return !seen.insert(entry.storage).inserted
            }
            nodes[index].value = storages
        }
        return FanOutOutput(nodes: nodes)
    }
}
