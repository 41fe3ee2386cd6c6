import ArgumentParser
import Foundation
import ProxmoxModel

/// `proxmox-tools hosts`: the inventory. A group so that `hosts trust ALIAS` can join `list`.
struct HostsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hosts",
        abstract: "Show the inventory: alias, address, user, policy, tags, default.",
        discussion: """
            The inventory is every *.yaml / *.yml file in the first of: --hosts-dir DIR,
            $PROXMOX_TOOLS_HOSTS_DIR, ./hosts.d, $XDG_CONFIG_HOME/proxmox-tools/hosts.d
            (~/.config/proxmox-tools/hosts.d), /etc/proxmox-tools/hosts.d.

            Examples:
              proxmox-tools hosts                      # the inventory in use
              proxmox-tools hosts --hosts-dir ./lab.d  # a specific directory
              proxmox-tools hosts --json | jq '.hosts[].alias'
            """,
        subcommands: [HostsListCommand.self, HostsTrustCommand.self],
        defaultSubcommand: HostsListCommand.self)
}

/// `proxmox-tools hosts list` (also plain `hosts`): where the inventory is, then one row per host.
struct HostsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the hosts (the default for `hosts`).")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let listing = InventoryListing(try global.loadInventory())
        if global.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(listing), as: UTF8.self))
        } else {
            print(listing.text)
        }
    }
}
