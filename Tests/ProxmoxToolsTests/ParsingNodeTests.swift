import Foundation
import Testing
import ProxmoxParsing
import ProxmoxModel

@Suite struct ParsingNodeStatusTests {
    private func node(_ name: String) throws -> NodeStatus {
        try NodeStatus.parse(json: Fixtures.sample(name, "pvesh_nodes_status.json"))
    }

    @Test func pve1Figures() throws {
        let status = try node("pve1")
        #expect(status.uptime == 1032197)
        #expect(status.loadavg == [0.62, 0.71, 0.69])
        #expect(status.cpu == 0)
        #expect(status.memory == UsageFigures(total: 67192254464, used: 30630498304, free: 33085423616,
                                              available: 36561756160))
        #expect(status.pveversion == "pve-manager/9.1.1/42db4a6cf33dac83")
        #expect(status.kversion?.hasPrefix("Linux 6.17.2-1-pve ") == true)
        #expect(status.currentKernel?.release == "6.17.2-1-pve")
    }

    /// `mhz` arrives as a string and `cpus`/`sockets` as numbers.
    @Test func cpuInfoMixedTypes() throws {
        let cpu = try #require(try node("pve1").cpuinfo)
        #expect(cpu == CPUInfo(model: "Intel(R) Xeon(R) E-2388G CPU @ 3.20GHz", cpus: 16, cores: 8, sockets: 1,
                               mhz: 4389.516))
    }

    /// `rootfs` says `avail` where `memory` says `available`; both land in `available`.
    @Test func rootfsAvailMapsToAvailable() throws {
        let rootfs = try #require(try node("pve1").rootfs)
        #expect(rootfs.available == 81005961216)
        #expect(rootfs.total == 100924641280)
    }

    /// The `local` storage lives on `/`, so pvesm's KiB figures match rootfs in bytes.
    @Test(arguments: ["pve1", "pve2", "pve3"])
    func rootfsMatchesLocalStorage(name: String) throws {
        let rootfs = try #require(try node(name).rootfs)
        let local = try #require(try StorageStatus.parseList(Fixtures.sample(name, "pvesm_status.txt")).first)
        #expect(rootfs.total == local.totalKiB.map { $0 * 1024 })
    }

    @Test func bootModes() throws {
        #expect(try node("pve1").bootInfo == BootInfo(mode: "efi", secureboot: true))
        #expect(try node("pve2").bootInfo == BootInfo(mode: "efi", secureboot: false))
        // Legacy BIOS has no secureboot key at all.
        #expect(try node("pve3").bootInfo == BootInfo(mode: "legacy-bios", secureboot: nil))
    }

    @Test func nodeWithoutSwap() throws {
        #expect(try node("pve2").swap == UsageFigures(total: 0, used: 0, free: 0))
        #expect(try node("pve2").cpuinfo?.model == "AMD EPYC 4344P 8-Core Processor")
    }

    @Test func missingKeysAndStringNumbersAreTolerated() throws {
        let status = try NodeStatus.parse(json: #"{"uptime":"42","memory":{"total":"1024"},"cpuinfo":"odd","extra":1}"#)
        #expect(status.uptime == 42)
        #expect(status.memory?.total == 1024)
        #expect(status.cpuinfo == nil)
        #expect(status.loadavg == nil)
    }

    @Test func encodesWithProxmoxKeys() throws {
        let json = try String(decoding: JSONEncoder().encode(NodeStatus(bootInfo: BootInfo(mode: "efi"))), as: UTF8.self)
        #expect(json == #"{"boot-info":{"mode":"efi"}}"#)
    }

    @Test(arguments: ["", "[]", "No 'get' handler defined for '/nodes/pve1/foo'"])
    func notAnObjectIsRejected(output: String) {
        let error = #expect(throws: ParseError.self) { try NodeStatus.parse(json: output) }
        #expect(error?.command.hasPrefix("pvesh get /nodes/") == true)
    }
}

