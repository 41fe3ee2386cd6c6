/// Policy v3 spec: `pvesh`, the Proxmox API on the command line, and how its paths are read.
///
/// Sources read: pve-manager `PVE/CLI/pvesh.pm` (`--noproxy`/`--nooutput` only as the very first
/// words; `get`/`ls`/`set`/`create`/`delete`/`usage`; the path's own parameters merged into each
/// command's options), pve-common `src/PVE/RESTHandler.pm` (`find_handler` splits the path on runs
/// of `/` and skips empty parts; nothing is percent-decoded), pve-manager `PVE/API2/Nodes.pm`,
/// `PVE/API2/Cluster.pm`, `PVE/API2/ACMEPlugin.pm`, qemu-server `src/PVE/API2/Qemu/Agent.pm`.
extension ProxmoxSpecs {
    private typealias C = PVECLI

    private static let noproxy = C.flag("noproxy", .effect(.ask("`pvesh --noproxy` runs a node's API handler here, outside the checks of its proxying")))

    /// Query parameters of everyday GETs (`/cluster/resources --type vm`, `/nodes/N/tasks --errors`).
    private static let getParameters: [OptionSpec] = [
        "type", "vmid", "limit", "start", "source", "typefilter", "statusfilter", "userfilter", "since", "until",
        "content", "storage", "format", "target", "timeframe", "cf", "snapshot", "lastentries", "service",
        "startcursor", "endcursor", "node", "guest", "path", "userid", "kind", "ds", "class", "pid",
    ].map { C.value($0) } + ["full", "errors", "current", "enabled", "verbose", "running", "pending", "all"].map { C.flag($0) }

    private static let powerParameters: [OptionSpec] = [
        C.value("timeout"), C.flag("forceStop"), C.flag("overrule-shutdown"), C.flag("todisk"), C.value("statestorage"),
        C.flag("skiplock", .effect(.ask("`--skiplock` ignores the lock another task holds"))),
    ]

    private static let snapshotParameters: [OptionSpec] = [C.value("snapname"), C.flag("vmstate"), C.value("description")]

    static let pvesh: ProgramSpec = {
        let read = C.output + [noproxy] + getParameters
        let write = C.output + [noproxy] + qemuHostCode
        var spec = C.program("pvesh", [
            C.command("get", read, refine: { parsed, judgement in judgeAPIPaths(parsed, &judgement, method: "get") }),
            C.command("ls", read, refine: { parsed, judgement in judgeAPIPaths(parsed, &judgement, method: "ls") }),
            C.command("usage", [C.flag("verbose"), C.value("command"), C.flag("returns")],
                      refine: { parsed, judgement in judgeAPIPaths(parsed, &judgement, method: "usage") }),
            C.command("create", C.merged(write, vzdumpOptions, [C.value("vmid")], powerParameters, snapshotParameters),
                      effect: .change("`pvesh create` starts a backup, a power action or a snapshot"),
                      refine: { parsed, judgement in judgeAPIPaths(parsed, &judgement, method: "create") }),
            C.command("set", write, effect: .ask("`pvesh set` changes configuration through the API"),
                      refine: { parsed, judgement in judgeAPIPaths(parsed, &judgement, method: "set") }),
            C.command("delete", write, effect: .ask("`pvesh delete` deletes through the API"),
                      refine: { parsed, judgement in judgeAPIPaths(parsed, &judgement, method: "delete") }),
        ])
        // Only as the very first words (pvesh.pm's compatibility loop), before the command.
        spec.options = [OptionSpec(["--noproxy"], .none, noproxy.effect), OptionSpec(["--nooutput"])]
        return spec
    }()

    /// Checks every operand as an API path (PVE refuses extra operands, so only the first is one) and
    /// shows the path as the router reads it.
    static func judgeAPIPaths(_ parsed: ParsedArguments, _ judgement: inout ProgramJudgement, method: String) {
        guard let first = parsed.operands.first else { return }
        for operand in parsed.operands {
            guard let text = operand.literal else {
                judgement.effect = judgement.effect.joined(.deny("the API path `\(operand.display)` is only known at run time"))
                return
            }
            let path = ProxmoxAPIPath(text)
            if let problem = path.problem { judgement.effect = judgement.effect.joined(problem) }
            if method == "get" || method == "ls", let secret = path.secretReason {
                judgement.effect = judgement.effect.joined(.ask(secret))
            }
        }
        guard let text = first.literal else { return }
        let path = ProxmoxAPIPath(text)
        if let index = judgement.normalized.operands.firstIndex(of: first) {
            judgement.normalized.operands[index] = .literal(path.normalized)
        }
        if method == "create" { judgeCreate(path, parsed, &judgement) }
    }

