/// Every key hosts.d knows, where each may appear, and the "did you mean …?" for the rest.
enum InventoryKey: String, CaseIterable, Sendable {
    case address, port, user
    case identityFile = "identity_file"
    case passphraseEnv = "passphrase_env"
    case knownHosts = "known_hosts"
    case hostKey = "host_key"
    case policy, timeout
    case maxOutput = "max_output"
    case tags
    case isDefault = "default"
    case connectTimeout = "connect_timeout"
    case idleTimeout = "idle_timeout"
    case maxChannels = "max_channels"
    case auditLog = "audit_log"
    case allow, deny, approval

    /// The top-level key whose settings every host inherits.
    static let defaultsSection = "defaults"

    /// Keys allowed in a host's mapping (see `InventoryKeyDescriptor.sections`).
    static let hostKeys: [InventoryKey] = allCases.filter { $0.descriptor.allowedOnHost }
    /// Keys allowed under `defaults:` — everything except what must differ per host.
    static let defaultsKeys: [InventoryKey] = allCases.filter { $0.descriptor.allowedUnderDefaults }

    /// Keys that look like a secret written into the file; hosts.d holds only the variable's name.
    static func looksLikeSecret(_ key: String) -> Bool {
        let lowered = key.lowercased()
        guard lowered != InventoryKey.passphraseEnv.rawValue else { return false }
        return ["passphrase", "password", "passwd", "secret"].contains { lowered.contains($0) }
    }

    /// The closest valid key to a misspelling, if it is close enough to be a plausible typo:
    /// Levenshtein distance ≤ 2, or the same letters once case, `-` and `_` are ignored
    /// (`identity-file`, `identityFile`).
    static func suggestion(for key: String, among valid: [InventoryKey]) -> String? {
        func squashed(_ text: String) -> String { text.lowercased().filter { $0 != "_" && $0 != "-" } }
        if let same = valid.first(where: { squashed($0.rawValue) == squashed(key) }) { return same.rawValue }
        let scored = valid.map { ($0.rawValue, editDistance(key.lowercased(), $0.rawValue)) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= 2 else { return nil }
        return best.0
    }

    /// Levenshtein distance (insertions, deletions, substitutions), two rows at a time.
    static func editDistance(_ lhs: String, _ rhs: String) -> Int {
        let a = Array(lhs), b = Array(rhs)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
