/// One storage replication job as `pvesh get /nodes/NODE/replication --output-format json`
/// prints it — the API call `pvesr status` formats as a table (pve-manager `PVE/API2/Replication.pm`
/// `status`, `PVE/CLI/pvesr.pm` `print_job_status`; state from pve-guest-common
/// `PVE::ReplicationState::job_status`). A node lists the jobs of the guests it runs.
public struct ReplicationJob: Codable, Sendable, Hashable {
    /// `<vmid>-<jobnum>`, e.g. `1050-0`.
    public var id: String
    public var guest: Int
    public var guestType: String?
    public var source: String?
    public var target: String
    public var schedule: String
    public var enabled: Bool
    public var lastSync: Int?
    public var lastSyncAt: String?
    public var lastTry: Int?
    /// Seconds the last run took.
    public var durationSeconds: Double?
    public var nextSync: Int?
    public var nextSyncAt: String?
    public var failCount: Int
    public var error: String?
    /// `SYNCING` while a run is in progress, else `OK` or the error — as `pvesr status` shows it.
    public var state: String
    public var rateLimitMBps: Double?
    public var comment: String?

    private struct Raw: Decodable {
        var id: String?
        var guest: Int?
        var vmtype: String?
        var source: String?
        var target: String?
        var schedule: String?
        var disable: Bool?
        var lastSync: Int?
        var lastTry: Int?
        var duration: Double?
        var nextSync: Int?
        var failCount: Int?
        var error: String?
        var pid: Int?
        var rate: Double?
        var comment: String?

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = c.proxmoxString(.id)
            guest = c.proxmoxInt(.guest)
            vmtype = c.proxmoxString(.vmtype)
            source = c.proxmoxString(.source)
            target = c.proxmoxString(.target)
            schedule = c.proxmoxString(.schedule)
            disable = c.proxmoxBool(.disable)
            lastSync = c.proxmoxInt(.lastSync)
            lastTry = c.proxmoxInt(.lastTry)
            duration = c.proxmoxDouble(.duration)
            nextSync = c.proxmoxInt(.nextSync)
            failCount = c.proxmoxInt(.failCount)
            error = c.proxmoxString(.error)
            pid = c.proxmoxInt(.pid)
            rate = c.proxmoxDouble(.rate)
            comment = c.proxmoxString(.comment)
        }

        enum CodingKeys: String, CodingKey {
            case id, guest, vmtype, source, target, schedule, disable, duration, error, pid, rate, comment
            case lastSync = "last_sync", lastTry = "last_try", nextSync = "next_sync", failCount = "fail_count"
        }
    }

    public static func parseList(json stdout: String) throws(ParseError) -> [ReplicationJob] {
        let command = "pvesh get /nodes/{node}/replication --output-format json"
        let raws = try PveshJSON.decode([Raw].self, from: stdout, command: command,
                                        expected: "a JSON array of replication jobs like [{\"id\":\"100-0\",…}]")
        return try raws.map { raw throws(ParseError) in
            guard let id = raw.id, let target = raw.target else {
                throw ParseError(command: command, line: 1, text: raw.id, expected: "every job to have an id and a target")
            }
            // 0 means "never" for both times (extract_job_state starts them at 0).
            let last = raw.lastSync.flatMap { $0 > 0 ? $0 : nil }
            let next = raw.nextSync.flatMap { $0 > 0 ? $0 : nil }
            return ReplicationJob(
                id: id, guest: raw.guest ?? Int(id.split(separator: "-").first ?? "") ?? 0, guestType: raw.vmtype,
                source: raw.source, target: target, schedule: raw.schedule ?? "*/15", enabled: !(raw.disable ?? false),
                lastSync: last, lastSyncAt: last.map(isoTime), lastTry: raw.lastTry.flatMap { $0 > 0 ? $0 : nil },
                durationSeconds: raw.duration, nextSync: next, nextSyncAt: next.map(isoTime), failCount: raw.failCount ?? 0,
                error: raw.error, state: raw.pid != nil ? "SYNCING" : (raw.error ?? "OK"), rateLimitMBps: raw.rate,
                comment: raw.comment)
        }.sorted { ($0.guest, $0.id) < ($1.guest, $1.id) }
    }
}
