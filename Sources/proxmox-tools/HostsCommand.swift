import ArgumentParser
import ProxmoxTools

struct HostsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hosts",
        abstract: "Show the inventory: alias, address, user, policy, tags, default.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        print("TODO hosts")
    }
}
