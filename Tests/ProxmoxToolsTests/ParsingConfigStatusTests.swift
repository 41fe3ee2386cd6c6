import Foundation
import Testing
import ProxmoxParsing

@Suite struct ParsingGuestConfigTests {
    private func config(_ node: String, _ file: String) throws -> GuestConfig {
        try GuestConfig.parse(Fixtures.sample(node, file))
    }

    @Test func keysKeepPrintedOrder() throws {
        let keys = try config("pve1", "qm_config_100.txt").entries.map(\.key)
        #expect(keys.first == "agent")
        #expect(keys.last == "vmgenid")
        #expect(keys.count == 20)
        // ASCII sort order from qm: scsi0 < scsihw < smbios1 < sockets.
        #expect(Array(keys.drop { $0 != "scsi0" }.prefix(4)) == ["scsi0", "scsihw", "smbios1", "sockets"])
    }

    @Test func valuesWithColonsAreWhole() throws {
        let vm = try config("pve1", "qm_config_100.txt")
        #expect(vm["net0"] == "virtio=BC:24:11:5E:7A:01,bridge=vmbr0,firewall=1")
        #expect(vm["scsi0"] == "local-lvm:vm-100-disk-0,iothread=1,size=32G")
        #expect(vm["memory"] == "4096")
        #expect(vm["name"] == "web01")
    }

    @Test func vmDescriptionIsDecoded() throws {
        #expect(try config("pve1", "qm_config_100.txt")["description"]
                == "Public web server (nginx)\nManaged by Ansible: do not edit by hand")
    }

    /// Containers keep the description's final newline (`%0A` at the end).
    @Test func containerDescriptionKeepsFinalNewline() throws {
        #expect(try config("pve1", "pct_config_200.txt")["description"] == "Internal DNS resolver (unbound)\n")
    }

    @Test func cloudInitSecretsStayAsPrinted() throws {
        let vm = try config("pve2", "qm_config_104.txt")
        #expect(vm["cipassword"] == "**********")
        #expect(vm["sshkeys"]?.hasPrefix("ssh-ed25519%20AAAA") == true)
        #expect(vm["sshkeys"]?.hasSuffix("%20ops%40lab%0A") == true)
    }

    /// Raw `lxc.*` lines come after the sorted keys and keep colons inside their values.
    @Test func rawLXCKeysFollowSortedKeys() throws {
        let ct = try config("pve2", "pct_config_300.txt")
        #expect(ct.entries.suffix(2) == [
            ConfigEntry(key: "lxc.cgroup2.devices.allow", value: "c 10:200 rwm"),
            ConfigEntry(key: "lxc.mount.entry", value: "/dev/net dev/net none bind,create=dir"),
        ])
        #expect(ct["rootfs"] == "tank:subvol-300-disk-0,size=16G")
    }

    @Test func repeatedRawKeysAreAllKept() throws {
        let ct = try GuestConfig.parse("arch: amd64\nlxc.mount.entry: /a a none bind\nlxc.mount.entry: /b b none bind\n",
                                       command: "pct config")
        #expect(ct.values(for: "lxc.mount.entry") == ["/a a none bind", "/b b none bind"])
        #expect(ct["lxc.mount.entry"] == "/a a none bind")
    }

    @Test func lockedContainerShowsLockAndMountPoint() throws {
        let ct = try config("pve1", "pct_config_201.txt")
        #expect(ct["lock"] == "backup")
        #expect(ct["mp0"] == "local-lvm:vm-201-disk-1,mp=/srv/data,backup=1,size=32G")
    }

    @Test func templateFlag() throws {
        #expect(try config("pve2", "qm_config_9000.txt")["template"] == "1")
    }

    @Test func multiByteEscapesDecodeAsUTF8() throws {
        #expect(try GuestConfig.parse("description: caf%C3%A9 100%25 %ZZ\n")["description"] == "café 100% %ZZ")
    }

    /// Encodes as a plain array of {key, value}: order and repeated keys survive JSON.
    @Test func encodesAsKeyValueArray() throws {
        let json = try JSONEncoder().encode(GuestConfig.parse("memory: 512\nswap: 0\n"))
        let decoded = try JSONSerialization.jsonObject(with: json) as? [String: [[String: String]]]
        #expect(decoded?["entries"] == [["key": "memory", "value": "512"], ["key": "swap", "value": "0"]])
    }

    @Test func lineWithoutSeparatorIsRejected() {
        let error = #expect(throws: ParseError.self) {
            try GuestConfig.parse("memory: 512\n[snap1]\n", command: "qm config 100")
        }
        #expect(error?.line == 2)
        #expect(error?.text == "[snap1]")
        #expect(error?.command == "qm config 100")
    }
}

