import ProxmoxModel
/// The ZFS pools of a node: `zpool list -H -p -o name,size,allocated,free,fragmentation,capacity,
/// dedupratio,health` (tab-separated, exact numbers, `-` for "not available") merged with the
/// per-pool blocks of `zpool status` (OpenZFS `cmd/zpool/zpool_main.c` `status_callback`).
public struct ZFSPool: Codable, Sendable, Hashable {
    public struct Device: Codable, Sendable, Hashable {
        public var name: String
        public var state: String
        public var readErrors: Int
        public var writeErrors: Int
        public var checksumErrors: Int
        /// Text after the counters: `too many errors`, `(resilvering)`, `was /dev/sdb1`.
        public var note: String?
    }

    public var name: String
    /// `ONLINE`, `DEGRADED`, `FAULTED`, `OFFLINE`, `UNAVAIL`, `SUSPENDED`.
    public var health: String
    public var sizeBytes: Int?
    public var allocatedBytes: Int?
    public var freeBytes: Int?
    public var fragmentationPercent: Int?
    public var capacityPercent: Int?
    public var dedupRatio: Double?
    /// `zpool status`'s `status:` paragraph (why the pool is not healthy), if any.
    public var status: String?
    public var action: String?
    /// The `scan:` paragraph: last scrub/resilver, or one in progress with its progress lines.
    public var scan: String?
    /// `scrub` or `resilver` while one runs.
    public var scanInProgress: String?
    /// The `errors:` line: `No known data errors` or e.g. `1 data errors, use '-v' for a list`.
    public var errors: String?
    public var hasDataErrors: Bool
    /// Devices that are not ONLINE or have read/write/checksum errors.
    public var problemDevices: [Device]

    package static let listCommand: FixedCommand = "zpool list -H -p -o name,size,allocated,free,fragmentation,capacity,dedupratio,health"

    /// Parses both outputs. A pool in one but not the other still appears. Empty output from
    /// both (no pools) is `[]`.
    public static func parse(list: String, status: String) throws(ParseError) -> [ZFSPool] {
        var pools: [ZFSPool] = []
        for line in list.numberedLines where !line.isBlank {
            let fields = line.text.split(separator: "\t", omittingEmptySubsequences: false).map { String($0.strippingPadding()) }
            guard fields.count == 8, !fields[0].isEmpty else {
                throw ParseError(command: listCommand.text, line: line.number, text: String(line.text),
                                 expected: "8 tab-separated columns: name size allocated free fragmentation capacity dedupratio health")
            }
            func number(_ text: String) -> Int? { Int(text.replacing("%", with: "")) }
            pools.append(ZFSPool(
                name: fields[0], health: fields[7], sizeBytes: number(fields[1]), allocatedBytes: number(fields[2]),
                freeBytes: number(fields[3]), fragmentationPercent: number(fields[4]), capacityPercent: number(fields[5]),
                dedupRatio: Double(fields[6].replacing("x", with: "")), hasDataErrors: false, problemDevices: []))
        }
        for block in statusBlocks(status) {
            if let index = pools.firstIndex(where: { $0.name == block.name }) {
                pools[index].apply(block)
            } else {
                var pool = ZFSPool(name: block.name, health: block.state ?? "UNKNOWN", hasDataErrors: false, problemDevices: [])
                pool.apply(block)
                pools.append(pool)
            }
        }
        return pools
    }

    private mutating func apply(_ block: StatusBlock) {
        if let state = block.state { health = state }
        status = block.fields["status"]
        action = block.fields["action"]
        scan = block.fields["scan"]
        if let scan, scan.contains("in progress") {
            scanInProgress = scan.hasPrefix("resilver") ? "resilver" : scan.hasPrefix("scrub") ? "scrub" : "other"
        }
        errors = block.fields["errors"]
        hasDataErrors = errors.map { !$0.hasPrefix("No known data errors") } ?? false
        problemDevices = block.devices.filter { $0.state != "ONLINE" || $0.readErrors + $0.writeErrors + $0.checksumErrors > 0 }
    }

    struct StatusBlock {
        var name: String
        var state: String?
        var fields: [String: String] = [:]
        var devices: [Device] = []
    }

    /// `  pool: NAME` starts a block; `label: text` lines with tab-indented continuation lines;
    /// the `config:` table lists devices as `NAME STATE READ WRITE CKSUM [note]`.
    static func statusBlocks(_ text: String) -> [StatusBlock] {
        var blocks: [StatusBlock] = []
        var label: String?
        var inConfig = false
        for line in text.numberedLines {
            let trimmed = line.text.strippingPadding()
            if trimmed.isEmpty { continue }
            if !line.text.hasPrefix("\t"), let (key, value) = splitLabeledLine(line.text),
               key.allSatisfy({ $0.isLetter }) {
                let name = String(key)
                if name == "pool" {
                    blocks.append(StatusBlock(name: String(value)))
                    label = nil
                    inConfig = false
                    continue
                }
                guard !blocks.isEmpty else { continue }
                inConfig = name == "config"
                label = inConfig ? nil : name
                if name == "state" { blocks[blocks.count - 1].state = String(value) }
                else if !inConfig { blocks[blocks.count - 1].fields[name] = String(value) }
                continue
            }
            guard !blocks.isEmpty else { continue }
            if inConfig {
                let fields = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" })
                guard fields.count >= 5, fields[0] != "NAME", let read = Int(fields[2]), let write = Int(fields[3]),
                      let checksum = Int(fields[4]) else { continue }
                let note = fields.count > 5 ? fields[5...].joined(separator: " ") : nil
                blocks[blocks.count - 1].devices.append(Device(
                    name: String(fields[0]), state: String(fields[1]), readErrors: read, writeErrors: write,
                    checksumErrors: checksum, note: note))
            } else if let label {
                let previous = blocks[blocks.count - 1].fields[label] ?? ""
                blocks[blocks.count - 1].fields[label] = previous.isEmpty ? String(trimmed) : previous + "\n" + trimmed
            }
        }
        return blocks
    }
}
