import ArgumentParser
import Foundation
import ProxmoxTools

/// `proxmox-tools policy`: what the command policy would decide, without connecting anywhere.
struct PolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Explain whether a command would be allowed, without running it (exit 0 allow, 126 deny).",
        discussion: """
            The mode is --mode, else the policy of --host (or the default host) from the inventory,
            else guarded. Nothing connects to a node.

            Examples:
              proxmox-tools policy "qm destroy 100"            # deny: `qm destroy` destroys a guest …
              proxmox-tools policy --mode read-only "qm start 100"
              proxmox-tools policy --host pve2 --json "ls; rm -rf /tmp/x"
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("Policy mode: read-only, guarded or unrestricted.", valueName: "mode"))
    var mode: String?

    @Argument(help: "The command line to judge, as one argument.")
    var command: String

    func validate() throws {
        if let mode, PolicyMode(rawValue: mode) == nil {
            throw ValidationError("unknown mode '\(mode)': use read-only, guarded or unrestricted")
        }
    }

    func run() async throws {
        let verdict = CommandPolicy.evaluate(command, mode: try resolvedMode())
        if global.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(verdict), as: UTF8.self))
        } else {
            print(verdict.allowed ? "allow" : "deny: \(verdict.reason ?? "refused by the \(verdict.mode.rawValue) policy")")
        }
        if !verdict.allowed { throw ExitCode(126) }
    }

    private func resolvedMode() throws -> PolicyMode {
        if let mode { return PolicyMode(rawValue: mode)! }
        // Only consult the inventory when asked to, or when one exists: `policy` must work anywhere.
        let explicit = global.host != nil || global.hostsDir != nil
            || ProcessInfo.processInfo.environment["PROXMOX_TOOLS_HOSTS_DIR"] != nil
        guard explicit else { return .guarded }
        let inventory = try global.loadInventory()
        do throws(InventoryError) {
            return try inventory.host(named: global.host).policy
        } catch {
            throw CLIFailure(message: error.description, code: 255)
        }
    }
}
