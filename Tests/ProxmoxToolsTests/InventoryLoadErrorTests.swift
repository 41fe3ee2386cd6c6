import Foundation
import Testing
import ProxmoxModel

/// One broken inventory and where and how the loader must complain about it.
struct BrokenInventory: Sendable, CustomTestStringConvertible {
    var name: String
    var files: [String: String]
    var file: String
    var line: Int
    var kind: InventoryLoadError.Kind
    /// Must appear in the message or the hint.
    var says: [String]

    var testDescription: String { name }
}

@Suite("Inventory load errors name file:line, the problem and the fix")
struct InventoryLoadErrorTests {
    static let cases: [BrokenInventory] = [
        .init(name: "malformed YAML (bad indentation)",
              files: ["pve.yaml": "pve1:\n  address: 10.0.0.1\n  user: root\n port: 22\n"],
              file: "pve.yaml", line: 4, kind: .malformedYAML, says: ["malformed YAML", "indentation"]),
        .init(name: "malformed YAML (unclosed flow list)",
              files: ["pve.yaml": "pve1:\n  address: 10.0.0.1\n  tags: [prod, lab\n"],
              file: "pve.yaml", line: 4, kind: .malformedYAML, says: ["malformed YAML"]),
        .init(name: "top level is a list",
              files: ["pve.yaml": "- pve1\n- pve2\n"],
              file: "pve.yaml", line: 1, kind: .notAMapping, says: ["top level", "address: 192.168.1.11"]),
        .init(name: "host is a bare address",
              files: ["pve.yaml": "pve1:\n  address: 10.0.0.1\npve2: 10.0.0.2\n"],
              file: "pve.yaml", line: 3, kind: .notAMapping, says: ["'pve2'", "'10.0.0.2'", "address:"]),
        .init(name: "misspelt key gets a suggestion",
              files: ["pve.yaml": "pve1:\n  adress: 10.0.0.1\n"],
              file: "pve.yaml", line: 2, kind: .unknownKey, says: ["unknown key 'adress'", "Did you mean 'address'?"]),
        .init(name: "dashed key gets the underscore spelling",
              files: ["pve.yaml": "pve1:\n  address: 10.0.0.1\n  identity-file: ~/.ssh/pve\n"],
              file: "pve.yaml", line: 3, kind: .unknownKey, says: ["Did you mean 'identity_file'?"]),
        .init(name: "unrelated key lists the valid keys",
              files: ["pve.yaml": "pve1:\n  address: 10.0.0.1\n  colour: blue\n"],
              file: "pve.yaml", line: 3, kind: .unknownKey, says: ["unknown key 'colour'", "Valid keys here: address, port"]),
        .init(name: "port is not a number",
              files: ["pve.yaml": "pve1:\n  address: 10.0.0.1\n  port: abc\n"],
              file: "pve.yaml", line: 3, kind: .invalidValue, says: ["port must be an integer 1–65535", "'abc'"]),
        .init(name: "port out of range",
              files: ["pve.yaml": "pve1:\n  address: 10.0.0.1\n  port: 70000\n"],
              file: "pve.yaml", line: 3, kind: .invalidValue, says: ["port must be an integer 1–65535"]),
        .init(name: "timeout is not a duration",
              files: ["pve.yaml": "pve1:\n  address: 10.0.0.1\n\n  timeout: soon\n"],
              file: "pve.yaml", line: 4, kind: .invalidValue, says: ["timeout must be a positive number of seconds", "2m"]),
        .init(name: "negative timeout",
              files: ["pve.yaml": "pve1:\n  address: 10.0.0.1\n  timeout: -5\n"],
              file: "pve.yaml", line: 3, kind: .invalidValue, says: ["timeout must be a positive"]),
        .init(name: "max_output is not a size",
              files: ["pve.yaml": "pve1:\n  address: 10.0.0.1\n  max_output: lots\n"],
              file: "pve.yaml", line: 3, kind: .invalidValue, says: ["max_output must be a positive number of bytes", "4MiB"]),
        .init(name: "max_channels above 64",
              files: ["pve.yaml": "pve1:\n  address: 10.0.0.1\n  max_channels: 65\n"],
              file: "pve.yaml", line: 3, kind: .invalidValue, says: ["max_channels must be an integer 1–64"]),
        .init(name: "host_key is not a SHA256 fingerprint",
              files: ["pve.yaml": "pve1:\n  address: 10.0.0.1\n  host_key: MD5:16:27:ac:a5\n"],
              file: "pve.yaml", line: 3, kind: .invalidValue, says: ["host_key must be a SHA256 fingerprint", "ssh-keyscan"]),
        .init(name: "tags is a single word",
              files: ["pve.yaml": "pve1:\n  address: 10.0.0.1\n  tags: prod\n"],
              file: "pve.yaml", line: 3, kind: .invalidValue, says: ["tags must be a list of tags", "[prod, ceph]"]),
        .init(name: "a tag with a space, on its own line",
              files: ["pve.yaml": "pve1:\n  address: 10.0.0.1\n  tags:\n    - prod\n    - big lab\n"],
              file: "pve.yaml", line: 5, kind: .invalidValue, says: ["'big lab'", "simple names"]),
        .init(name: "default is not a boolean",
              files: ["pve.yaml": "pve1:\n  address: 10.0.0.1\n  default: maybe\n"],
              file: "pve.yaml", line: 3, kind: .invalidValue, says: ["default must be true or false"]),
        .init(name: "address with user@",
              files: ["pve.yaml": "pve1:\n  address: root@10.0.0.1\n"],
              file: "pve.yaml", line: 2, kind: .invalidValue, says: ["must not contain a user", "user: root"]),
        .init(name: "address with :port",
              files: ["pve.yaml": "pve1:\n  address: 10.0.0.1:2222\n"],
              file: "pve.yaml", line: 2, kind: .invalidValue, says: ["must not contain a port", "port: 2222"]),
        .init(name: "passphrase_env holds a value, not a name",
              files: ["pve.yaml": "pve1:\n  address: 10.0.0.1\n  passphrase_env: correct horse\n"],
              file: "pve.yaml", line: 3, kind: .invalidValue, says: ["name of an environment variable"]),
        .init(name: "missing address",
              files: ["pve.yaml": "pve1:\n  address: 10.0.0.1\npve2:\n  user: admin\n"],
              file: "pve.yaml", line: 3, kind: .missingAddress, says: ["host 'pve2' has no address", "address: 192.168.1.12"]),
        .init(name: "alias with nothing under it",
              files: ["pve.yaml": "pve1:\n"],
              file: "pve.yaml", line: 1, kind: .missingAddress, says: ["host 'pve1' has no settings"]),
        .init(name: "duplicate alias in one file",
              files: ["pve.yaml": "pve1:\n  address: 10.0.0.1\npve1:\n  address: 10.0.0.2\n"],
              file: "pve.yaml", line: 3, kind: .duplicateAlias, says: ["alias 'pve1' appears twice", "lines 1 and 3"]),
        .init(name: "duplicate alias across files names both",
              files: ["a.yaml": "pve1:\n  address: 10.0.0.1\n", "b.yaml": "# lab\npve2:\n  address: 10.0.0.2\npve1:\n  address: 10.0.0.3\n"],
              file: "b.yaml", line: 4, kind: .duplicateAlias, says: ["host 'pve1' is defined twice", "a.yaml:1"]),
        .init(name: "duplicate key in one host",
              files: ["pve.yaml": "pve1:\n  address: 10.0.0.1\n  port: 22\n  port: 23\n"],
              file: "pve.yaml", line: 4, kind: .duplicateKey, says: ["key 'port' appears twice", "lines 3 and 4"]),
        .init(name: "two default hosts name both",
              files: ["a.yaml": "pve1:\n  address: 10.0.0.1\n  default: true\n", "b.yaml": "pve2:\n  address: 10.0.0.2\n  tags: [lab]\n  default: yes\n"],
              file: "b.yaml", line: 4, kind: .duplicateDefault, says: ["'pve1'", "a.yaml:3", "'pve2'", "both say default: true"]),
        .init(name: "bad policy lists the three",
              files: ["pve.yaml": "pve1:\n  address: 10.0.0.1\n  policy: readonly\n"],
              file: "pve.yaml", line: 3, kind: .badPolicy, says: ["read-only, guarded, unrestricted", "Did you mean 'read-only'?"]),
        .init(name: "alias with a space",
              files: ["pve.yaml": "pve1:\n  address: 10.0.0.1\npve 2:\n  address: 10.0.0.2\n"],
              file: "pve.yaml", line: 3, kind: .badAlias, says: ["'pve 2' is not a valid node alias", "letters, digits"]),
        .init(name: "alias with a slash",
              files: ["pve.yaml": "lab/pve1:\n  address: 10.0.0.1\n"],
              file: "pve.yaml", line: 1, kind: .badAlias, says: ["'lab/pve1'"]),
        .init(name: "defaults in two files",
              files: ["00-defaults.yaml": "defaults:\n  user: root\n", "pve.yaml": "pve1:\n  address: 10.0.0.1\ndefaults:\n  user: admin\n"],
              file: "pve.yaml", line: 3, kind: .duplicateDefaults, says: ["defaults is given a second time", "00-defaults.yaml:1"]),
        .init(name: "defaults twice in one file",
              files: ["pve.yaml": "defaults:\n  user: root\npve1:\n  address: 10.0.0.1\ndefaults:\n  port: 2222\n"],
              file: "pve.yaml", line: 5, kind: .duplicateDefaults, says: ["defaults appears twice"]),
        .init(name: "a passphrase in the file",
              files: ["pve.yaml": "pve1:\n  address: 10.0.0.1\n  passphrase: hunter2\n"],
              file: "pve.yaml", line: 3, kind: .secretInFile, says: ["secrets do not belong", "passphrase_env: PVE_KEY_PASSPHRASE"]),
        .init(name: "address under defaults",
              files: ["pve.yaml": "defaults:\n  address: 10.0.0.1\n"],
              file: "pve.yaml", line: 2, kind: .unknownKey, says: ["address cannot be set under defaults"]),
        .init(name: "audit_log on a host",
              files: ["pve.yaml": "pve1:\n  address: 10.0.0.1\n  audit_log: off\n"],
              file: "pve.yaml", line: 3, kind: .unknownKey, says: ["audit_log is not a per-host setting", "defaults:"]),
        .init(name: "unknown key under defaults",
              files: ["pve.yaml": "defaults:\n  polcy: guarded\npve1:\n  address: 10.0.0.1\n"],
              file: "pve.yaml", line: 2, kind: .unknownKey, says: ["unknown key 'polcy' in defaults", "Did you mean 'policy'?"]),
    ]

