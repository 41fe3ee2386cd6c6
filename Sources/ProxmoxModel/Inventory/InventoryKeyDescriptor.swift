/// Everything about one hosts.d key in one place: where it may be written, how its value is read
/// into `HostSettings` (and inherited from `defaults:`), how hosts.d/README.md documents it and
/// which field of `proxmox-tools hosts --json` shows it. The parser, `HostSettings.inheriting`,
/// the README key table (checked by `InventoryKeyTableTests`) and the listing's drift test all
/// read this table; adding a key is one `case` in `InventoryKey`, its descriptor below, the field
/// on `HostSettings`, and wherever the value is used.
struct InventoryKeyDescriptor: Sendable {
    /// Where a key may be written.
    enum Sections: Sendable, Equatable {
        /// In a host's mapping and under `defaults:`.
        case hostAndDefaults
        /// Only in a host's mapping; `whyNotUnderDefaults` is the hint when it is found under `defaults:`.
        case hostOnly(whyNotUnderDefaults: String)
        /// Only under `defaults:`; it applies to the whole inventory.
        case defaultsOnly
    }

    /// How hosts.d/README.md's key table describes a key ("| `key` | default | value |").
    struct Documentation: Sendable, Equatable {
        var defaultValue: String
        var value: String
    }

    let key: InventoryKey
    let sections: Sections
    /// `nil` for keys documented in prose rather than in the table (`audit_log`).
    let documentation: Documentation?
    /// The field of a host in `proxmox-tools hosts --json`, if the key is listed there.
    let listedAs: String?
    /// Reads the value into its `HostSettings` field.
    let read: @Sendable (HostSettingsField, PathExpander, inout HostSettings) throws(InventoryLoadError) -> Void
    /// Takes the field from `defaults` when `settings` leaves it unset.
    let inherit: @Sendable (inout HostSettings, HostSettings) -> Void

    var allowedOnHost: Bool { sections != .defaultsOnly }
    var allowedUnderDefaults: Bool {
        if case .hostOnly = sections { return false }
        return true
    }

    static func setting<Value: Sendable>(
        _ key: InventoryKey, _ field: WritableKeyPath<HostSettings, Value?> & Sendable,
        sections: Sections = .hostAndDefaults, default defaultValue: String?, value: String? = nil,
        listedAs: String? = nil,
        parse: @escaping @Sendable (HostSettingsField, PathExpander) throws(InventoryLoadError) -> Value
    ) -> InventoryKeyDescriptor {
        InventoryKeyDescriptor(
            key: key, sections: sections,
            documentation: defaultValue.map { Documentation(defaultValue: $0, value: value ?? "") },
            listedAs: listedAs,
            read: { (input: HostSettingsField, paths: PathExpander, settings: inout HostSettings) throws(InventoryLoadError) in
                settings[keyPath: field] = try parse(input, paths)
            },
            inherit: { settings, defaults in
                if settings[keyPath: field] == nil { settings[keyPath: field] = defaults[keyPath: field] }
            })
    }
}

extension InventoryKey {
    /// This key's descriptor (built once per key).
    var descriptor: InventoryKeyDescriptor { Self.descriptors[self]! }

    private static let descriptors = Dictionary(uniqueKeysWithValues: allCases.map { ($0, $0.makeDescriptor()) })

