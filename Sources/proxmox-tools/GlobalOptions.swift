import ArgumentParser

/// Options every subcommand shares; pulled in with `@OptionGroup`.
struct GlobalOptions: ParsableArguments {
    @Option(name: .customLong("hosts-dir"), help: ArgumentHelp(
        "Inventory directory (default: $PROXMOX_TOOLS_HOSTS_DIR, ./hosts.d, ~/.config/proxmox-tools/hosts.d, /etc/proxmox-tools/hosts.d).",
        valueName: "dir"))
    var hostsDir: String?

    @Option(name: .long, help: ArgumentHelp(
        "Node alias from the inventory (default: the `default: true` node, or the only node).",
        valueName: "alias"))
    var host: String?

    @Flag(name: .long, help: "Print machine-readable JSON instead of text.")
    var json = false

    @Option(name: .customLong("log-level"), help: ArgumentHelp(
        "Log level on stderr: trace, debug, info, notice, warning, error, critical.", valueName: "level"))
    var logLevel: String = "warning"
}
