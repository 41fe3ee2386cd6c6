/// The parsed `pvecm status` report: corosync's view of the cluster from the node that ran it.
///
/// A node that is not in a cluster has no report at all; it is represented by
/// ``standaloneNode`` (`standalone: true`, every cluster field nil, no members).
public struct ClusterStatus: Codable, Sendable, Hashable {
    /// True on a node that is not part of a cluster; all cluster fields are then nil/empty.
    public var standalone: Bool
    /// `Name:` from the totem section of corosync.conf.
    public var clusterName: String?
    public var configVersion: Int?
    /// `knet` (the default) or `udp`/`udpu` on old setups.
    public var transport: String?
    /// `Secure auth: on` → true.
    public var secureAuth: Bool?
    /// The node's local time as corosync prints it (`Tue Dec  2 10:15:42 2025`), verbatim.
    public var date: String?
    public var quorumProvider: String?
    /// `Nodes:`: how many nodes this node currently sees, itself included.
    public var nodeCount: Int?
    /// This node's corosync node id (`Node ID: 0x00000001` → 1).
    public var localNodeId: Int?
    /// `<representative node id hex>.<ring sequence hex>`, verbatim (`1.5e`).
    public var ringId: String?
    /// Whether this node's partition has quorum. A standalone node is always quorate.
    public var quorate: Bool
    public var expectedVotes: Int?
    public var highestExpected: Int?
    public var totalVotes: Int?
    /// Votes needed for quorum.
    public var quorum: Int?
    /// Votequorum flags as printed: `Quorate`, `2Node`, `WaitForAll`, `LastManStanding`,
    /// `AutoTieBreaker`, `AllowDownscale`, `Qdevice`.
    public var flags: [String]
    /// The members this node can see, in corosync's order (by address).
    public var members: [ClusterMember]
    /// The quorum device (corosync-qdevice), when one is registered.
    public var quorumDevice: QuorumDevice?

    public init(standalone: Bool = false, clusterName: String? = nil, configVersion: Int? = nil,
                transport: String? = nil, secureAuth: Bool? = nil, date: String? = nil,
                quorumProvider: String? = nil, nodeCount: Int? = nil, localNodeId: Int? = nil,
                ringId: String? = nil, quorate: Bool, expectedVotes: Int? = nil, highestExpected: Int? = nil,
                totalVotes: Int? = nil, quorum: Int? = nil, flags: [String] = [], members: [ClusterMember] = [],
                quorumDevice: QuorumDevice? = nil) {
        self.standalone = standalone
        self.clusterName = clusterName
        self.configVersion = configVersion
        self.transport = transport
        self.secureAuth = secureAuth
        self.date = date
        self.quorumProvider = quorumProvider
        self.nodeCount = nodeCount
        self.localNodeId = localNodeId
        self.ringId = ringId
        self.quorate = quorate
        self.expectedVotes = expectedVotes
        self.highestExpected = highestExpected
        self.totalVotes = totalVotes
        self.quorum = quorum
        self.flags = flags
        self.members = members
        self.quorumDevice = quorumDevice
    }

    /// A node that is not in a cluster. It counts as quorate: it decides alone.
    public static let standaloneNode = ClusterStatus(standalone: true, quorate: true)

    /// The stderr line `pvecm status` prints on a node without corosync.conf (errors.md case 9):
    /// `Error: Corosync config '/etc/pve/corosync.conf' does not exist - is this node part of a cluster?`
    static func isStandaloneMessage(_ stderr: String) -> Bool {
        stderr.contains("is this node part of a cluster") || stderr.contains("corosync.conf' does not exist")
    }

    /// Parses a `pvecm status` run.
    ///
    /// - Exit 0: quorate; exit 2: **not quorate, but stdout is complete** — both parse.
    /// - Empty stdout with the "is this node part of a cluster?" message → ``standaloneNode``.
    /// - Anything else (for example exit 1 with only the first block when corosync is down) throws;
    ///   map such runs with ``Failure/proxmoxCommand(stderr:exitCode:)`` instead.
    ///
    /// `exitCode` nil means "unknown" (for example a fixture) and is treated like 0 or 2.
    public static func parse(stdout: String, stderr: String, exitCode: Int32?) throws(ParseError) -> ClusterStatus {
        let command = "pvecm status"
        if stdout.isBlankOutput && isStandaloneMessage(stderr) {
            return .standaloneNode
        }
        if let exitCode, exitCode != 0, exitCode != 2 {
            let reason = stderr.strippingPadding()
            throw ParseError(command: command, text: reason.isEmpty ? nil : String(reason),
                             expected: "exit status 0 (quorate) or 2 (not quorate) with a full report, not \(exitCode)")
        }
        guard !stdout.isBlankOutput else {
            throw ParseError(command: command, expected: "the cluster report on stdout, but stdout was empty")
        }
        return try ClusterReportParser(command: command).parse(stdout.numberedLines)
    }
}

/// One row of pvecm's membership table.
public struct ClusterMember: Codable, Sendable, Hashable {
    public var nodeId: Int
    public var votes: Int
    /// The Name column as printed. `pvecm status` runs `corosync-quorumtool -i`, so this is the
    /// node's ring address, not its host name; match it with the inventory by address.
    public var name: String
    /// `name` when it is an IPv4/IPv6 address (always, for `pvecm status`), else nil.
    public var address: String?
    /// The row marked ` (local)`: the node that ran the command.
    public var isLocal: Bool
    /// Quorum-device state of this member (`A,V,NMW`, `NR`), only when a qdevice is registered.
    public var qdevice: String?

    public init(nodeId: Int, votes: Int, name: String, address: String?, isLocal: Bool, qdevice: String? = nil) {
        self.nodeId = nodeId
        self.votes = votes
        self.name = name
        self.address = address
        self.isLocal = isLocal
        self.qdevice = qdevice
    }
}

/// The quorum device row (`0x00000000`) at the end of the membership table.
public struct QuorumDevice: Codable, Sendable, Hashable {
    /// Votes the device casts for this node (corosync shows 0 when it casts none here).
    public var votes: Int
    public var name: String

    public init(votes: Int, name: String) {
        self.votes = votes
        self.name = name
    }
}
