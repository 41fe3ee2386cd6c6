/// A summary of `pvesh get /nodes/NODE/ceph/status --output-format json`: pve-manager
/// `PVE/API2/Ceph.pm` `status` returns `ceph status` as JSON (via librados), with `health`
/// replaced by `health detail` and, since Octopus, `monmap`/`mgrmap` filled in from `mon dump`
/// and `mgr dump` (`PVE::Ceph::Tools::ceph_cluster_status`).
public struct CephStatus: Codable, Sendable, Hashable {
    public struct Check: Codable, Sendable, Hashable {
        /// `OSD_DOWN`, `PG_DEGRADED`, …
        public var name: String
        /// `HEALTH_WARN` or `HEALTH_ERR`.
        public var severity: String
        public var message: String
        public var details: [String]
        public var muted: Bool
    }

    public struct OSDCounts: Codable, Sendable, Hashable {
        public var total: Int
        public var up: Int
        public var `in`: Int
    }

    public struct PlacementGroups: Codable, Sendable, Hashable {
        public var total: Int
        /// `active+clean` → count.
        public var byState: [String: Int]
    }

    public struct Usage: Codable, Sendable, Hashable {
        public var totalBytes: Int?
        public var usedBytes: Int?
        public var availableBytes: Int?
        public var dataBytes: Int?
        public var objects: Int?
        public var pools: Int?
    }

    public var fsid: String?
    /// `HEALTH_OK`, `HEALTH_WARN` or `HEALTH_ERR`.
    public var health: String
    public var checks: [Check]
    public var monitors: [String]
    public var quorum: [String]
    public var managers: [String: String]?
    public var osds: OSDCounts?
    public var placementGroups: PlacementGroups?
    public var usage: Usage?

    // The subset of the (large) ceph status object read here; everything else is ignored.
    private struct Raw: Decodable {
        struct Health: Decodable {
            var status: String?
            var checks: [String: RawCheck]?
        }
        struct RawCheck: Decodable {
            struct Summary: Decodable { var message: String? }
            struct Detail: Decodable { var message: String? }
            var severity: String?
            var summary: Summary?
            var detail: [Detail]?
            var muted: Bool?
        }
        struct MonMap: Decodable {
            struct Mon: Decodable { var name: String? }
            var mons: [Mon]?
        }
        struct MgrMap: Decodable {
            var activeName: String?
            var numStandbys: Int?
            enum CodingKeys: String, CodingKey { case activeName = "active_name", numStandbys = "num_standbys" }
        }
        struct OSDMap: Decodable {
            var numOsds: Int?
            var numUpOsds: Int?
            var numInOsds: Int?
            enum CodingKeys: String, CodingKey { case numOsds = "num_osds", numUpOsds = "num_up_osds", numInOsds = "num_in_osds" }
        }
        struct PGMap: Decodable {
            struct ByState: Decodable {
                var stateName: String?
                var count: Int?
                enum CodingKeys: String, CodingKey { case stateName = "state_name", count }
            }
            var pgsByState: [ByState]?
            var numPgs: Int?
            var numPools: Int?
            var numObjects: Int?
            var dataBytes: Int?
            var bytesUsed: Int?
            var bytesAvail: Int?
            var bytesTotal: Int?
            enum CodingKeys: String, CodingKey {
                case pgsByState = "pgs_by_state", numPgs = "num_pgs", numPools = "num_pools", numObjects = "num_objects"
                case dataBytes = "data_bytes", bytesUsed = "bytes_used", bytesAvail = "bytes_avail", bytesTotal = "bytes_total"
            }
        }
        var fsid: String?
        var health: Health?
        var monmap: MonMap?
        var mgrmap: MgrMap?
        var osdmap: OSDMap?
        var pgmap: PGMap?
        var quorumNames: [String]?
        enum CodingKeys: String, CodingKey { case fsid, health, monmap, mgrmap, osdmap, pgmap, quorumNames = "quorum_names" }
    }

    public static func parse(json stdout: String) throws(ParseError) -> CephStatus {
        let raw = try PveshJSON.decode(Raw.self, from: stdout, command: "pvesh get /nodes/{node}/ceph/status --output-format json",
                                       expected: "one JSON object (ceph status) like {\"health\":{\"status\":\"HEALTH_OK\"},…}")
        let checks = (raw.health?.checks ?? [:]).sorted { $0.key < $1.key }.map { name, check in
            Check(name: name, severity: check.severity ?? "HEALTH_WARN", message: check.summary?.message ?? name,
                  details: (check.detail ?? []).compactMap(\.message), muted: check.muted ?? false)
        }
        var managers: [String: String]?
        if let active = raw.mgrmap?.activeName {
            managers = ["active": active, "standbys": String(raw.mgrmap?.numStandbys ?? 0)]
        }
        let osds = raw.osdmap.flatMap { map in
            map.numOsds.map { OSDCounts(total: $0, up: map.numUpOsds ?? 0, in: map.numInOsds ?? 0) }
        }
        let pgs = raw.pgmap.map { map in
            PlacementGroups(total: map.numPgs ?? 0, byState: Dictionary(
                (map.pgsByState ?? []).compactMap { entry in entry.stateName.map { ($0, entry.count ?? 0) } },
                uniquingKeysWith: +))
        }
        let usage = raw.pgmap.map {
            Usage(totalBytes: $0.bytesTotal, usedBytes: $0.bytesUsed, availableBytes: $0.bytesAvail, dataBytes: $0.dataBytes,
                  objects: $0.numObjects, pools: $0.numPools)
        }
        return CephStatus(fsid: raw.fsid, health: raw.health?.status ?? "UNKNOWN", checks: checks,
                          monitors: (raw.monmap?.mons ?? []).compactMap(\.name), quorum: raw.quorumNames ?? [],
                          managers: managers, osds: osds, placementGroups: pgs, usage: usage)
    }

    /// Why a node has no Ceph status, when its `pvesh` error says Ceph is simply not there
    /// (`PVE::Ceph::Tools::check_ceph_installed` / `check_ceph_inited`); nil for real failures.
    public static func absence(stderr: String) -> String? {
        if stderr.contains("binary not installed") { return "not_installed" }
        if stderr.contains("pveceph configuration not initialized") || stderr.contains("pveceph configuration not enabled") {
            return "not_configured"
        }
        return nil
    }
}
