/// A failed Proxmox CLI command (`qm`, `pct`, `pvesh`, `pvesm`, `pvecm`), classified from its
/// stderr so a tool can answer with a stable code and the node's own words.
///
/// Codes: `not_found`, `permission_denied`, `cluster_filesystem_unavailable`, `not_a_cluster`,
/// `corosync_unavailable`, `no_quorum`, `invalid_argument`, `unknown_command`, `unknown_node`,
/// `locked`, `not_proxmox`, and `command_failed` for anything else.
public struct ProxmoxCommandError: Error, CustomStringConvertible, Sendable, Hashable, Codable {
    /// A stable, machine-readable code (see the type's documentation).
    public var code: String
    /// The node's own message: its stderr without blank lines or the long usage listings.
    public var message: String
    /// What the reader can do about it, when there is something specific to say.
    public var hint: String?
    public var exitCode: Int32?

    public init(code: String, message: String, hint: String? = nil, exitCode: Int32? = nil) {
        self.code = code
        self.message = message
        self.hint = hint
        self.exitCode = exitCode
    }

    public var description: String { hint.map { "\(message)\n\($0)" } ?? message }

    /// Classifies the stderr of a Proxmox command that failed (non-zero exit). The message texts
    /// are the ones listed in Tests/Fixtures/samples/errors.md; unknown text falls back to
    /// `command_failed` carrying the node's stderr unchanged.
    ///
    /// Call it only for failures: some successful commands also write warnings to stderr
    /// (`storage 'nas-backup' is not online` with exit 0).
    public static func interpret(stderr: String, exitCode: Int32?) -> ProxmoxCommandError {
        let lines = stderr.numberedLines.filter { !$0.isBlank }.map { String($0.text.strippingPadding()) }
        let text = lines.joined(separator: "\n")
        func error(_ code: String, _ hint: String?, message: String = text) -> ProxmoxCommandError {
            ProxmoxCommandError(code: code, message: message, hint: hint, exitCode: exitCode)
        }

        // errors.md 1–5: `qm`/`pct` only look at the node they run on, whatever the VMID.
        if let match = text.firstMatch(of: /Configuration file 'nodes\/([^\/']+)\/(qemu-server|lxc)\/(\d+)\.conf' does not exist/) {
            let (node, kind, id) = (match.output.1, match.output.2, match.output.3)
            let guest = kind == "lxc" ? "container \(id)" : "VM \(id)"
            let lister = kind == "lxc" ? "proxmox_list_containers" : "proxmox_list_vms"
            return error("not_found", "There is no \(guest) on node \(node). A guest is only visible on the node "
                         + "that runs it (and a VMID may belong to a VM or a container); use \(lister) "
                         + "without a host to see every node's guests.", message: String(match.output.0))
        }
        if text.contains("unable to find configuration file for VM") || text.contains("No 'get' handler defined") {
            return error("not_found", nil)
        }
        // errors.md 6: pmxcfs refuses IPC from anyone but root (or www-data, who then gets this).
        if text.contains("please run as root") || text.contains("Unknown error -1") {
            return error("permission_denied", "The Proxmox tools only work as root. Connect to this node as "
                         + "root (`user: root` in its hosts.d entry).")
        }
        // errors.md 7: pve-cluster.service (pmxcfs) is down.
        if text.contains("ipcc_send_rec") {
            return error("cluster_filesystem_unavailable", "pve-cluster.service (pmxcfs, /etc/pve) is not running "
                         + "on this node; check `systemctl status pve-cluster`.")
        }
        if ClusterStatus.isStandaloneMessage(text) {
            return error("not_a_cluster", "This node is standalone: it has no corosync.conf.")
        }
        if text.contains("Cannot initialize CMAP service") || text.contains("Cannot initialize QUORUM service") {
            return error("corosync_unavailable", "corosync is not running on this node; check "
                         + "`systemctl status corosync`.")
        }
        if text.contains("no quorum") {
            return error("no_quorum", "The node has lost quorum, so /etc/pve is read-only; check the cluster "
                         + "with proxmox_cluster_status.")
        }
        if text.contains("is locked (") {
            return error("locked", "The guest is locked by a running task (backup, migration, snapshot); "
                         + "wait for it to finish.")
        }
        // errors.md 8: `400 Parameter verification failed.` + one line per parameter + usage line.
        if let first = lines.first, first.hasPrefix("400 ") || first.hasPrefix("Unknown option") {
            let withoutUsage = lines.filter { !$0.contains(" [OPTIONS]") && !$0.hasPrefix("USAGE:") }
            return error("invalid_argument", nil, message: withoutUsage.joined(separator: "\n"))
        }
        // errors.md 15: the first line names the command; a long usage listing follows.
        if let first = lines.first, first.hasPrefix("ERROR: unknown command") {
            return error("unknown_command", nil, message: first)
        }
        if text.contains("hostname lookup '") {
            return error("unknown_node", "The API path names a node that is not in this cluster.")
        }
        if exitCode == 127 || text.contains("command not found") {
            return error("not_proxmox", "The command is missing on this host. Is it a Proxmox VE node?")
        }
        let fallback = text.isEmpty
            ? "the command exited with status \(exitCode.map(String.init) ?? "unknown") and wrote nothing to stderr"
            : text
        return error("command_failed", nil, message: fallback)
    }
}
