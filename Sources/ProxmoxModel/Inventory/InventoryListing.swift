/// What `proxmox-tools hosts` shows: where the inventory came from and one row per host.
/// The same value is printed as a table for people and encoded as JSON for `--json`.
public struct InventoryListing: Encodable, Sendable, Equatable {
    /// The directory (or file) that was read and why it was chosen.
    public struct Location: Encodable, Sendable, Equatable {
        public var path: String?
        public var origin: String?
    }

    /// One host, with defaults applied.
    public struct Row: Encodable, Sendable, Equatable {
        public var alias: String
        public var address: String
        public var port: Int
        public var user: String
        public var policy: String
        public var tags: [String]
        public var isDefault: Bool
        public var identityFile: String?
        public var knownHosts: String
        /// Seconds (the JSON contract); the host's `timeout` is a `Duration`.
        public var timeout: Double
        public var maxOutput: Int
        /// `file:line` of the alias.
        public var source: String?

        enum CodingKeys: String, CodingKey {
            case alias, address, port, user, policy, tags
            case isDefault = "default"
            case identityFile, knownHosts, timeout, maxOutput, source
        }

        // Written out so that unset optionals appear as `null` rather than vanish: a script
        // reading `identityFile` should see "not set", not a missing field.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(alias, forKey: .alias)
            try container.encode(address, forKey: .address)
            try container.encode(port, forKey: .port)
            try container.encode(user, forKey: .user)
            try container.encode(policy, forKey: .policy)
            try container.encode(tags, forKey: .tags)
            try container.encode(isDefault, forKey: .isDefault)
            try container.encode(identityFile, forKey: .identityFile)
            try container.encode(knownHosts, forKey: .knownHosts)
            try container.encode(timeout, forKey: .timeout)
            try container.encode(maxOutput, forKey: .maxOutput)
            try container.encode(source, forKey: .source)
        }
    }

    public var inventory: Location
    public var hosts: [Row]

    public init(_ inventory: Inventory) {
        self.inventory = Location(path: inventory.directory, origin: inventory.directoryOrigin)
        hosts = inventory.hosts.map { host in
            Row(alias: host.alias, address: host.address, port: host.port, user: host.user,
                policy: host.policy.rawValue, tags: host.tags, isDefault: host.isDefault,
                identityFile: host.identityFile, knownHosts: host.knownHosts, timeout: host.timeout.inSeconds,
                maxOutput: host.maxOutput, source: host.source?.description)
        }
    }

    /// The human view: an `Inventory:` header line, then ALIAS, ADDRESS (host:port), USER, POLICY,
    /// TAGS, DEFAULT in aligned columns, and a note when calls without a host would be refused.
    public var text: String {
        var lines = ["Inventory: \(inventory.path ?? "(in memory)") (\(inventory.origin ?? "built in"))"]
        let header = ["ALIAS", "ADDRESS", "USER", "POLICY", "TAGS", "DEFAULT"]
        let rows = hosts.map { row in
            let endpoint = row.address.contains(":") ? "[\(row.address)]:\(row.port)" : "\(row.address):\(row.port)"
            return [row.alias, endpoint, row.user, row.policy,
                    row.tags.isEmpty ? "-" : row.tags.joined(separator: ","), row.isDefault ? "yes" : "-"]
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        for cells in [header] + rows {
            let padded = cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count)
            }
            lines.append(padded.joined(separator: "  "))
        }
        if hosts.count > 1, !hosts.contains(where: \.isDefault) {
            lines.append("No default host: commands must name one with --host, or set `default: true` on one host.")
        }
        return lines.joined(separator: "\n")
    }
}
