import Yams

/// Reads one host's mapping (or the `defaults:` mapping) into `HostSettings`, checking every key
/// and value against the schema so that each mistake is reported at its own line.
struct HostSettingsParser {
    enum Section {
        case host(alias: String)
        case defaults

        var name: String {
            switch self {
            case .host(let alias): "host '\(alias)'"
            case .defaults: "defaults"
            }
        }
        var validKeys: [InventoryKey] {
            switch self {
            case .host: InventoryKey.hostKeys
            case .defaults: InventoryKey.defaultsKeys
            }
        }
    }

    /// Parsed settings plus the line of each key, for messages that span several hosts.
    struct Result {
        var settings = HostSettings()
        var lines: [InventoryKey: Int] = [:]
    }

    let file: String
    let paths: PathExpander

    func parse(_ mapping: Node.Mapping, section: Section) throws(InventoryLoadError) -> Result {
        var result = Result()
        for (keyNode, value) in mapping {
            let keyLine = line(of: keyNode)
            let name = keyNode.scalar?.string ?? "\(keyNode)"
            guard let key = try knownKey(name, in: section, line: keyLine) else { continue }
            result.lines[key] = keyLine
            let field = HostSettingsField(key: key, value: value, keyLine: keyLine, file: file)
            try apply(field, to: &result.settings)
        }
        return result
    }

    /// The key, or an error saying why it is not allowed here and what was probably meant.
    private func knownKey(_ name: String, in section: Section, line: Int) throws(InventoryLoadError) -> InventoryKey? {
        if InventoryKey.looksLikeSecret(name) {
            throw InventoryLoadError(.secretInFile, file: file, line: line,
                message: "'\(name)' in \(section.name): secrets do not belong in hosts.d",
                hint: "Put the key's passphrase in an environment variable and name the variable instead, e.g.\n  passphrase_env: PVE_KEY_PASSPHRASE\nthen `export PVE_KEY_PASSPHRASE=…` before starting proxmox-tools. Password logins are not supported; use a key.")
        }
        if let key = InventoryKey(rawValue: name), section.validKeys.contains(key) { return key }
        switch (InventoryKey(rawValue: name), section) {
        case (.auditLog?, .host):
            throw InventoryLoadError(.unknownKey, file: file, line: line,
                message: "audit_log is not a per-host setting",
                hint: "Move it under the top-level `defaults:` mapping; it applies to the whole inventory.")
        case (let key?, .defaults):
            throw InventoryLoadError(.unknownKey, file: file, line: line,
                message: "\(key.rawValue) cannot be set under defaults",
                hint: key == .address
                    ? "Every host needs its own address; set it on each host."
                    : "Set `default: true` on the one host that calls without a host name should use.")
        default:
            let valid = section.validKeys
            let hint: String
            if name == "<<" {
                hint = "YAML merge keys are not supported; put shared settings under the top-level `defaults:` mapping."
            } else if let suggestion = InventoryKey.suggestion(for: name, among: valid) {
                hint = "Did you mean '\(suggestion)'?"
            } else {
                hint = "Valid keys here: " + valid.map(\.rawValue).joined(separator: ", ") + "."
            }
            throw InventoryLoadError(.unknownKey, file: file, line: line,
                message: "unknown key '\(name)' in \(section.name)", hint: hint)
        }
    }

    // The schema: one line per key, in the order the README documents them.
    private func apply(_ field: HostSettingsField, to settings: inout HostSettings) throws(InventoryLoadError) {
        switch field.key {
        case .address: settings.address = try field.address()
        case .port:
            settings.port = try field.integer(in: 1...65535, expected: "an integer 1–65535", example: "port: 22")
        case .user: settings.user = try field.simpleText(expected: "a user name", example: "user: root")
        case .identityFile:
            settings.identityFile = paths.expand(try field.text(
                expected: "a path to a private key",
                example: "identity_file: ~/.ssh/id_ed25519  (or leave it out to use ssh-agent, then ~/.ssh/id_ed25519, id_ecdsa, id_rsa)"))
        case .passphraseEnv: settings.passphraseEnv = try field.environmentVariableName()
        case .knownHosts:
            settings.knownHosts = paths.expand(try field.text(expected: "a path", example: "known_hosts: ~/.ssh/known_hosts"))
        case .hostKey: settings.hostKey = try field.fingerprint()
        case .policy: settings.policy = try field.policy()
        case .allow: settings.allow = try field.policyRules()
        case .deny: settings.deny = try field.policyRules()
        case .approval: settings.approval = try field.approval()
        case .timeout: settings.timeout = try field.duration(example: "timeout: 60")
        case .connectTimeout: settings.connectTimeout = try field.duration(example: "connect_timeout: 10")
        case .idleTimeout: settings.idleTimeout = try field.duration(example: "idle_timeout: 5m")
        case .maxOutput: settings.maxOutput = try field.byteSize()
        case .tags: settings.tags = try field.tags()
        case .isDefault: settings.isDefault = try field.boolean()
        case .maxChannels:
            settings.maxChannels = try field.integer(in: 1...64, expected: "an integer 1–64", example: "max_channels: 8")
        case .auditLog:
            let text = try field.text(expected: "a path, or off", example: "audit_log: ~/.local/state/proxmox-tools/audit.log")
            settings.auditLog = text == "off" ? "off" : paths.expand(text)
        }
    }

    private func line(of node: Node) -> Int { node.mark?.line ?? 1 }
}
