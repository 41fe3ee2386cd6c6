/// The snapshots of one guest: `pvesh get /nodes/NODE/qemu/VMID/snapshot` (qemu-server
/// `PVE/API2/Qemu.pm` `snapshot_list`) or `…/lxc/VMID/snapshot` (pve-container
/// `PVE/API2/LXC/Snapshot.pm`). Proxmox lists them in hash order plus a pseudo entry `current`
/// ("You are here!") whose parent is the snapshot the guest runs from.
public struct SnapshotTree: Codable, Sendable, Hashable {
    public struct Snapshot: Codable, Sendable, Hashable {
        public var name: String
        public var parent: String?
        /// Creation time (epoch seconds); absent when Proxmox has none.
        public var time: Int?
        public var createdAt: String?
        public var description: String
        /// VM snapshots only: true when the snapshot includes the RAM state.
        public var vmstate: Bool?
        /// Set while a snapshot is being created or deleted (`prepare`, `delete`).
        public var snapstate: String?
        /// How many snapshots lie between this one and a root (0 = root).
        public var depth: Int
    }

    /// Oldest first along each branch: every snapshot comes after its parent.
    public var snapshots: [Snapshot]
    /// The snapshot the guest's current state derives from (`current`'s parent); nil = none.
    public var currentParent: String?
    /// Whether the guest runs (from the `current` entry).
    public var running: Bool?

    private struct Raw: Decodable {
        var name: String?
        var parent: String?
        var snaptime: Int?
        var description: String?
        var vmstate: Int?
        var snapstate: String?
        var running: Int?

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = c.proxmoxString(.name)
            parent = c.proxmoxString(.parent)
            snaptime = c.proxmoxInt(.snaptime)
            description = c.proxmoxString(.description)
            vmstate = c.proxmoxInt(.vmstate)
            snapstate = c.proxmoxString(.snapstate)
            running = c.proxmoxInt(.running)
        }

        enum CodingKeys: String, CodingKey { case name, parent, snaptime, description, vmstate, snapstate, running }
    }

    public static func parse(json stdout: String, isVM: Bool) throws(ParseError) -> SnapshotTree {
        let command = "pvesh get /nodes/{node}/\(isVM ? "qemu" : "lxc")/{vmid}/snapshot --output-format json"
        let raws = try PveshJSON.decode([Raw].self, from: stdout, command: command,
                                        expected: "a JSON array of snapshots like [{\"name\":\"current\",…}]")
        var byName: [String: Raw] = [:]
        var current: Raw?
        for raw in raws {
            guard let name = raw.name else {
                throw ParseError(command: command, line: 1, expected: "every snapshot entry to have a name")
            }
            if name == "current" { current = raw } else { byName[name] = raw }
        }
        // Order: a depth-first walk from the roots, children by time, so a branch reads top down.
        var children: [String: [String]] = [:]
        var roots: [String] = []
        for (name, raw) in byName {
            if let parent = raw.parent, byName[parent] != nil { children[parent, default: []].append(name) } else { roots.append(name) }
        }
        func byTime(_ a: String, _ b: String) -> Bool {
            let (ta, tb) = (byName[a]?.snaptime ?? 0, byName[b]?.snaptime ?? 0)
            return ta != tb ? ta < tb : a < b
        }
        var ordered: [Snapshot] = []
        var visited = Set<String>()
        func visit(_ name: String, depth: Int) {
            guard visited.insert(name).inserted, let raw = byName[name] else { return }
            let time = raw.snaptime.flatMap { $0 > 0 ? $0 : nil }
            ordered.append(Snapshot(
                name: name, parent: raw.parent, time: time, createdAt: time.map(isoTime), description: raw.description ?? "",
                vmstate: isVM ? (raw.vmstate ?? 0) != 0 : nil, snapstate: raw.snapstate, depth: depth))
            for child in (children[name] ?? []).sorted(by: byTime) { visit(child, depth: depth + 1) }
        }
        for root in roots.sorted(by: byTime) { visit(root, depth: 0) }
        // A parent cycle (hand-edited config) leaves snapshots unvisited; list them rather than lose them.
        for name in byName.keys.sorted(by: byTime) where !visited.contains(name) { visit(name, depth: 0) }
        return SnapshotTree(snapshots: ordered, currentParent: current?.parent, running: current?.running.map { $0 != 0 })
    }
}
