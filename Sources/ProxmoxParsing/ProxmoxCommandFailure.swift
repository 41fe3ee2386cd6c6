import ProxmoxModel

/// Classifies a failed Proxmox CLI command (`qm`, `pct`, `pvesh`, `pvesm`, `pvecm`) from its
/// stderr, so a tool can answer with a stable code and the node's own words.
///
/// Codes: `not_found`, `permission_denied`, `cluster_filesystem_unavailable`, `not_a_cluster`,
/// `corosync_unavailable`, `no_quorum`, `invalid_argument`, `unknown_command`, `unknown_node`,
/// `locked`, `not_proxmox`, and `command_failed` for anything else. The failure's `message` is the
/// node's own stderr (without blank lines or long usage listings); `remedy` says what to do.
extension Failure {
    /// Classifies the stderr of a Proxmox command that failed (non-zero exit). The message texts
    /// are the ones listed in Tests/Fixtures/samples/errors.md; unknown text falls back to
    /// `command_failed` carrying the node's stderr unchanged.
    ///
    /// Call it only for failures: some successful commands also write warnings to stderr
    /// (`storage 'nas-backup' is not online` with exit 0).
    public static func proxmoxCommand(stderr: String, exitCode: Int32?) -> Failure {
        let lines = stderr.numberedLines.filter { !$0.isBlank }.map { String($0.text.strippingPadding()) }
        let text = lines.joined(separator: "\n")
        func error(_ code: FailureCode, _ remedy: String?, message: String = text) -> Failure {
            Failure(code, message, remedy: remedy)
        }

        // errors.md 1–5: `qm`/`pct` only look at the node they run on, whatever the VMID.
        if let match = text.firstMatch(of: /Configuration file 'nodes\/([^\/']+)\/(qemu-server|lxc)\/(\d+)\.conf' does not exist/) {
            let (node, kind, id) = (match.output.1, match.output.2, match.output.3)
            let guest = kind == "lxc" ? "container \(id)" : "VM \(id)"
            let lister = kind == "lxc" ? "proxmox_list_containers" : "proxmox_list_vms"
            return error(.notFound, "There is no \(guest) on node \(node). A guest is only visible on the node "
                         + "that runs it (and a VMID may belong to a VM or a container); use \(lister) "
                         + "without a host to see every node's guests.", message: String(match.output.0))
        }
        if text.contains("unable to find configuration file for VM") || text.contains("No 'get' handler defined") {
            return error(.notFound, nil)
        }
        // errors.md 6: pmxcfs refuses IPC from anyone but root (or www-data, who then gets this).
        if text.contains("please run as root") || text.contains("Unknown error -1") {
            return error(.permissionDenied, "The Proxmox tools only work as root. Connect to this node as "
                         + "root (`user: root` in its hosts.d entry).")
        }
        // errors.md 7: pve-cluster.service (pmxcfs) is down.
        if text.contains("ipcc_send_rec") {
            return error(.clusterFilesystemUnavailable, "pve-cluster.service (pmxcfs, /etc/pve) is not running "
                         + "on this node; check `systemctl status pve-cluster`.")
        }
        if ClusterStatus.isStandaloneMessage(text) {
            return error(.notACluster, "This node is standalone: it has no corosync.conf.")
        }
        if text.contains("Cannot initialize CMAP service") || text.contains("Cannot initialize QUORUM service") {
            return error(.corosyncUnavailable, "corosync is not running on this node; check "
                         + "`systemctl status corosync`.")
        }
        if text.contains("no quorum") {
            return error(.noQuorum, "The node has lost quorum, so /etc/pve is read-only; check the cluster "
                         + "with proxmox_cluster_status.")
        }
        if text.contains("is locked (") {
            return error(.locked, "The guest is locked by a running task (backup, migration, snapshot); "
                         + "wait for it to finish.")
        }
        // errors.md 8: `400 Parameter verification failed.` + one line per parameter + usage line.
        if let first = lines.first, first.hasPrefix("400 ") || first.hasPrefix("Unknown option") {
            let withoutUsage = lines.filter { !$0.contains(" [OPTIONS]") && !$0.hasPrefix("USAGE:") }
            return error(.invalidArgument, nil, message: withoutUsage.joined(separator: "\n"))
        }
        // errors.md 15: the first line names the command; a long usage listing follows.
        if let first = lines.first, first.hasPrefix("ERROR: unknown command") {
            return error(.unknownCommand, nil, message: first)
        }
        if text.contains("hostname lookup '") {
            return error(.unknownNode, "The API path names a node that is not in this cluster.")
        }
        if exitCode == 127 || text.contains("command not found") {
            return error(.notProxmox, "The command is missing on this host. Is it a Proxmox VE node?")
        }
        let fallback = text.isEmpty
            ? "the command exited with status \(exitCode.map(String.init) ?? "unknown") and wrote nothing to stderr"
            : text
        return error(.commandFailed, nil, message: fallback)
    }
}
