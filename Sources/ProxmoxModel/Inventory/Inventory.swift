/// The loaded inventory: every host, in file-name then file order, and how to pick among them.
/// `InventoryLoader` builds it from `hosts.d/*.yaml`; tests may build one directly.
public struct Inventory: Sendable {
    public var hosts: [InventoryHost]
    /// The directory it was read from, if any (shown by `proxmox-tools hosts`).
    public var directory: String?
    /// Why that directory was chosen: `--hosts-dir`, `$PROXMOX_TOOLS_HOSTS_DIR`, `./hosts.d`, …
    public var directoryOrigin: String?
    /// `audit_log:` from `defaults:`; `nil` = the default path, `"off"` = disabled.
    public var auditLog: String?

    public init(hosts: [InventoryHost], directory: String? = nil, directoryOrigin: String? = nil, auditLog: String? = nil) {
        self.hosts = hosts
        self.directory = directory
        self.directoryOrigin = directoryOrigin
        self.auditLog = auditLog
    }

    public var aliases: [String] { hosts.map(\.alias) }

    private var aliasList: String { aliases.joined(separator: ", ") }

    /// The host a single-node call uses: the named alias, else the `default: true` host, else the
    /// only host. Never a silent pick among several.
    public func host(named alias: String?) throws(InventoryError) -> InventoryHost {
        if let alias {
            if let host = hosts.first(where: { $0.alias == alias }) { return host }
            throw InventoryError.unknownAlias(alias, known: aliases)
        }
        if let host = hosts.first(where: \.isDefault) { return host }
        if hosts.count == 1 { return hosts[0] }
        if hosts.isEmpty { throw InventoryError.empty(directory: directory) }
        throw InventoryError.noDefault(known: aliases)
    }

    /// The hosts a fan-out call uses: `nil` or empty = every host; each selector is an alias or
    /// `tag:NAME`. Order follows the inventory; duplicates collapse.
    public func hosts(matching selectors: [String]?) throws(InventoryError) -> [InventoryHost] {
        if hosts.isEmpty { throw InventoryError.empty(directory: directory) }
        guard let selectors, !selectors.isEmpty else { return hosts }
        var chosen = Set<String>()
        for selector in selectors {
            if selector.hasPrefix("tag:") {
                let tag = String(selector.dropFirst(4))
                let tagged = hosts.filter { $0.tags.contains(tag) }
                if tagged.isEmpty {
                    let allTags = Set(hosts.flatMap(\.tags)).sorted()
                    throw InventoryError.unknownTag(tag, known: allTags)
                }
                chosen.formUnion(tagged.map(\.alias))
            } else {
                guard hosts.contains(where: { $0.alias == selector }) else {
                    throw InventoryError.unknownAlias(selector, known: aliases)
                }
                chosen.insert(selector)
            }
        }
        return hosts.filter { chosen.contains($0.alias) }
    }
}

/// Selecting hosts failed. (Loading errors are `InventoryLoadError`, with file and line.)
public enum InventoryError: Error, Sendable, Hashable, CustomStringConvertible {
    case unknownAlias(String, known: [String])
    case unknownTag(String, known: [String])
    case noDefault(known: [String])
    case empty(directory: String?)

    public var code: FailureCode {
        switch self {
        case .unknownAlias, .unknownTag: .unknownHost
        case .noDefault: .hostRequired
        case .empty: .noHosts
        }
    }

    public var description: String {
        switch self {
        case .unknownAlias(let alias, let known):
            "unknown host '\(alias)'; known hosts: \(known.isEmpty ? "(none)" : known.joined(separator: ", "))"
        case .unknownTag(let tag, let known):
            "no host has the tag '\(tag)'; known tags: \(known.isEmpty ? "(none)" : known.joined(separator: ", "))"
        case .noDefault(let known):
            "several hosts and none is the default: name one with host (\(known.joined(separator: ", "))), or set `default: true` on one in hosts.d"
        case .empty(let directory):
            "no hosts in the inventory\(directory.map { " (\($0))" } ?? ""); create a file such as hosts.d/pve.yaml:\n\n" + Inventory.minimalExample
        }
    }

    public static func == (lhs: InventoryError, rhs: InventoryError) -> Bool { lhs.description == rhs.description }
    public func hash(into hasher: inout Hasher) { hasher.combine(description) }
}

extension Inventory {
    /// Shown whenever the inventory is empty or missing.
    public static let minimalExample = """
        pve1:
          address: 192.168.1.11
          default: true
        """
}

extension InventoryError: FailureConvertible {
    public var failure: Failure { Failure(code, description) }
}
