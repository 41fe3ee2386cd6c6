import ArgumentParser
import Foundation
import MCPHTTP
import MCPServer
import ToolKit
import ProxmoxModel
import ShellPolicy

/// `proxmox-tools tokens add NAME`: a principal for `serve --http`.
struct TokensCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens",
        abstract: "Manage the bearer tokens of `serve --http`.",
        subcommands: [TokensAddCommand.self])
}

struct TokensAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Create a principal's token: printed once, only its SHA-256 is stored.",
        discussion: """
            Example:
              proxmox-tools tokens add alice --policy guarded --hosts tag:prod --hosts pve1 --tokens /etc/proxmox-tools/tokens.yaml
            The file is created with mode 0600 if missing; other principals in it are kept. Adding a
            name that exists replaces its token (the old one stops working).
            """)

    @Argument(help: "The principal's name (letters, digits, '.', '_', '-'); the audit log records it.")
    var name: String

    @Option(name: .long, help: ArgumentHelp("The most this principal may do: read-only, guarded, unrestricted.", valueName: "policy"))
    var policy: String = "read-only"

    @Option(name: .long, help: ArgumentHelp("A host alias or tag:NAME it may use (repeatable; default every host).", valueName: "selector"))
    var hosts: [String] = []

    @Option(name: .long, help: ArgumentHelp("The tokens file.", valueName: "file"))
    var tokens: String

    func run() async throws {
        guard TokensFile.isValidName(name) else {
            throw ValidationError("'\(name)' is not a valid principal name (letters, digits, '.', '_', '-'; not stdio or local)")
        }
        guard let mode = PolicyMode(rawValue: policy) else {
            throw ValidationError("--policy must be read-only, guarded or unrestricted (got '\(policy)')")
        }
        var file: TokensFile
        do { file = try TokensFile.load(tokens) } catch { throw CLIFailure(message: error.description, code: 64) }
        let token = TokenAuthenticator.newToken()
        let entry = TokensFile.Entry(principal: Principal(name: name, policy: mode, hosts: hosts.isEmpty ? nil : hosts),
                                     tokenSHA256: TokenAuthenticator.digest(of: token))
        if let index = file.entries.firstIndex(where: { $0.principal.name == name }) {
            file.entries[index] = entry
        } else {
            file.entries.append(entry)
        }
        do { try file.write(to: tokens) } catch { throw CLIFailure(message: "cannot write \(tokens): \(error)", code: 1) }
        print(token)
        FileHandle.standardError.write(Data("proxmox-tools: \(name) (\(mode.rawValue)) added to \(tokens); the token above is shown only now. Clients send it as `Authorization: Bearer <token>`.\n".utf8))
    }
}
