/// One row of `pct list`: an LXC container on the node that ran the command.
public struct Container: Codable, Sendable, Hashable {
    public var vmid: Int
    /// `running` or `stopped` (a frozen container shows `running`).
    public var status: String
    /// The config lock (`backup`, `migrate`, `snapshot`, `mounted`, …), or nil when unlocked.
    public var lock: String?
    /// The config `hostname`, or `CT<vmid>` (no space) when the container has none.
    public var name: String

    public init(vmid: Int, status: String, lock: String?, name: String) {
        self.vmid = vmid
        self.status = status
        self.lock = lock
        self.name = name
    }

    /// Parses the stdout of `pct list`. Empty output (a node without containers prints nothing,
    /// not even the header) gives `[]`.
    ///
    /// pct prints `"%-10s %-10s %-12s %-20s"` and never cuts a value. None of the four values can
    /// contain a space (pct removes all whitespace from the hostname), so the row is read by its
    /// fields rather than by offsets: four fields with a lock, three without — an empty lock is
    /// just 12 spaces:
    /// ```
    /// 200        running                 dns01
    /// 201        running    backup       backup-proxy
    /// ```
    public static func parseList(_ stdout: String) throws(ParseError) -> [Container] {
        let command = "pct list"
        let rows = try stdout.tableRows(command: command, expectedHeader: "VMID Status Lock Name") {
            $0.map { $0.lowercased() } == ["vmid", "status", "lock", "name"]
        }
        var containers: [Container] = []
        for line in rows {
            let fields = line.fields
            guard fields.count == 3 || fields.count == 4 else {
                throw ParseError(command: command, line: line.number, text: String(line.text),
                                 expected: "3 or 4 columns: VMID, Status, an optional Lock, Name")
            }
            guard let vmid = Int(fields[0]), vmid > 0 else {
                throw ParseError(command: command, line: line.number, text: String(line.text),
                                 expected: "a numeric VMID in the first column")
            }
            containers.append(Container(vmid: vmid, status: String(fields[1]),
                                        lock: fields.count == 4 ? String(fields[2]) : nil,
                                        name: String(fields[fields.count - 1])))
        }
        return containers
    }
}