@Suite struct ParsingPVEVersionTests {
    @Test(arguments: ["pve1", "pve2", "pve3"])
    func versionLine(node: String) throws {
        let version = try PVEVersion.parse(Fixtures.sample(node, "pveversion.txt"))
        #expect(version == PVEVersion(manager: "pve-manager/9.1.1/42db4a6cf33dac83", version: "9.1.1",
                                      repoid: "42db4a6cf33dac83", kernel: "6.17.2-1-pve"))
    }

    @Test func otherOutputIsRejected() {
        let error = #expect(throws: ParseError.self) { try PVEVersion.parse("proxmox-ve: 9.1.0 (running kernel: x)\n") }
        #expect(error?.line == 1)
    }
}

@Suite struct ParsingCommandErrorTests {
    @Test func vmNotOnThisNode() {
        let error = Failure.proxmoxCommand(
            stderr: "Configuration file 'nodes/pve1/qemu-server/999.conf' does not exist\n", exitCode: 2)
        #expect(error.code == .notFound)
        #expect(error.message == "Configuration file 'nodes/pve1/qemu-server/999.conf' does not exist")
        #expect(error.remedy?.contains("VM 999 on node pve1") == true)
    }

    @Test func containerNotFoundPointsAtContainerList() {
        let error = Failure.proxmoxCommand(stderr: "Configuration file 'nodes/pve1/lxc/999.conf' does not exist\n",
                                                  exitCode: 2)
        #expect(error.code == .notFound)
        #expect(error.remedy?.contains("proxmox_list_containers") == true)
    }

    @Test(arguments: [
        ("ipcc_send_rec[1] failed: Unknown error -1\nipcc_send_rec[2] failed: Unknown error -1\n"
            + "ipcc_send_rec[3] failed: Unknown error -1\nUnable to load access control list: Unknown error -1\n",
         Int32(255), "permission_denied"),
        ("please run as root\n", 255, "permission_denied"),
        ("ipcc_send_rec[1] failed: Connection refused\nUnable to load access control list: Connection refused\n",
         111, "cluster_filesystem_unavailable"),
        ("Error: Corosync config '/etc/pve/corosync.conf' does not exist - is this node part of a cluster?\n",
         2, "not_a_cluster"),
        ("Cannot initialize CMAP service\n", 1, "corosync_unavailable"),
        ("cluster not ready - no quorum?\n", 255, "no_quorum"),
        ("VM 100 is locked (backup)\n", 255, "locked"),
        ("400 Parameter verification failed.\nvmid: type check ('integer') failed - got 'abc'\nqm status <vmid> [OPTIONS]\n",
         255, "invalid_argument"),
        ("No 'get' handler defined for '/nodes/pve1/foo'\n", 1, "not_found"),
        ("hostname lookup 'pve9' failed - failed to get address info for: pve9: Name or service not known\n",
         2, "unknown_node"),
        ("bash: line 1: qm: command not found\n", 127, "not_proxmox"),
        ("something nobody has seen before\n", 3, "command_failed"),
    ])
    func recognizedMessages(stderr: String, exitCode: Int32, code: String) {
        #expect(Failure.proxmoxCommand(stderr: stderr, exitCode: exitCode).code.rawValue == code)
    }

    @Test func invalidArgumentDropsUsageLine() {
        let error = Failure.proxmoxCommand(
            stderr: "400 Parameter verification failed.\nvmid: value must have a minimum value of 100\nqm status <vmid> [OPTIONS]\n",
            exitCode: 255)
        #expect(error.message == "400 Parameter verification failed.\nvmid: value must have a minimum value of 100")
    }

    @Test func unknownCommandKeepsFirstLineOnly() {
        let error = Failure.proxmoxCommand(
            stderr: "ERROR: unknown command 'qm foo'\nUSAGE: qm <COMMAND> [ARGS] [OPTIONS]\n\n       qm list\n", exitCode: 255)
        #expect(error.code == .unknownCommand)
        #expect(error.message == "ERROR: unknown command 'qm foo'")
    }

    @Test func fallbackKeepsNodeTextOrSaysItWasSilent() {
        #expect(Failure.proxmoxCommand(stderr: "  disk full\n", exitCode: 1).message == "disk full")
        #expect(Failure.proxmoxCommand(stderr: "", exitCode: 5).message.contains("status 5"))
    }
}
