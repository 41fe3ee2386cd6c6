import Foundation
import Testing
import ProxmoxParsing

@Suite struct ParsingStorageStatusTests {
    private func storages(_ node: String) throws -> [StorageStatus] {
        try StorageStatus.parseList(Fixtures.sample(node, "pvesm_status.txt"))
    }

    @Test(arguments: ["pve1", "pve2", "pve3"])
    func everyNodeListsEveryStorageSorted(node: String) throws {
        #expect(try storages(node).map(\.name) == ["local", "local-lvm", "nas-backup", "pbs-offsite-datastore", "tank"])
    }

    @Test func activeStorageHasSizes() throws {
        let local = try #require(try storages("pve1").first)
        #expect(local == StorageStatus(name: "local", type: "dir", status: "active", totalKiB: 98559220,
                                       usedKiB: 14523876, availableKiB: 79107384, usedPercent: 14.74))
    }

    /// The 21-character ID sets the Name column width; its row must still read right.
    @Test func widestNameSetsColumn() throws {
        let pbs = try #require(try storages("pve1").first { $0.name == "pbs-offsite-datastore" })
        #expect(pbs.type == "pbs")
        #expect(pbs.totalKiB == 3866624000)
        #expect(pbs.usedPercent == 38.52)
    }

    /// `tank` is restricted to pve2, so pve1 shows it as disabled with N/A.
    @Test func disabledStorageHasNoFigures() throws {
        let tank = try #require(try storages("pve1").last)
        #expect(tank == StorageStatus(name: "tank", type: "zfspool", status: "disabled", totalKiB: nil,
                                      usedKiB: nil, availableKiB: nil, usedPercent: nil))
    }

    @Test func zfsPoolActiveOnPve2() throws {
        let tank = try #require(try storages("pve2").last)
        #expect(tank.status == "active")
        #expect(tank.usedKiB == 91226112)
        #expect(tank.usedPercent == 4.87)
    }

    /// pve3 cannot reach the NFS server: `inactive` with 0 / 0 / 0 and `0.00%` placeholders.
    @Test func inactiveStorageHasNoFigures() throws {
        let nas = try #require(try storages("pve3").first { $0.name == "nas-backup" })
        #expect(nas.status == "inactive")
        #expect(nas.totalKiB == nil && nas.usedPercent == nil)
    }

    @Test func emptyThinPoolIsZeroPercentNotNil() throws {
        let lvm = try #require(try storages("pve3").first { $0.name == "local-lvm" })
        #expect(lvm.usedKiB == 0)
        #expect(lvm.usedPercent == 0.0)
    }

    /// PVE 8 and 9.0 print `Total Used Available` without `(KiB)`; the rows are identical.
    @Test func olderHeaderWithoutKiB() throws {
        let current = try Fixtures.sample("pve1", "pvesm_status.txt")
        var lines = current.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[0] = "Name                         Type     Status           Total            Used       Available        %"
        #expect(try StorageStatus.parseList(lines.joined(separator: "\n")) == StorageStatus.parseList(current))
    }

    @Test func badPercentIsRejectedWithLine() {
        let output = "Name Type Status Total Used Available %\nlocal dir active 1 1 0 full\n"
        let error = #expect(throws: ParseError.self) { try StorageStatus.parseList(output) }
        #expect(error?.line == 2)
        #expect(error?.command == "pvesm status")
    }
}

@Suite struct ParsingClusterStatusTests {
    private func status(_ node: String, _ file: String = "pvecm_status.txt", exitCode: Int32? = 0) throws -> ClusterStatus {
        try ClusterStatus.parse(stdout: Fixtures.sample(node, file), stderr: "", exitCode: exitCode)
    }

    @Test func quorateClusterHeader() throws {
        let cluster = try status("pve1")
        #expect(cluster.standalone == false)
        #expect(cluster.clusterName == "lab")
        #expect(cluster.configVersion == 3)
        #expect(cluster.transport == "knet")
        #expect(cluster.secureAuth == true)
        #expect(cluster.date == "Tue Dec  2 10:15:42 2025")
        #expect(cluster.ringId == "1.5e")
    }

    @Test func quorateVotes() throws {
        let cluster = try status("pve1")
        #expect(cluster.quorate)
        #expect(cluster.nodeCount == 3)
        #expect(cluster.expectedVotes == 3)
        #expect(cluster.highestExpected == 3)
        #expect(cluster.totalVotes == 3)
        #expect(cluster.quorum == 2)
        #expect(cluster.flags == ["Quorate"])
    }

