/// Reads the text of a complete `pvecm status` report into a ``ClusterStatus``.
///
/// The report is pvecm's own `Cluster information` block followed by the output of
/// `corosync-quorumtool -siH`: labelled lines (`Quorate:          Yes`) and then a membership
/// table. Labels are matched by name, not by line position, so a missing optional line (older
/// corosync prints no `Quorum provider:` in some modes) does not shift anything.
struct ClusterReportParser {
    let command: String

    func parse(_ lines: [NumberedLine]) throws(ParseError) -> ClusterStatus {
        var status = ClusterStatus(quorate: false)
        var quorateSeen = false
        var inMembership = false
        var qdeviceColumn = false

        for line in lines where !line.isBlank {
            let trimmed = line.text.strippingPadding()
            if trimmed == "Membership information" { inMembership = true; continue }
            if trimmed.allSatisfy({ $0 == "-" }) { continue }
            if inMembership {
                if trimmed.hasPrefix("Nodeid") {
                    qdeviceColumn = trimmed.split(separator: " ").contains("Qdevice")
                    continue
                }
                try readMember(line, qdeviceColumn: qdeviceColumn, into: &status)
                continue
            }
            guard let (label, value) = splitLabeledLine(line.text) else { continue }   // section titles
            switch label {
            case "Name": status.clusterName = String(value)
            case "Config Version": status.configVersion = try integer(value, line, "a number after `Config Version:`")
            case "Transport": status.transport = String(value)
            case "Secure auth": status.secureAuth = value == "on"
            case "Date": status.date = String(value)
            case "Quorum provider": status.quorumProvider = String(value)
            case "Nodes": status.nodeCount = try integer(value, line, "a number after `Nodes:`")
            case "Node ID": status.localNodeId = try nodeId(value, line)
            case "Ring ID": status.ringId = String(value)
            case "Quorate":
                guard value == "Yes" || value == "No" else {
                    throw failure(line, "`Yes` or `No` after `Quorate:`")
                }
                status.quorate = value == "Yes"
                quorateSeen = true
            case "Expected votes": status.expectedVotes = try integer(value, line, "a number after `Expected votes:`")
            case "Highest expected": status.highestExpected = try integer(value, line, "a number after `Highest expected:`")
            case "Total votes": status.totalVotes = try integer(value, line, "a number after `Total votes:`")
            // `Quorum:           2  ` when quorate, `Quorum:           2 Activity blocked` when not.
            case "Quorum": status.quorum = try integer(value.split(separator: " ").first ?? "", line,
                                                        "a number after `Quorum:`")
            case "Flags": status.flags = value.split(separator: " ").map(String.init)
            default: continue   // labels added by a newer corosync are not an error
            }
        }
        guard quorateSeen else {
            throw ParseError(command: command,
                             expected: "a `Quorate:` line from corosync-quorumtool (is corosync running?)")
        }
        return status
    }

    /// `0x00000001          1 192.168.10.11 (local)`, with a `A,V,NMW` column before the name
    /// when a quorum device is registered, and the device itself as node id 0:
    /// `0x00000000          1           Qdevice`.
    private func readMember(_ line: NumberedLine, qdeviceColumn: Bool, into status: inout ClusterStatus) throws(ParseError) {
        var fields = line.fields
        guard fields.count >= 3 else {
            throw failure(line, "a member row: node id, votes and name")
        }
        let id = try nodeId(fields[0], line)
        let votes = try integer(fields[1], line, "the number of votes in the second column")
        if id == 0 {
            // corosync adds "(votes N)" when the device casts no vote for this node.
            status.quorumDevice = QuorumDevice(votes: votes, name: String(fields[2]))
            return
        }
        let isLocal = fields.last == "(local)"
        if isLocal { fields.removeLast() }
        var qdevice: String?
        if qdeviceColumn, fields.count >= 4 {
            qdevice = String(fields[2])
        }
        guard let name = fields.last, fields.count >= 3 else {
            throw failure(line, "a member name or address after the votes")
        }
        let address = name.allSatisfy({ $0.isHexDigit || $0 == "." || $0 == ":" }) && name.contains(where: { $0 == "." || $0 == ":" })
        status.members.append(ClusterMember(nodeId: id, votes: votes, name: String(name),
                                            address: address ? String(name) : nil, isLocal: isLocal, qdevice: qdevice))
    }

    /// Node ids are hex (`0x00000001`) because pvecm passes `-H`; decimal is accepted too.
    private func nodeId(_ text: Substring, _ line: NumberedLine) throws(ParseError) -> Int {
        let value = text.hasPrefix("0x") ? Int(text.dropFirst(2), radix: 16) : Int(text)
        guard let value else { throw failure(line, "a node id like `0x00000001`") }
        return value
    }

    private func integer(_ text: Substring, _ line: NumberedLine, _ expected: String) throws(ParseError) -> Int {
        guard let value = Int(text) else { throw failure(line, expected) }
        return value
    }

    private func failure(_ line: NumberedLine, _ expected: String) -> ParseError {
        ParseError(command: command, line: line.number, text: String(line.text), expected: expected)
    }
}