    /// The schema: one descriptor per key, in the order the README documents them.
    private func makeDescriptor() -> InventoryKeyDescriptor {
        typealias D = InventoryKeyDescriptor
        switch self {
        case .address:
            return D.setting(self, \.address, sections: .hostOnly(whyNotUnderDefaults: "Every host needs its own address; set it on each host."),
                default: "— (required)", value: "IP address or DNS name", listedAs: "address") { field, _ throws(InventoryLoadError) in
                try field.address()
            }
        case .port:
            return D.setting(self, \.port, default: "`22`", value: "1–65535", listedAs: "port") { field, _ throws(InventoryLoadError) in
                try field.integer(in: 1...65535, expected: "an integer 1–65535", example: "port: 22")
            }
        case .user:
            return D.setting(self, \.user, default: "`root`", value: "remote user", listedAs: "user") { field, _ throws(InventoryLoadError) in
                try field.simpleText(expected: "a user name", example: "user: root")
            }
        case .identityFile:
            return D.setting(self, \.identityFile, default: "ssh-agent, then `~/.ssh/id_ed25519`, `id_ecdsa`, `id_rsa`",
                value: "private key path", listedAs: "identityFile") { field, paths throws(InventoryLoadError) in
                paths.expand(try field.text(
                    expected: "a path to a private key",
                    example: "identity_file: ~/.ssh/id_ed25519  (or leave it out to use ssh-agent, then ~/.ssh/id_ed25519, id_ecdsa, id_rsa)"))
            }
        case .passphraseEnv:
            return D.setting(self, \.passphraseEnv, default: "none",
                value: "name of the environment variable holding the key's passphrase") { field, _ throws(InventoryLoadError) in
                try field.environmentVariableName()
            }
        case .knownHosts:
            return D.setting(self, \.knownHosts, default: "`~/.ssh/known_hosts`", value: "OpenSSH known_hosts file",
                listedAs: "knownHosts") { field, paths throws(InventoryLoadError) in
                paths.expand(try field.text(expected: "a path", example: "known_hosts: ~/.ssh/known_hosts"))
            }
        case .hostKey:
            return D.setting(self, \.hostKey, default: "none",
                value: "pinned `SHA256:…` fingerprint (43 base64 characters)") { field, _ throws(InventoryLoadError) in
                try field.fingerprint()
            }
        case .policy:
            return D.setting(self, \.policy, default: "`guarded`", value: "`read-only`, `guarded` or `unrestricted`",
                listedAs: "policy") { field, _ throws(InventoryLoadError) in
                try field.policy()
            }
        case .timeout:
            return D.setting(self, \.timeout, default: "`60`", value: "seconds per command: `60`, `2.5`, `\"30s\"`, `\"2m\"`",
                listedAs: "timeout") { field, _ throws(InventoryLoadError) in
                try field.duration(example: "timeout: 60")
            }
        case .maxOutput:
            return D.setting(self, \.maxOutput, default: "`1MiB`", value: "bytes per stream: `1048576`, `512KiB`, `4MiB`, `1MB`, `1GiB`",
                listedAs: "maxOutput") { field, _ throws(InventoryLoadError) in
                try field.byteSize()
            }
        case .tags:
            return D.setting(self, \.tags, default: "`[]`", value: "list of names, for `tag:NAME` selection",
                listedAs: "tags") { field, _ throws(InventoryLoadError) in
                try field.tags()
            }
        case .isDefault:
            return D.setting(self, \.isDefault,
                sections: .hostOnly(whyNotUnderDefaults: "Set `default: true` on the one host that calls without a host name should use."),
                default: "`false`", value: "the node used when a call names none (at most one)", listedAs: "default") { field, _ throws(InventoryLoadError) in
                try field.boolean()
            }
        case .connectTimeout:
            return D.setting(self, \.connectTimeout, default: "`10`", value: "seconds for connect + handshake + authentication") { field, _ throws(InventoryLoadError) in
                try field.duration(example: "connect_timeout: 10")
            }
        case .idleTimeout:
            return D.setting(self, \.idleTimeout, default: "`300`", value: "seconds an unused session stays open") { field, _ throws(InventoryLoadError) in
                try field.duration(example: "idle_timeout: 5m")
            }
        case .maxChannels:
            return D.setting(self, \.maxChannels, default: "`8`", value: "concurrent commands per node, 1–64") { field, _ throws(InventoryLoadError) in
                try field.integer(in: 1...64, expected: "an integer 1–64", example: "max_channels: 8")
            }
        case .auditLog:
            return D.setting(self, \.auditLog, sections: .defaultsOnly, default: nil) { field, paths throws(InventoryLoadError) in
                let text = try field.text(expected: "a path, or off", example: "audit_log: ~/.local/state/proxmox-tools/audit.log")
                return text == "off" ? "off" : paths.expand(text)
            }
        case .allow:
            return D.setting(self, \.allow, default: "`[]`", value: "command prefixes this host allows without asking (see below)") { field, _ throws(InventoryLoadError) in
                try field.policyRules()
            }
        case .deny:
            return D.setting(self, \.deny, default: "`[]`", value: "command prefixes this host always refuses (see below)") { field, _ throws(InventoryLoadError) in
                try field.policyRules()
            }
        case .approval:
            return D.setting(self, \.approval, default: "`ask`",
                value: "`ask`: a person approves `ask` verdicts; `deny`: nobody is asked, they are refused") { field, _ throws(InventoryLoadError) in
                try field.approval()
            }
        }
    }

    /// hosts.d/README.md's key table, as the descriptors describe it: every key a host may set.
    static var documentationTable: String {
        var lines = ["| Key | Default | Value |", "|---|---|---|"]
        for key in allCases {
            guard key.descriptor.allowedOnHost, let doc = key.descriptor.documentation else { continue }
            lines.append("| `\(key.rawValue)` | \(doc.defaultValue) | \(doc.value) |")
        }
        return lines.joined(separator: "\n")
    }
}