    @Test(arguments: cases)
    func reportsFileLineAndFix(_ broken: BrokenInventory) throws {
        let inventory = try TemporaryInventory(broken.files)
        let error = try #require(inventory.loadError())
        #expect(error.kind == broken.kind)
        #expect(error.location == "\(inventory.file(broken.file)):\(broken.line)", "\(error)")
        for phrase in broken.says {
            #expect(error.description.contains(phrase), "missing '\(phrase)' in:\n\(error)")
        }
        #expect(error.description.hasPrefix("\(inventory.file(broken.file)):\(broken.line): "))
    }

    @Test func emptyDirectoryShowsTheMinimalExample() throws {
        let inventory = try TemporaryInventory()
        let error = try #require(inventory.loadError())
        #expect(error.kind == .noHosts)
        #expect(error.file == inventory.path)
        #expect(error.line == nil)
        #expect(error.hint.contains(Inventory.minimalExample))
    }

    @Test func onlyExamplesAndCommentsMeansNoHostsAndSaysWhatWasIgnored() throws {
        let inventory = try TemporaryInventory([
            "pve.yaml.example": "pve1:\n  address: 10.0.0.1\n",
            "notes.txt": "hello",
            "empty.yaml": "# nothing yet\n",
        ])
        let error = try #require(inventory.loadError())
        #expect(error.kind == .noHosts)
        #expect(error.hint.contains("no host defined in: empty.yaml"))
        #expect(error.hint.contains("Ignored (only *.yaml and *.yml are read): notes.txt, pve.yaml.example"))
    }

