import ArgumentParser
import Foundation
import Logging
import ShellPolicy

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
    var logLevel: Logger.Level = .warning

    @Option(name: .customLong("max-connecting"), help: ArgumentHelp(
        "At most this many nodes connect (TCP, SSH handshake, authentication) at once; the rest wait their turn. Keeps a cold fan-out over hundreds of nodes under sshd's MaxStartups and the file limit.",
        valueName: "n"))
    var maxConnecting: Int = 32

    @Option(name: .customLong("server"), help: ArgumentHelp(
        "Run tool calls through a running `proxmox-tools serve --socket PATH` (its warm sessions, policy and audit) instead of connecting yourself (default: $PROXMOX_TOOLS_SERVER).",
        valueName: "unix:path"))
    var server: String?

    /// `--server`, else `$PROXMOX_TOOLS_SERVER`; nil = connect to the nodes directly.
    func runningServer(environment: [String: String] = ProcessInfo.processInfo.environment) throws(CLIFailure) -> RunningServer? {
        guard let text = server ?? environment["PROXMOX_TOOLS_SERVER"].flatMap({ $0.isEmpty ? nil : $0 }) else { return nil }
        return try RunningServer.parse(text)
    }

    func validate() throws {
        guard (1...1024).contains(maxConnecting) else {
            throw ValidationError("--max-connecting must be between 1 and 1024 (got \(maxConnecting))")
        }
    }
}

/// `--log-level trace|debug|…` in any case; anything else is a usage error that lists the levels.
extension Logger.Level: @retroactive ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

/// `--mode read-only|guarded|unrestricted`; anything else is a usage error that lists them.
extension PolicyMode: ExpressibleByArgument {
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}
