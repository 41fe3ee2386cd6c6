import Testing
import ProxmoxParsing

/// `qm list` and `pct list`, fed by the sample cluster's real-format outputs.
@Suite struct ParsingVMListTests {
    private func vms(_ node: String, _ file: String = "qm_list.txt") throws -> [VirtualMachine] {
        try VirtualMachine.parseList(Fixtures.sample(node, file))
    }

    @Test func pve1RowsInVMIDOrder() throws {
        #expect(try vms("pve1").map(\.vmid) == [100, 101, 102, 103])
    }

    @Test func runningVMHasAllColumns() throws {
        let web = try #require(try vms("pve1").first)
        #expect(web == VirtualMachine(vmid: 100, name: "web01", status: "running", memoryMB: 4096,
                                      bootDiskGB: 32.0, pid: 1421))
    }

    /// A 23-character name pushes STATUS and later columns 3 characters right.
    @Test func longNameShiftsLaterColumns() throws {
        let db = try #require(try vms("pve1").first { $0.vmid == 101 })
        #expect(db.name == "db-primary-postgresql16")
        #expect(db.status == "running")
        #expect(db.memoryMB == 16384)
        #expect(db.bootDiskGB == 200.0)
        #expect(db.pid == 1587)
    }

    @Test func unnamedVMKeepsItsSpace() throws {
        let unnamed = try #require(try vms("pve1").first { $0.vmid == 102 })
        #expect(unnamed.name == "VM 102")
        #expect(unnamed.status == "stopped")
        #expect(unnamed.memoryMB == 2048)
        #expect(unnamed.bootDiskGB == 8.0)
    }

    @Test func stoppedVMHasNoPid() throws {
        #expect(try vms("pve1").first { $0.vmid == 102 }?.pid == nil)
    }

    /// Plain `qm list` shows a paused VM as running; `--full` asks QMP and says paused.
    @Test(arguments: [("qm_list.txt", "running"), ("qm_list_full.txt", "paused")])
    func pausedVMStatusDependsOnFull(file: String, status: String) throws {
        let paused = try #require(try vms("pve1", file).first { $0.vmid == 103 })
        #expect(paused.status == status)
        #expect(paused.pid == 2290411)
    }

    @Test func pve2VMIDsOfThreeFourAndSixDigits() throws {
        #expect(try vms("pve2").map(\.vmid) == [104, 1050, 9000, 123456])
    }

    @Test func templateWithTwentySevenCharacterName() throws {
        let template = try #require(try vms("pve2").first { $0.vmid == 9000 })
        #expect(template == VirtualMachine(vmid: 9000, name: "debian13-cloudinit-template", status: "stopped",
                                           memoryMB: 2048, bootDiskGB: 3.0, pid: nil))
    }

    @Test func vmWithoutDiskHasZeroBootDisk() throws {
        let sandbox = try #require(try vms("pve2").first { $0.vmid == 123456 })
        #expect(sandbox.name == "lab-sandbox")
        #expect(sandbox.bootDiskGB == 0.0)
        #expect(sandbox.memoryMB == 1024)
    }

    @Test(arguments: ["qm_list.txt", "qm_list_full.txt"])
    func emptyNodePrintsNothing(file: String) throws {
        #expect(try Fixtures.sample("pve3", file).isEmpty)
        #expect(try vms("pve3", file) == [])
    }

    @Test func rowWithTooFewColumnsNamesItsLine() {
        let output = "      VMID NAME                 STATUS     MEM(MB)    BOOTDISK(GB) PID       \n"
            + "       100 web01                running    4096              32.00 1421      \n"
            + "       101 broken running\n"
        let error = #expect(throws: ParseError.self) { try VirtualMachine.parseList(output) }
        #expect(error?.line == 3)
        #expect(error?.text == "       101 broken running")
        #expect(error?.command == "qm list")
    }

    @Test func nonNumericMemoryIsRejected() {
        let output = "      VMID NAME STATUS MEM(MB) BOOTDISK(GB) PID\n       100 web01 running lots 32.00 0\n"
        #expect(throws: ParseError(command: "qm list", line: 2, text: "       100 web01 running lots 32.00 0",
                                   expected: "whole MiB in the MEM(MB) column, like `4096`")) {
            try VirtualMachine.parseList(output)
        }
    }

    @Test func outputWithoutHeaderIsRejectedAtLineOne() {
        let error = #expect(throws: ParseError.self) {
            try VirtualMachine.parseList("ipcc_send_rec[1] failed: Unknown error -1\n")
        }
        #expect(error?.line == 1)
    }
}

@Suite struct ParsingContainerListTests {
    private func containers(_ node: String) throws -> [Container] {
        try Container.parseList(Fixtures.sample(node, "pct_list.txt"))
    }

    @Test func pve1Containers() throws {
        #expect(try containers("pve1") == [
            Container(vmid: 200, status: "running", lock: nil, name: "dns01"),
            Container(vmid: 201, status: "running", lock: "backup", name: "backup-proxy"),
            Container(vmid: 202, status: "stopped", lock: nil, name: "CT202"),
        ])
    }

    @Test func lockedContainerKeepsItsLock() throws {
        #expect(try containers("pve1").first { $0.vmid == 201 }?.lock == "backup")
    }

    @Test func unnamedContainerIsCTWithoutSpace() throws {
        #expect(try containers("pve1").last?.name == "CT202")
    }

    /// A 31-character hostname overflows the 20-wide column and has no trailing padding.
    @Test func longHostnameIsWhole() throws {
        let long = try #require(try containers("pve2").first { $0.vmid == 301 })
        #expect(long.name == "very-long-container-hostname-01")
        #expect(long.name.count == 31)
        #expect(long.status == "stopped")
        #expect(long.lock == nil)
    }

    @Test func emptyNodePrintsNothing() throws {
        #expect(try containers("pve3") == [])
    }

    @Test func rowWithTooManyColumnsIsRejected() {
        let output = "VMID       Status     Lock         Name                \n200 running backup dns01 extra\n"
        let error = #expect(throws: ParseError.self) { try Container.parseList(output) }
        #expect(error?.line == 2)
        #expect(error?.command == "pct list")
    }

    @Test func nonNumericVMIDIsRejected() {
        let error = #expect(throws: ParseError.self) {
            try Container.parseList("VMID Status Lock Name\nabc running dns01\n")
        }
        #expect(error?.line == 2)
    }
}
