/// How much a host lets `proxmox_run_host_command` do (`policy:` in hosts.d).
public enum PolicyMode: String, Sendable, Codable, CaseIterable, Hashable {
    /// An allow-list of read verbs and read subcommands only.
    case readOnly = "read-only"
    /// Known-safe commands run, destructive or unknown ones ask a person, uncheckable ones are refused (the default).
    case guarded
    /// No checks; still audited.
    case unrestricted
}
