/// One row of `pvesm status`: a storage from `storage.cfg` as the node that ran the command sees it.
public struct StorageStatus: Codable, Sendable, Hashable {
    /// The storage ID, for example `local-lvm`.
    public var name: String
    /// The plugin type: `dir`, `lvmthin`, `nfs`, `pbs`, `zfspool`, …
    public var type: String
    /// `active`; `inactive` when activation or the connection check failed (pvesm then warns on
    /// stderr); `disabled` when it is switched off or restricted to other nodes.
    public var status: String
    /// Sizes in KiB. nil unless the storage is `active`: pvesm prints `0` placeholders for the
    /// others, and reporting those as real sizes would make a dead NFS share look empty.
    public var totalKiB: Int?
    public var usedKiB: Int?
    public var availableKiB: Int?
    /// Used space in percent (`14.74`); nil when pvesm prints `N/A` or the storage is not active.
    public var usedPercent: Double?

    public init(name: String, type: String, status: String, totalKiB: Int?, usedKiB: Int?,
                availableKiB: Int?, usedPercent: Double?) {
        self.name = name
        self.type = type
        self.status = status
        self.totalKiB = totalKiB
        self.usedKiB = usedKiB
        self.availableKiB = availableKiB
        self.usedPercent = usedPercent
    }

    /// Parses the stdout of `pvesm status`.
    ///
    /// Both header versions are accepted: PVE 9.1 prints `Total (KiB)  Used (KiB) Available (KiB)`,
    /// older releases `Total Used Available`; the rows are the same. Storage IDs, types and
    /// statuses never contain spaces, so each row is exactly seven fields:
    /// ```
    /// local                         dir     active        98559220        14523876        79107384   14.74%
    /// tank                      zfspool   disabled               0               0               0      N/A
    /// ```
    public static func parseList(_ stdout: String) throws(ParseError) -> [StorageStatus] {
        let command = "pvesm status"
        // Unlike qm/pct, pvesm always prints its header, but an empty answer is still "no rows".
        let rows = try stdout.tableRows(command: command, expectedHeader: "Name Type Status Total Used Available %") {
            $0.first == "Name" && $0.contains("Type") && $0.contains("Status")
        }
        return try rows.map { line throws(ParseError) in try parseRow(line, command: command) }
    }

    private static func parseRow(_ line: NumberedLine, command: String) throws(ParseError) -> StorageStatus {
        func failure(_ expected: String) -> ParseError {
            ParseError(command: command, line: line.number, text: String(line.text), expected: expected)
        }
        let fields = line.fields
        guard fields.count == 7 else {
            throw failure("7 columns: Name, Type, Status, Total, Used, Available, %")
        }
        guard let total = Int(fields[3]), let used = Int(fields[4]), let available = Int(fields[5]) else {
            throw failure("whole KiB numbers in the Total, Used and Available columns")
        }
        let percentText = fields[6]
        var percent: Double?
        if percentText != "N/A" {
            guard percentText.hasSuffix("%"), let value = Double(percentText.dropLast()) else {
                throw failure("a percentage like `14.74%` or `N/A` in the last column")
            }
            percent = value
        }
        let status = String(fields[2])
        let measured = status == "active"
        return StorageStatus(name: String(fields[0]), type: String(fields[1]), status: status,
                             totalKiB: measured ? total : nil, usedKiB: measured ? used : nil,
                             availableKiB: measured ? available : nil, usedPercent: measured ? percent : nil)
    }
}
