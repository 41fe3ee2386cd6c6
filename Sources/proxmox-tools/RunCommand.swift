import ArgumentParser
import ProxmoxTools

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a shell command on one node (the default subcommand).")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The command, run by the node's login shell. Quote it as one argument.")
    var command: String

    func run() async throws {
        print("TODO run \(command) on \(global.host ?? "-")")
    }
}
