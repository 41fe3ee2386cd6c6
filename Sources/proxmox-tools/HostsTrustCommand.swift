import ArgumentParser
import Foundation
import NodeAccess
import ProxmoxModel

/// `proxmox-tools hosts trust ALIAS`: show a node's host key fingerprint and, after `--yes` or a
/// typed confirmation, add it to the host's known_hosts. A changed key is never overwritten.
struct HostsTrustCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trust",
        abstract: "Fetch a node's SSH host key, show its fingerprint, and add it to known_hosts.",
        discussion: """
            Compare the fingerprint with the one the node itself shows (on its console:
            ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub) before you confirm.

            Examples:
              proxmox-tools hosts trust pve2
              proxmox-tools hosts trust pve2 --yes     # no prompt (scripts)
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The node alias.")
    var alias: String

    @Flag(name: .long, help: "Trust without asking.")
    var yes = false

    func run() async throws {
        let inventory = try global.loadInventory()
        let host: InventoryHost
        do throws(InventoryError) {
            host = try inventory.host(named: alias)
        } catch {
            throw CLIFailure(message: error.description, code: ExitStatus.failure)
        }
        let scan: HostKeyTrust.Scan
        do throws(Failure) {
            scan = try await HostKeyTrust.scan(host, environment: ProcessInfo.processInfo.environment)
        } catch {
            throw CLIFailure(message: error.description, code: ExitStatus.failure)
        }
        print("\(host.alias) (\(host.endpoint)) offers \(scan.key.type) \(scan.key.fingerprint)")
        switch scan.status {
        case .alreadyTrusted:
            print("Already trusted in \(scan.knownHostsFile).")
            return
        case .revoked:
            throw CLIFailure(message: "this key is marked @revoked in \(scan.knownHostsFile); not trusting it.", code: ExitStatus.failure)
        case .changed(let expected):
            throw CLIFailure(message: """
                REFUSED: the key differs from the recorded one: \(expected.joined(separator: ", ")).
                Nothing was changed. If the node was reinstalled, verify the new fingerprint on its console, then:
                  ssh-keygen -R '\(host.port == 22 ? host.address : "[\(host.address)]:\(host.port)")' -f \(host.knownHosts)
                  proxmox-tools hosts trust \(host.alias)
                """, code: ExitStatus.failure)
        case .unknown:
            break
        }
        if !yes {
            guard isatty(STDIN_FILENO) == 1 else {
                throw CLIFailure(message: "not trusting without confirmation: re-run with --yes, or run it in a terminal.", code: ExitStatus.usage)
            }
            FileHandle.standardError.write(Data("Check it on the node: ssh-keygen -lf /etc/ssh/ssh_host_\(scan.key.type.contains("ed25519") ? "ed25519" : scan.key.type.contains("ecdsa") ? "ecdsa" : "rsa")_key.pub\nType 'yes' to add it to \(scan.knownHostsFile): ".utf8))
            guard readLine()?.trimmingCharacters(in: .whitespaces).lowercased() == "yes" else {
                throw CLIFailure(message: "not trusted; nothing was changed.", code: ExitStatus.declined)
            }
        }
        do {
            try HostKeyTrust.append(scan)
        } catch {
            throw CLIFailure(message: "\(error)", code: ExitStatus.failure)
        }
        print("Added to \(scan.knownHostsFile): \(scan.line)")
    }
}

/// An error the CLI reports as `proxmox-tools: message` on stderr, exiting with `code`.
struct CLIFailure: Error, CustomStringConvertible {
    var message: String
    var code: Int32
    var description: String { message }
}
