import ArgumentParser
import Foundation
import ShellPolicy
import ProxmoxModel

/// `proxmox-tools policy`: what the command policy would decide, without connecting anywhere.
struct PolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Explain whether a command would be allowed, without running it (exit 0 allow, 125 ask, 126 deny).",
        discussion: """
            Prints `allow`, `ask: <why>` (a person must approve it) or `deny: <why>`. The mode is
            --mode, else the policy of --host (or the default host) from the inventory, else guarded;
            the host's `allow:`/`deny:`/`approval:` rules apply when a host is used. Nothing connects
            to a node.

            Examples:
              proxmox-tools policy "qm list"                   # allow
              proxmox-tools policy "qm destroy 100"            # ask: `qm destroy` destroys a guest …
              proxmox-tools policy 'eval "$X"'                 # deny: `eval` runs a string …
              proxmox-tools policy --mode read-only "qm start 100"
              proxmox-tools policy --host pve2 --json "ls; rm -rf /tmp/x"
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("Policy mode: read-only, guarded or unrestricted.", valueName: "mode"))
    var mode: PolicyMode?

    @Argument(help: "The command line to judge, as one argument.")
    var command: String

    func run() async throws {
        let (mode, rules) = try resolvedPolicy()
        let verdict = CommandPolicy.evaluate(command, mode: mode, rules: rules)
        if global.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(verdict), as: UTF8.self))
        } else {
            let why = verdict.reason ?? "refused by the \(verdict.mode.rawValue) policy"
            switch verdict.verdict {
            case .allow: print("allow")
            case .ask: print("ask: \(why)")
            case .deny: print("deny: \(why)")
            }
        }
        switch verdict.verdict {
        case .allow: break
        case .ask: throw ExitCode(ExitStatus.ask)
        case .deny: throw ExitCode(ExitStatus.blocked)
        }
    }

    private func resolvedPolicy() throws -> (PolicyMode, PolicyRules) {
        // Only consult the inventory when asked to, or when one exists: `policy` must work anywhere.
        let explicit = global.host != nil || (mode == nil && (global.hostsDir != nil
            || ProcessInfo.processInfo.environment["PROXMOX_TOOLS_HOSTS_DIR"] != nil))
        var rules = PolicyRules.none
        var hostMode: PolicyMode?
        if explicit {
            let inventory = try global.loadInventory()
            do throws(InventoryError) {
                let host = try inventory.host(named: global.host)
                (hostMode, rules) = (host.policy, host.rules)
            } catch {
                throw CLIFailure(message: error.description, code: ExitStatus.failure)
            }
        }
        if let mode { return (mode, rules) }
        return (hostMode ?? .guarded, rules)
    }
}
