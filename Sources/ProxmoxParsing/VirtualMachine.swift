/// One row of `qm list` (or `qm list --full`): a QEMU guest on the node that ran the command.
public struct VirtualMachine: Codable, Sendable, Hashable {
    public var vmid: Int
    /// The config `name`, or `VM <vmid>` (with a space) when the VM has none.
    public var name: String
    /// `running` or `stopped` from plain `qm list` (a paused VM shows `running` there);
    /// `--full` can also report QEMU run states such as `paused`.
    public var status: String
    /// Configured memory in MiB.
    public var memoryMB: Int
    /// Size of the first boot disk in GiB; 0.0 when the boot order names no disk.
    public var bootDiskGB: Double
    /// The QEMU process id; nil when the VM is not running (`qm list` prints 0).
    public var pid: Int?

    public init(vmid: Int, name: String, status: String, memoryMB: Int, bootDiskGB: Double, pid: Int?) {
        self.vmid = vmid
        self.name = name
        self.status = status
        self.memoryMB = memoryMB
        self.bootDiskGB = bootDiskGB
        self.pid = pid
    }

    /// Parses the stdout of `qm list` or `qm list --full`. Empty output (a node without VMs
    /// prints nothing, not even the header) gives `[]`.
    ///
    /// qm prints the columns with `printf "%10s %-20s %-10s %-10s %12.2f %-10s"` and never cuts a
    /// value, so a name longer than 20 characters pushes the later columns to the right:
    /// ```
    ///        101 db-primary-postgresql16 running    16384            200.00 1587
    /// ```
    /// Fixed offsets would misread that row. The last four columns never contain spaces, and the
    /// VMID is the first field, so the name is whatever lies between them — which also keeps the
    /// space of an unnamed VM's `VM 102`.
    public static func parseList(_ stdout: String) throws(ParseError) -> [VirtualMachine] {
        let command = "qm list"
        let rows = try stdout.tableRows(command: command, expectedHeader: "VMID NAME STATUS MEM(MB) BOOTDISK(GB) PID") {
            $0.first == "VMID" && $0.contains("NAME") && $0.contains("STATUS")
        }
        return try rows.map { line throws(ParseError) in try parseRow(line, command: command) }
    }

    private static func parseRow(_ line: NumberedLine, command: String) throws(ParseError) -> VirtualMachine {
        func failure(_ expected: String) -> ParseError {
            ParseError(command: command, line: line.number, text: String(line.text), expected: expected)
        }
        let fields = line.fields
        guard fields.count >= 6 else {
            throw failure("6 columns: VMID, NAME, STATUS, MEM(MB), BOOTDISK(GB), PID")
        }
        let tail = fields.suffix(4)
        let status = tail[tail.startIndex], memory = tail[tail.startIndex + 1]
        let disk = tail[tail.startIndex + 2], pid = tail[tail.startIndex + 3]
        guard let vmid = Int(fields[0]), vmid > 0 else { throw failure("a numeric VMID in the first column") }
        guard let memoryMB = Int(memory) else { throw failure("whole MiB in the MEM(MB) column, like `4096`") }
        guard let bootDiskGB = Double(disk) else { throw failure("GiB in the BOOTDISK(GB) column, like `32.00`") }
        guard let pidNumber = Int(pid) else { throw failure("a process id or 0 in the PID column") }
        let name = line.text[fields[0].endIndex..<status.startIndex].strippingPadding()
        return VirtualMachine(vmid: vmid, name: String(name), status: String(status), memoryMB: memoryMB,
                              bootDiskGB: bootDiskGB, pid: pidNumber == 0 ? nil : pidNumber)
    }
}
