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
        switch (InventoryKey(rawValue: name)?.descriptor.sections, section) {
        case (.defaultsOnly?, .host):
            throw InventoryLoadError(.unknownKey, file: file, line: line,
                message: "\(name) is not a per-host setting",
                hint: "Move it under the top-level `defaults:` mapping; it applies to the whole inventory.")
        case (.hostOnly(let why)?, .defaults):
            throw InventoryLoadError(.unknownKey, file: file, line: line,
                message: "\(name) cannot be set under defaults", hint: why)
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

    // The schema is `InventoryKey.descriptor`, one per key.
    private func apply(_ field: HostSettingsField, to settings: inout HostSettings) throws(InventoryLoadError) {
        try field.key.descriptor.read(field, paths, &settings)
    }

    private func line(of node: Node) -> Int { node.mark?.line ?? 1 }
}