    /// `pvesh create` is a change only for what `vzdump`, `qm start|shutdown|…` and `qm snapshot` do.
    private static func judgeCreate(_ path: ProxmoxAPIPath, _ parsed: ParsedArguments, _ judgement: inout ProgramJudgement) {
        let allowed: [OptionSpec]
        switch path.createKind {
        case .backup:
            allowed = vzdumpOptions + [C.value("vmid")]
            vzdumpNeedsStorage(parsed, &judgement)
        case .power: allowed = powerParameters
        case .snapshot: allowed = snapshotParameters
        case nil:
            judgement.effect = judgement.effect.joined(.ask("`pvesh create \(path.normalized)` calls the API's POST"))
            return
        }
        let names = Set((allowed + C.output + [noproxy]).compactMap(\.names.first))
        for option in parsed.options where !names.contains(option.spec.names.first ?? "") {
            judgement.effect = judgement.effect.joined(.ask("`\(option.written)` is not an option of `pvesh create \(path.normalized)`"))
        }
    }
}

/// An API path as `PVE::RESTHandler::find_handler` reads it: split on runs of `/`, empty parts skipped,
/// no percent-decoding, no `.`/`..` resolution (a `.` would be taken as a node or guest name).
struct ProxmoxAPIPath: Sendable, Hashable {
    let segments: [String]

    init(_ text: String) {
        segments = text.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    }

    /// `/nodes/pve1/qemu` for `nodes//pve1/qemu/`.
    var normalized: String { "/" + segments.joined(separator: "/") }

    /// Spellings whose meaning we would have to guess: dot segments, escapes, control characters.
    var problem: Effect? {
        for segment in segments {
            if segment == "." || segment == ".." {
                return .ask("the API path segment `\(segment)` is not resolved by Proxmox's router; write the path out")
            }
            if segment.contains("%") || segment.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) {
                return .ask("the API path `\(normalized)` contains escapes or control characters")
            }
        }
        return nil
    }

    private var lowered: [String] { segments.map { $0.lowercased() } }

    /// Why a GET of this path needs a person: tickets, console tunnels, guest files, credentials.
    var secretReason: String? {
        let parts = lowered
        let consoles: Set<String> = ["vncproxy", "spiceproxy", "termproxy", "vncwebsocket", "vncshell", "spiceshell",
                                     "mtunnel", "mtunnelwebsocket"]
        if let last = parts.last, consoles.contains(last) {
            return "`\(normalized)` hands out a console or tunnel ticket"
        }
        if parts.contains("file-read") { return "`\(normalized)` reads a file inside the guest" }
        if parts.contains("tfa") { return "`\(normalized)` shows second-factor settings" }
        if parts.starts(with: ["access", "ticket"]) { return "`\(normalized)` is the login ticket endpoint" }
        if parts.starts(with: ["cluster", "config", "join"]) { return "`\(normalized)` shows what a node needs to join the cluster" }
        if parts.starts(with: ["cluster", "acme", "plugins"]) { return "`\(normalized)` shows DNS plugin credentials" }
        if parts.starts(with: ["cluster", "notifications", "endpoints"]) { return "`\(normalized)` shows notification endpoint settings, credentials included" }
        if parts.contains("query-url-metadata") { return "`\(normalized)` makes the node fetch a URL" }
        if parts.contains("file-restore"), parts.last == "download" { return "`\(normalized)` downloads a file from a backup" }
        return nil
    }

    enum CreateKind { case backup, power, snapshot }

    /// The POSTs that are everyday changes: `/nodes/N/vzdump`, `/nodes/N/{qemu,lxc}/ID/status/ACTION`,
    /// `/nodes/N/{qemu,lxc}/ID/snapshot`.
    var createKind: CreateKind? {
        let parts = segments
        guard parts.count >= 3, parts[0] == "nodes" else { return nil }
        if parts.count == 3, parts[2] == "vzdump" { return .backup }
        guard parts[2] == "qemu" || parts[2] == "lxc" else { return nil }
        if parts.count == 5, parts[4] == "snapshot" { return .snapshot }
        let actions: Set<String> = ["start", "stop", "shutdown", "reboot", "suspend", "resume", "reset"]
        if parts.count == 6, parts[4] == "status", actions.contains(parts[5]) { return .power }
        return nil
    }
}