    @Test func missingInventoryListsEveryCandidate() throws {
        let empty = try TemporaryInventory()
        let environment = ["HOME": empty.path + "/home", "XDG_CONFIG_HOME": empty.path + "/xdg"]
        #expect(throws: InventoryLoadError.self) {
            try InventoryLoader.load(explicit: nil, environment: environment, currentDirectory: empty.path)
        }
        do {
            _ = try InventoryLoader.load(explicit: nil, environment: environment, currentDirectory: empty.path)
        } catch {
            #expect(error.kind == .missingInventory)
            for path in [empty.path + "/hosts.d", empty.path + "/xdg/proxmox-tools/hosts.d", "/etc/proxmox-tools/hosts.d"] {
                #expect(error.hint.contains(path), "\(error)")
            }
            #expect(error.hint.contains(Inventory.minimalExample))
        }
    }

    @Test func emptyLocatedDirectoryAlsoListsTheSearchedPaths() throws {
        let root = try TemporaryInventory()
        try root.write("hosts.d/README.md", "docs only")
        do {
            _ = try InventoryLoader.load(explicit: nil, environment: ["HOME": root.path], currentDirectory: root.path)
            Issue.record("an inventory without hosts must not load")
        } catch {
            #expect(error.kind == .noHosts)
            #expect(error.file == root.path + "/hosts.d")
            #expect(!error.hint.contains("Not found before it"), "./hosts.d is the first implicit candidate")
        }
        // With ./hosts.d absent and ~/.config/proxmox-tools/hosts.d empty, the skipped ./hosts.d is named.
        try FileManager.default.removeItem(atPath: root.path + "/hosts.d")
        try root.write("home/.config/proxmox-tools/hosts.d/.keep", "")
        do {
            _ = try InventoryLoader.load(explicit: nil, environment: ["HOME": root.path + "/home"], currentDirectory: root.path)
            Issue.record("an inventory without hosts must not load")
        } catch {
            #expect(error.file == root.path + "/home/.config/proxmox-tools/hosts.d")
            #expect(error.hint.contains("Not found before it:\n  \(root.path)/hosts.d  (current directory)"), "\(error)")
        }
    }

    @Test func explicitDirectoryThatDoesNotExistIsAnErrorNotAFallthrough() throws {
        let root = try TemporaryInventory(["hosts.d/pve.yaml": "pve1:\n  address: 10.0.0.1\n"])
        do {
            _ = try InventoryLoader.load(explicit: "nope.d", environment: ["HOME": root.path], currentDirectory: root.path)
            Issue.record("a mistyped --hosts-dir must not fall through to ./hosts.d")
        } catch {
            #expect(error.kind == .missingDirectory)
            #expect(error.file == root.path + "/nope.d")
            #expect(error.message.contains("--hosts-dir"))
        }
    }
}
