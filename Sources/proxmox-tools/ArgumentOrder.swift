import ArgumentParser
import Foundation
import Glibc

/// Lets the shared options come before the subcommand, as people type them:
/// `proxmox-tools --hosts-dir X hosts` and `proxmox-tools --host pve2 --json vms` work like
/// `proxmox-tools hosts --hosts-dir X`. (With a default subcommand, swift-argument-parser would
/// otherwise read `hosts` as the remote command to run.) A first word that is not a subcommand
/// stays the command for `run`: `proxmox-tools --host pve2 "qm list"`.
enum ArgumentOrder {
    /// Options that take a value, so the value is not mistaken for the subcommand.
    static let valued: Set<String> = ["--hosts-dir", "--host", "--log-level", "--timeout", "--audit-log", "--mode", "--max-connecting", "--server"]

    static func normalize(_ arguments: [String], root: any ParsableCommand.Type) -> [String] {
        var leading = [String]()
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" || !argument.hasPrefix("-") || argument == "-" { break }
            let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
            if valued.contains(name) && !argument.contains("=") && index + 1 < arguments.count {
                leading += [argument, arguments[index + 1]]
                index += 2
            } else {
                leading.append(argument)
                index += 1
            }
        }
        guard !leading.isEmpty else { return arguments }
        // Follow the chain of subcommand names (`hosts trust`), then put the options after it.
        var path = [String]()
        var command = root
        while index < arguments.count,
              let next = command.configuration.subcommands.first(where: { $0._commandName == arguments[index] }) {
            path.append(arguments[index])
            command = next
            index += 1
        }
        guard !path.isEmpty else { return arguments }
        return path + leading + arguments[index...]
    }
}

extension ProxmoxToolsCommand {
    static func main() async {
        let arguments = ArgumentOrder.normalize(Array(CommandLine.arguments.dropFirst()), root: ProxmoxToolsCommand.self)
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let failure as CLIFailure {
            FileHandle.standardError.write(Data("proxmox-tools: \(failure.message)\n".utf8))
            Glibc.exit(failure.code)
        } catch {
            exit(withError: error)
        }
    }
}