    @Test func membersWithAddresses() throws {
        #expect(try status("pve1").members == [
            ClusterMember(nodeId: 1, votes: 1, name: "192.168.10.11", address: "192.168.10.11", isLocal: true),
            ClusterMember(nodeId: 2, votes: 1, name: "192.168.10.12", address: "192.168.10.12", isLocal: false),
            ClusterMember(nodeId: 3, votes: 1, name: "192.168.10.13", address: "192.168.10.13", isLocal: false),
        ])
    }

    /// The `(local)` marker and `Node ID:` follow the node that ran the command.
    @Test(arguments: [("pve1", 1), ("pve2", 2), ("pve3", 3)])
    func localMarkerFollowsNode(node: String, nodeId: Int) throws {
        let cluster = try status(node)
        #expect(cluster.localNodeId == nodeId)
        #expect(cluster.members.filter(\.isLocal).map(\.nodeId) == [nodeId])
    }

    /// Exit 2 means "not quorate", and stdout is still the complete report.
    @Test func notQuorateExitTwoParses() throws {
        let cluster = try status("scenarios", "pvecm_status_pve3_not_quorate.txt", exitCode: 2)
        #expect(cluster.quorate == false)
        #expect(cluster.flags == [])
        #expect(cluster.quorum == 2)
        #expect(cluster.totalVotes == 1)
        #expect(cluster.nodeCount == 1)
        #expect(cluster.ringId == "3.62")
        #expect(cluster.members.map(\.nodeId) == [3])
    }

    @Test func standaloneNodeSaysSo() throws {
        let stderr = "Error: Corosync config '/etc/pve/corosync.conf' does not exist - is this node part of a cluster?\n"
        let cluster = try ClusterStatus.parse(stdout: Fixtures.sample("standalone", "pvecm_status.txt"),
                                              stderr: stderr, exitCode: 2)
        #expect(cluster == ClusterStatus.standaloneNode)
        #expect(cluster.standalone && cluster.members.isEmpty && cluster.clusterName == nil)
    }

    /// errors.md 11: corosync down → only pvecm's own block, exit 1. Not a report to trust.
    @Test func corosyncDownIsAnError() {
        let stdout = "Cluster information\n-------------------\nName:             lab\nConfig Version:   3\n"
            + "Transport:        knet\nSecure auth:      on\n\n"
        let error = #expect(throws: ParseError.self) {
            try ClusterStatus.parse(stdout: stdout, stderr: "Cannot initialize CMAP service\n", exitCode: 1)
        }
        #expect(error?.text == "Cannot initialize CMAP service")
    }

    @Test func missingQuorateLineIsAnError() {
        let stdout = "Cluster information\n-------------------\nName:             lab\n"
        #expect(throws: ParseError.self) { try ClusterStatus.parse(stdout: stdout, stderr: "", exitCode: 0) }
    }

    @Test func badMemberRowNamesItsLine() throws {
        var lines = try Fixtures.sample("pve1", "pvecm_status.txt").split(separator: "\n").map(String.init)
        lines[lines.count - 1] = "0xZZ          1 192.168.10.13"
        let error = #expect(throws: ParseError.self) {
            try ClusterStatus.parse(stdout: lines.joined(separator: "\n") + "\n", stderr: "", exitCode: 0)
        }
        #expect(error?.line == lines.count)
        #expect(error?.text == "0xZZ          1 192.168.10.13")
    }

    /// With a registered quorum device corosync adds a Qdevice column and a node-id-0 row.
    @Test func quorumDeviceColumn() throws {
        var report = try Fixtures.sample("pve1", "pvecm_status.txt")
        report = report.replacingOccurrences(of: "    Nodeid      Votes Name\n", with: "    Nodeid      Votes    Qdevice Name\n")
            .replacingOccurrences(of: "          1 192.168.", with: "          1    A,V,NMW 192.168.")
        report += "0x00000000          1            Qdevice\n"
        let cluster = try ClusterStatus.parse(stdout: report, stderr: "", exitCode: 0)
        #expect(cluster.members.map(\.qdevice) == ["A,V,NMW", "A,V,NMW", "A,V,NMW"])
        #expect(cluster.members.map(\.name) == ["192.168.10.11", "192.168.10.12", "192.168.10.13"])
        #expect(cluster.members.first?.isLocal == true)
        #expect(cluster.quorumDevice == QuorumDevice(votes: 1, name: "Qdevice"))
    }
}
