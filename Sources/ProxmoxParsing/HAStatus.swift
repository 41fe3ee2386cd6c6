/// `pvesh get /cluster/ha/status/current --output-format json` (pve-ha-manager
/// `src/PVE/API2/HA/Status.pm` `status`): one `quorum` entry, a `master` entry once a CRM was
/// ever elected, one `lrm:<node>` entry per node the manager knows, one `service:<sid>` per
/// HA resource. Without HA configured only the quorum entry (and perhaps an idle master) is there.
public struct HAStatus: Codable, Sendable, Hashable {
    public struct Manager: Codable, Sendable, Hashable {
        public var node: String
        /// `active`, `idle`, `old timestamp - dead?`, `detected time drift!`, `maintenance mode`,
        /// `wait_for_agent_lock`, `lost_agent_lock`, …: the word(s) before the comma in Proxmox's text.
        public var state: String
        public var timestamp: Int?
        /// Proxmox's own line, e.g. `pve2 (active, Tue Dec  2 10:15:38 2025)`.
        public var status: String
    }

    public struct Resource: Codable, Sendable, Hashable {
        /// `vm:100`, `ct:201`.
        public var sid: String
        public var node: String?
        /// Verbose state: `started`, `stopped`, `fence`, `error`, `migrate`, `relocate`, `recovery`, `queued`, …
        public var state: String?
        /// State in the CRM's service status.
        public var crmState: String?
        /// What the configuration asks for (`started`, `stopped`, `disabled`, `ignored`).
        public var requestState: String?
        public var maxRestart: Int?
        public var maxRelocate: Int?
        public var group: String?
        public var comment: String?
    }

    /// The answering node's view of quorum.
    public var quorate: Bool
    public var quorumNode: String?
    public var quorumStatus: String?
    public var master: Manager?
    public var lrms: [Manager]
    public var resources: [Resource]
    /// True when HA resources are configured.
    public var enabled: Bool { !resources.isEmpty }

    private struct Raw: Decodable {
        var id: String?
        var type: String?
        var node: String?
        var status: String?
        var quorate: Bool?
        var timestamp: Int?
        var sid: String?
        var state: String?
        var crmState: String?
        var requestState: String?
        var maxRestart: Int?
        var maxRelocate: Int?
        var group: String?
        var comment: String?

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = c.proxmoxString(.id)
            type = c.proxmoxString(.type)
            node = c.proxmoxString(.node)
            status = c.proxmoxString(.status)
            quorate = c.proxmoxBool(.quorate)
            timestamp = c.proxmoxInt(.timestamp)
            sid = c.proxmoxString(.sid)
            state = c.proxmoxString(.state)
            crmState = c.proxmoxString(.crmState)
            requestState = c.proxmoxString(.requestState)
            maxRestart = c.proxmoxInt(.maxRestart)
            maxRelocate = c.proxmoxInt(.maxRelocate)
            group = c.proxmoxString(.group)
            comment = c.proxmoxString(.comment)
        }

        enum CodingKeys: String, CodingKey {
            case id, type, node, status, quorate, timestamp, sid, state, group, comment
            case crmState = "crm_state", requestState = "request_state", maxRestart = "max_restart", maxRelocate = "max_relocate"
        }
    }

    public static func parse(json stdout: String) throws(ParseError) -> HAStatus {
        let raws = try PveshJSON.decode([Raw].self, from: stdout, command: "pvesh get /cluster/ha/status/current --output-format json",
                                        expected: "a JSON array of HA status entries like [{\"id\":\"quorum\",…}]")
        var status = HAStatus(quorate: false, lrms: [], resources: [])
        for raw in raws {
            switch raw.type {
            case "quorum":
                status.quorate = raw.quorate ?? false
                status.quorumNode = raw.node
                status.quorumStatus = raw.status
            case "master":
                status.master = manager(raw)
            case "lrm":
                status.lrms.append(manager(raw))
            case "service":
                status.resources.append(Resource(
                    sid: raw.sid ?? raw.id.map { String($0.dropFirst("service:".count)) } ?? "?", node: raw.node,
                    state: raw.state, crmState: raw.crmState, requestState: raw.requestState, maxRestart: raw.maxRestart,
                    maxRelocate: raw.maxRelocate, group: raw.group, comment: raw.comment))
            default:
                continue // a newer Proxmox may add entry types; they do not change these.
            }
        }
        return status
    }

    /// `pve2 (active, Tue Dec  2 10:15:38 2025)` → `active`; `pve3 (unable to read lrm status)` → that text.
    private static func manager(_ raw: Raw) -> Manager {
        let text = raw.status ?? ""
        var state = "unknown"
        if let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")"), open < close {
            let inner = text[text.index(after: open)..<close]
            state = String(raw.timestamp == nil ? inner : inner.split(separator: ",", maxSplits: 1).first ?? inner)
        }
        return Manager(node: raw.node ?? "?", state: state, timestamp: raw.timestamp, status: text)
    }
}