@Suite struct ParsingVerboseStatusTests {
    private func status(_ node: String, _ file: String) throws -> [String: StatusValue] {
        try StatusValue.parseVerboseStatus(Fixtures.sample(node, file))
    }

    @Test func plainStatusLine() throws {
        #expect(try status("pve1", "qm_status_103.txt") == ["status": .string("paused")])
        #expect(try status("pve1", "pct_status_200.txt") == ["status": .string("running")])
    }

    @Test func runningVMScalars() throws {
        let vm = try status("pve1", "qm_status_100_verbose.txt")
        #expect(vm["qmpstatus"] == .string("running"))
        #expect(vm["pid"] == .string("1421"))
        #expect(vm["maxmem"] == .string("4294967296"))
        #expect(vm["tags"] == .string("prod;web"))
        #expect(vm["running-machine"] == .string("pc-i440fx-10.1+pve0"))
    }

    @Test func nestedHashesByTabs() throws {
        let vm = try status("pve1", "qm_status_100_verbose.txt")
        #expect(vm["ballooninfo"]?["actual"] == .string("4294967296"))
        #expect(vm["nics"] == .object(["tap100i0": .object(["netin": .string("48213387654"),
                                                            "netout": .string("91837465012")])]))
        #expect(vm["blockstat"]?["scsi0"]?["wr_operations"] == .string("5873201"))
        #expect(vm["proxmox-support"]?["pbs-library-version"] == .string("2.0.1 (UNKNOWN)"))
    }

    @Test func emptyArrayAndBooleanAsOne() throws {
        let vm = try status("pve1", "qm_status_100_verbose.txt")
        #expect(vm["blockstat"]?["ide2"]?["timed_stats"] == .array([]))
        #expect(vm["blockstat"]?["ide2"]?["account_failed"] == .string("1"))
    }

    @Test func topLevelKeyCountForRunningVM() throws {
        // 33 top-level (untabbed) lines in the sample; nested lines must not leak to the top.
        let vm = try status("pve1", "qm_status_100_verbose.txt")
        #expect(vm.count == 33)
        #expect(vm["rd_bytes"] == nil)
    }

    @Test func stoppedVMShortForm() throws {
        let vm = try status("pve1", "qm_status_102_verbose.txt")
        #expect(vm.count == 13)
        #expect(vm["name"] == .string("VM 102"))
        #expect(vm["qmpstatus"] == .string("stopped"))
        #expect(vm["pid"] == nil)
    }

    @Test func containerPressureStaysString() throws {
        let ct = try status("pve1", "pct_status_200_verbose.txt")
        #expect(ct["pressurecpusome"] == .string("0.00"))
        #expect(ct["type"] == .string("lxc"))
        #expect(ct["vmid"] == .string("200"))
    }

    @Test func arrayItemsScalarsAndHeaderlessHashes() throws {
        let text = "list:\n\tfirst\n\tsecond\nrecords:\n\t\ta: 1\n\t\tb: 2\n\t\ta: 3\nz: end\n"
        let parsed = try StatusValue.parseVerboseStatus(text)
        #expect(parsed["list"] == .array([.string("first"), .string("second")]))
        #expect(parsed["records"] == .array([.object(["a": .string("1"), "b": .string("2")]),
                                             .object(["a": .string("3")])]))
        #expect(parsed["z"] == .string("end"))
    }

    @Test func encodesAsPlainJSON() throws {
        let value: [String: StatusValue] = ["nics": .object(["tap": .array([.string("1")])])]
        let json = try String(decoding: JSONEncoder().encode(value), as: UTF8.self)
        #expect(json == #"{"nics":{"tap":["1"]}}"#)
        #expect(try JSONDecoder().decode([String: StatusValue].self, from: Data(json.utf8)) == value)
    }

    @Test func overIndentedLineIsRejected() {
        let error = #expect(throws: ParseError.self) {
            try StatusValue.parseVerboseStatus("status: running\n\t\t\tstray: 1\n", command: "qm status 100 --verbose")
        }
        #expect(error?.line == 2)
        #expect(error?.command == "qm status 100 --verbose")
    }

    @Test func repeatedKeyIsRejected() {
        let error = #expect(throws: ParseError.self) {
            try StatusValue.parseVerboseStatus("status: running\nvmid: 100\nstatus: stopped\n")
        }
        #expect(error?.line == 3)
    }

    @Test func emptyOutputIsRejected() {
        #expect(throws: ParseError.self) { try StatusValue.parseVerboseStatus("") }
    }
}
