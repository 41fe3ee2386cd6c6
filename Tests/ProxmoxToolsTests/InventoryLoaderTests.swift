import Testing
import ProxmoxModel

@Suite("Inventory loading: schema, defaults, files")
struct InventoryLoaderTests {
    @Test func threeLineFileGetsEveryDefault() throws {
        let inventory = try TemporaryInventory(["pve.yaml": "pve2:\n  address: 192.168.1.12\n"])
        let host = try #require(try inventory.load().hosts.first)
        #expect(host.alias == "pve2")
        #expect(host.address == "192.168.1.12")
        #expect(host.port == 22)
        #expect(host.user == "root")
        #expect(host.identityFile == nil)
        #expect(host.knownHosts == "/home/tester/.ssh/known_hosts")
        #expect(host.policy == .guarded)
        #expect(host.timeout == .seconds(60))
        #expect(host.maxOutput == 1 << 20)
        #expect(host.tags.isEmpty)
        #expect(!host.isDefault)
        #expect(host.connectTimeout == .seconds(10))
        #expect(host.idleTimeout == .seconds(300))
        #expect(host.maxChannels == 8)
        #expect(host.source == InventoryHost.Source(file: inventory.file("pve.yaml"), line: 1))
    }

    @Test func everyKeyIsRead() throws {
        let inventory = try TemporaryInventory(["lab.yml": """
            # a comment first, so the alias is on line 2
            pve3:
              address: pve3.lab
              port: 2222
              user: admin
              identity_file: ~/.ssh/pve_ed25519
              passphrase_env: PVE_KEY_PASSPHRASE
              known_hosts: ~/.ssh/pve_known_hosts
              host_key: SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s
              policy: read-only
              timeout: 2m
              max_output: 4MiB
              tags: [prod, ceph]
              default: true
              connect_timeout: 2.5
              idle_timeout: 30s
              max_channels: 16
            """])
        let host = try #require(try inventory.load().hosts.first)
        #expect(host == InventoryHost(
            alias: "pve3", address: "pve3.lab", port: 2222, user: "admin",
            identityFile: "/home/tester/.ssh/pve_ed25519", passphraseEnv: "PVE_KEY_PASSPHRASE",
            knownHosts: "/home/tester/.ssh/pve_known_hosts",
            hostKey: "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s",
            policy: .readOnly, timeout: .seconds(120), maxOutput: 4 << 20, tags: ["prod", "ceph"], isDefault: true,
            connectTimeout: .milliseconds(2500), idleTimeout: .seconds(30), maxChannels: 16,
            source: InventoryHost.Source(file: inventory.file("lab.yml"), line: 2)))
    }

    @Test func hostsInheritDefaultsAndOverrideThem() throws {
        let inventory = try TemporaryInventory([
            "10-nodes.yaml": """
                pve1:
                  address: 10.0.0.1
                pve2:
                  address: 10.0.0.2
                  user: admin
                  tags: [lab]
                  policy: unrestricted
                """,
            // `defaults:` in a later file still applies to hosts read earlier.
            "90-defaults.yaml": """
                defaults:
                  user: ops
                  policy: read-only
                  tags: [prod]
                  identity_file: keys/id_ed25519
                  audit_log: ~/audit.log
                """,
        ])
        let loaded = try inventory.load()
        let pve1 = try loaded.host(named: "pve1"), pve2 = try loaded.host(named: "pve2")
        #expect(pve1.user == "ops")
        #expect(pve1.policy == .readOnly)
        #expect(pve1.tags == ["prod"])
        #expect(pve2.user == "admin")
        #expect(pve2.policy == .unrestricted)
        #expect(pve2.tags == ["lab"], "a host's own tags replace the inherited ones")
        // Relative paths are relative to the file that holds them.
        #expect(pve2.identityFile == inventory.path + "/keys/id_ed25519")
        #expect(loaded.auditLog == "/home/tester/audit.log")
    }

    @Test func auditLogOffStaysOff() throws {
        let inventory = try TemporaryInventory(["pve.yaml": "defaults:\n  audit_log: off\npve1:\n  address: a\n"])
        #expect(try inventory.load().auditLog == "off")
    }

    @Test func filesAreReadInNameOrderAndOthersIgnored() throws {
        let inventory = try TemporaryInventory([
            "b.yaml": "pve3:\n  address: 10.0.0.3\npve2:\n  address: 10.0.0.2\n",
            "a.yml": "pve9:\n  address: 10.0.0.9\n",
            "c.yaml.example": "example1:\n  address: 10.0.0.100\n",
            ".hidden.yaml": "hidden1:\n  address: 10.0.0.101\n",
            "README.md": "# not yaml\n",
            "sub.yaml/inner.yaml": "inner1:\n  address: 10.0.0.102\n",
        ])
        #expect(try inventory.load().aliases == ["pve9", "pve3", "pve2"])
    }

    @Test func aSingleFileIsAnInventoryToo() throws {
        let inventory = try TemporaryInventory(["lab.conf": "pve1:\n  address: 10.0.0.1\n"])
        let loaded = try InventoryLoader.load(directory: inventory.file("lab.conf"), origin: "--hosts-dir", environment: TemporaryInventory.environment)
        #expect(loaded.aliases == ["pve1"])
        #expect(loaded.directory == inventory.file("lab.conf"))
        #expect(loaded.directoryOrigin == "--hosts-dir")
    }

    @Test(arguments: [
        ("\"~\"", "/home/tester"),
        ("~/.ssh/id_rsa", "/home/tester/.ssh/id_rsa"),
        ("/etc/ssh/key", "/etc/ssh/key"),
        ("keys/../keys/id", "/INVENTORY/keys/id"),
    ])
    func pathsExpand(written: String, expected: String) throws {
        let inventory = try TemporaryInventory(["pve.yaml": "pve1:\n  address: a\n  identity_file: \(written)\n  known_hosts: \(written)\n"])
        let host = try #require(try inventory.load().hosts.first)
        let want = expected.replacingOccurrences(of: "/INVENTORY", with: inventory.path)
        #expect(host.identityFile == want)
        #expect(host.knownHosts == want)
    }

    @Test func quotedNumbersAndYamlBooleansAreAccepted() throws {
        let inventory = try TemporaryInventory(["pve.yaml": "pve1:\n  address: 10.0.0.1\n  port: \"2222\"\n  default: yes\n  max_output: 1048576\n"])
        let host = try #require(try inventory.load().hosts.first)
        #expect(host.port == 2222)
        #expect(host.isDefault)
        #expect(host.maxOutput == 1_048_576)
    }

    @Test func ipv6AddressIsNotMistakenForHostPort() throws {
        let inventory = try TemporaryInventory(["pve.yaml": "pve1:\n  address: \"fd00::12\"\n"])
        let host = try #require(try inventory.load().hosts.first)
        #expect(host.endpoint == "[fd00::12]:22")
    }
}
