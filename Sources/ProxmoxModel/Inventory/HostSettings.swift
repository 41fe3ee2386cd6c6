import ShellPolicy

/// The settings written for one host (or under `defaults:`), before defaults are applied.
/// `nil` means "not written here".
struct HostSettings: Sendable, Equatable {
    var address: String?
    var port: Int?
    var user: String?
    var identityFile: String?
    var passphraseEnv: String?
    var knownHosts: String?
    var hostKey: String?
    var policy: PolicyMode?
    var timeout: Duration?
    var maxOutput: Int?
    var tags: [String]?
    var isDefault: Bool?
    var connectTimeout: Duration?
    var idleTimeout: Duration?
    var maxChannels: Int?
    /// Command-policy additions (`allow:`, `deny:`, `approval:`).
    var allow: [PolicyRule]?
    var deny: [PolicyRule]?
    var approval: PolicyRules.Approval?
    /// Only under `defaults:`; ends up in `Inventory.auditLog`.
    var auditLog: String?

    /// These settings with every unset value taken from `defaults`. A host's own value replaces
    /// the default outright — `tags` included — so a host can always opt out of an inherited value.
    func inheriting(_ defaults: HostSettings) -> HostSettings {
        var merged = self
        for key in InventoryKey.allCases { key.descriptor.inherit(&merged, defaults) }
        return merged
    }

    /// The finished host; `address` has been checked by the parser, `defaultKnownHosts` is the
    /// already-expanded `~/.ssh/known_hosts`.
    func host(alias: String, defaultKnownHosts: String, source: InventoryHost.Source) -> InventoryHost {
        InventoryHost(
            alias: alias,
            address: address ?? "",
            port: port ?? InventoryHost.defaultPort,
            user: user ?? InventoryHost.defaultUser,
            identityFile: identityFile,
            passphraseEnv: passphraseEnv,
            knownHosts: knownHosts ?? defaultKnownHosts,
            hostKey: hostKey,
            policy: policy ?? .guarded,
            timeout: timeout ?? InventoryHost.defaultTimeout,
            maxOutput: maxOutput ?? InventoryHost.defaultMaxOutput,
            tags: tags ?? [],
            isDefault: isDefault ?? false,
            connectTimeout: connectTimeout ?? InventoryHost.defaultConnectTimeout,
            idleTimeout: idleTimeout ?? InventoryHost.defaultIdleTimeout,
            maxChannels: maxChannels ?? InventoryHost.defaultMaxChannels,
            rules: PolicyRules(allow: allow ?? [], deny: deny ?? [], approval: approval ?? .ask),
            source: source)
    }
}
