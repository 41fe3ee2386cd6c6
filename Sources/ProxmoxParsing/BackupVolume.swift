/// The storages of a node that hold backups (`pvesh get /nodes/NODE/storage --content backup`,
/// pve-storage `PVE/API2/Storage/Status.pm` `index`) and their backup volumes
/// (`…/storage/STORAGE/content --content backup`, `PVE/API2/Storage/Content.pm` `index`).
public struct BackupStorage: Codable, Sendable, Hashable {
    public var storage: String
    public var type: String
    public var shared: Bool
    public var active: Bool
    public var enabled: Bool
    public var totalBytes: Int?
    public var usedBytes: Int?
    public var availableBytes: Int?

    private struct Raw: Decodable {
        var storage: String?
        var type: String?
        var shared: Bool?
        var active: Bool?
        var enabled: Bool?
        var total: Int?
        var used: Int?
        var avail: Int?

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            storage = c.proxmoxString(.storage)
            type = c.proxmoxString(.type)
            shared = c.proxmoxBool(.shared)
            active = c.proxmoxBool(.active)
            enabled = c.proxmoxBool(.enabled)
            total = c.proxmoxInt(.total)
            used = c.proxmoxInt(.used)
            avail = c.proxmoxInt(.avail)
        }

        enum CodingKeys: String, CodingKey { case storage, type, shared, active, enabled, total, used, avail }
    }

    /// Proxmox storage IDs (pve-storage `pve-storage-id`: `[a-z][a-z0-9\-\_\.]*[a-z0-9]`), a bit
    /// more lenient; an ID must pass this before it goes into a `pvesh` path.
    public static func isValidID(_ id: String) -> Bool {
        id.count <= 100 && id.wholeMatch(of: /[A-Za-z][A-Za-z0-9_.-]*/) != nil
    }

    public static func parseList(json stdout: String) throws(ParseError) -> [BackupStorage] {
        let command = "pvesh get /nodes/{node}/storage --content backup --output-format json"
        let raws = try PveshJSON.decode([Raw].self, from: stdout, command: command,
                                        expected: "a JSON array of storages like [{\"storage\":\"local\",…}]")
        return try raws.map { raw throws(ParseError) in
            guard let id = raw.storage, isValidID(id) else {
                throw ParseError(command: command, line: 1, text: raw.storage, expected: "a storage ID like `nas-backup`")
            }
            return BackupStorage(storage: id, type: raw.type ?? "unknown", shared: raw.shared ?? false,
                                 active: raw.active ?? false, enabled: raw.enabled ?? true,
                                 totalBytes: raw.total, usedBytes: raw.used, availableBytes: raw.avail)
        }
    }
}

/// One backup: a vzdump archive on a directory/NFS storage or a snapshot on Proxmox Backup Server.
public struct BackupVolume: Codable, Sendable, Hashable {
    public var volid: String
    public var vmid: Int?
    /// `qemu` or `lxc` (`subtype`).
    public var guestType: String?
    public var time: Int?
    public var createdAt: String?
    public var sizeBytes: Int?
    /// `vma.zst`, `tar.zst`, `pbs-vm`, `pbs-ct`, …
    public var format: String?
    public var notes: String?
    public var protected: Bool
    /// PBS: the last verification's state (`ok`, `failed`).
    public var verification: String?
    /// PBS: true when the backup is encrypted (Proxmox gives the key fingerprint).
    public var encrypted: Bool

    private struct Raw: Decodable {
        var volid: String?
        var vmid: Int?
        var subtype: String?
        var ctime: Int?
        var size: Int?
        var format: String?
        var notes: String?
        var protected: Bool?
        var verification: Verification?
        var encrypted: String?

        struct Verification: Decodable { var state: String? }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            volid = c.proxmoxString(.volid)
            vmid = c.proxmoxInt(.vmid)
            subtype = c.proxmoxString(.subtype)
            ctime = c.proxmoxInt(.ctime)
            size = c.proxmoxInt(.size)
            format = c.proxmoxString(.format)
            notes = c.proxmoxString(.notes)
            protected = c.proxmoxBool(.protected)
            verification = c.proxmoxObject(Verification.self, .verification)
            encrypted = c.proxmoxString(.encrypted)
        }

        enum CodingKeys: String, CodingKey { case volid, vmid, subtype, ctime, size, format, notes, protected, verification, encrypted }
    }

    /// Newest first (Proxmox lists by volid).
    public static func parseList(json stdout: String) throws(ParseError) -> [BackupVolume] {
        let command = "pvesh get /nodes/{node}/storage/{storage}/content --content backup --output-format json"
        let raws = try PveshJSON.decode([Raw].self, from: stdout, command: command,
                                        expected: "a JSON array of volumes like [{\"volid\":\"…\",\"ctime\":…}]")
        let volumes = try raws.map { raw throws(ParseError) in
            guard let volid = raw.volid else {
                throw ParseError(command: command, line: 1, expected: "every volume to have a volid")
            }
            return BackupVolume(volid: volid, vmid: raw.vmid, guestType: raw.subtype, time: raw.ctime,
                                createdAt: raw.ctime.map(isoTime), sizeBytes: raw.size, format: raw.format,
                                notes: raw.notes.flatMap { $0.isEmpty ? nil : $0 }, protected: raw.protected ?? false,
                                verification: raw.verification?.state,
                                encrypted: raw.encrypted.map { !$0.isEmpty && $0 != "0" } ?? false)
        }
        return volumes.sorted { ($0.time ?? 0, $0.volid) > ($1.time ?? 0, $1.volid) }
    }
}
