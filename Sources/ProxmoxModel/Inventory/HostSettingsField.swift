import Yams
import ShellPolicy

/// One `key: value` pair of a host's settings, with typed readers that report a wrong value at its
/// line and say what the value must look like.
struct HostSettingsField {
    let key: InventoryKey
    let value: Node
    let keyLine: Int
    let file: String

    /// The value's own line when it has one (a list item may sit below its key), else the key's.
    private var line: Int {
        if isNull { return keyLine }
        return value.mark?.line ?? keyLine
    }

    private var isNull: Bool { value.null != nil }

    /// The value as the user wrote it, for "got …" in messages.
    private var written: String {
        switch value {
        case .scalar(let scalar): scalar.string.isEmpty ? "nothing" : "'\(scalar.string)'"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    func invalid(_ expected: String, example: String, kind: InventoryLoadError.Kind = .invalidValue) -> InventoryLoadError {
        InventoryLoadError(kind, file: file, line: line,
            message: "\(key.rawValue) must be \(expected) (got \(written))", hint: "For example: \(example)")
    }

    /// A non-empty scalar, as text.
    func text(expected: String, example: String) throws(InventoryLoadError) -> String {
        guard !isNull, let scalar = value.scalar else { throw invalid(expected, example: example) }
        let text = scalar.string.trimmedForInventory
        guard !text.isEmpty else { throw invalid(expected, example: example) }
        return text
    }

    /// Text without whitespace (user names, addresses).
    func simpleText(expected: String, example: String) throws(InventoryLoadError) -> String {
        let text = try text(expected: expected, example: example)
        guard !text.contains(where: \.isWhitespace) else { throw invalid(expected, example: example) }
        return text
    }

    func address() throws(InventoryLoadError) -> String {
        let example = "address: 192.168.1.12  (or a DNS name such as pve2.lan)"
        let text = try simpleText(expected: "a host name or IP address", example: example)
        if text.contains("@") {
            throw InventoryLoadError(.invalidValue, file: file, line: line,
                message: "address must not contain a user (got '\(text)')",
                hint: "Write the user separately, e.g.\n  address: \(text.split(separator: "@").last ?? "")\n  user: \(text.split(separator: "@").first ?? "")")
        }
        // One colon followed by digits is `host:port`; IPv6 addresses have several colons.
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count == 2, !parts[1].isEmpty, parts[1].allSatisfy(\.isNumber) {
            throw InventoryLoadError(.invalidValue, file: file, line: line,
                message: "address must not contain a port (got '\(text)')",
                hint: "Write the port separately, e.g.\n  address: \(parts[0])\n  port: \(parts[1])")
        }
        return text
    }

    /// A decimal integer in `range`. Parsed here rather than by Yams, which would also take
    /// YAML 1.1 forms such as `0x16` or sexagesimal `1:30`.
    func integer(in range: ClosedRange<Int>, expected: String, example: String) throws(InventoryLoadError) -> Int {
        guard !isNull, let scalar = value.scalar, let number = Int(scalar.string.trimmedForInventory), range.contains(number) else {
            throw invalid(expected, example: example)
        }
        return number
    }

    func boolean() throws(InventoryLoadError) -> Bool {
        switch value.scalar?.string.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw invalid("true or false", example: "\(key.rawValue): true")
        }
    }

    func duration(example: String) throws(InventoryLoadError) -> Duration {
        let expected = "a positive number of seconds"
        let full = "\(example)  (also 2.5, \"30s\", \"500ms\", \"2m\", \"1h\")"
        guard !isNull, let scalar = value.scalar, let seconds = DurationSeconds.parse(scalar.string) else {
            throw invalid(expected, example: full)
        }
        return .seconds(seconds)
    }

    func byteSize() throws(InventoryLoadError) -> Int {
        guard !isNull, let scalar = value.scalar, let bytes = ByteSize.parse(scalar.string) else {
            throw invalid("a positive number of bytes", example: "max_output: 1048576, 512KiB, 4MiB, 1MB or 1GiB")
        }
        return bytes
    }

    func environmentVariableName() throws(InventoryLoadError) -> String {
        let example = "passphrase_env: PVE_KEY_PASSPHRASE  (then `export PVE_KEY_PASSPHRASE=…` before starting proxmox-tools)"
        let name = try text(expected: "the name of an environment variable", example: example)
        let isName = name.first.map { $0 == "_" || ($0.isASCII && $0.isLetter) } == true
            && name.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
        guard isName else { throw invalid("the name of an environment variable, not its value", example: example) }
        return name
    }

    /// OpenSSH's `SHA256:` form: base64 of a 32-byte digest without padding, always 43 characters.
    func fingerprint() throws(InventoryLoadError) -> String {
        let expected = "a SHA256 fingerprint as OpenSSH prints it: SHA256: and 43 base64 characters"
        let example = "host_key: SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s  (get it with `ssh-keyscan -p PORT ADDRESS | ssh-keygen -lf -`)"
        let text = try text(expected: expected, example: example)
        let digest = text.hasPrefix("SHA256:") ? text.dropFirst(7) : ""
        let isBase64 = digest.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "/") }
        guard digest.count == 43, isBase64 else { throw invalid(expected, example: example) }
        return text
    }

    func policy() throws(InventoryLoadError) -> PolicyMode {
        let names = PolicyMode.allCases.map(\.rawValue)
        let text = value.scalar?.string.trimmedForInventory ?? ""
        if let mode = PolicyMode(rawValue: text) { return mode }
        let close = names.first { InventoryKey.editDistance(text.lowercased(), $0) <= 2 }
        throw InventoryLoadError(.badPolicy, file: file, line: line,
            message: "policy must be one of \(names.joined(separator: ", ")) (got \(written))",
            hint: (close.map { "Did you mean '\($0)'? " } ?? "")
                + "read-only: read commands only; guarded (the default): known-safe commands run, destructive or unknown ones need a person's approval, uncheckable ones are refused; unrestricted: no checks, still audited.")
    }

    /// `allow:`/`deny:`: a list of command prefixes, each one simple command of literal words.
    func policyRules() throws(InventoryLoadError) -> [PolicyRule] {
        let example = "\(key.rawValue): [\"systemctl restart pveproxy\", \"ceph osd set noout\"]"
        guard let sequence = value.sequence else { throw invalid("a list of command prefixes", example: example) }
        var rules: [PolicyRule] = []
        for item in sequence {
            let itemField = HostSettingsField(key: key, value: item, keyLine: item.mark?.line ?? line, file: file)
            let text = try itemField.text(expected: "a list of command prefixes (strings)", example: example)
            do {
                rules.append(try PolicyRule(text))
            } catch {
                throw InventoryLoadError(.invalidValue, file: file, line: item.mark?.line ?? line,
                    message: "\(key.rawValue): \(error.description)", hint: "For example: \(example)")
            }
        }
        return rules
    }

    func approval() throws(InventoryLoadError) -> PolicyRules.Approval {
        let text = value.scalar?.string.trimmedForInventory ?? ""
        guard let approval = PolicyRules.Approval(rawValue: text) else {
            throw invalid("ask or deny", example: "approval: deny  (never ask a person; every `ask` verdict is refused)")
        }
        return approval
    }

    func tags() throws(InventoryLoadError) -> [String] {
        let example = "tags: [prod, ceph]"
        guard let sequence = value.sequence else { throw invalid("a list of tags", example: example) }
        var tags: [String] = []
        // Duplicates are dropped, first one kept; a set keeps that linear (`tags.contains` made
        // 20,000 tags take 15 s).
        var seen: Set<String> = []
        for item in sequence {
            let tagField = HostSettingsField(key: key, value: item, keyLine: item.mark?.line ?? line, file: file)
            let tag = try tagField.text(expected: "a list of simple names", example: example)
            guard InventoryLoader.isSimpleName(tag) else {
                throw tagField.invalid("a list of simple names (letters, digits, '.', '_', '-')", example: example)
            }
            if seen.insert(tag).inserted { tags.append(tag) }
        }
        return tags
    }
}
