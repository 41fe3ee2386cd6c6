import ArgumentParser
import Foundation
import MCP
import ToolKit

/// `proxmox-tools tools`: what the registry offers.
struct ToolsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tools",
        abstract: "List the tools (name, read-only or not, one-line description); --json prints tools/list.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let definitions = ToolRegistry.standard.definitions
        if global.json {
            print(try JSONValueCoding.prettyJSON(ListTools.Result(tools: definitions.map(\.mcpTool))))
            return
        }
        let rows = definitions.map { definition in
            [definition.name, definition.hints.readOnly ? "read-only" : "changes state", Self.firstSentence(definition.description)]
        }
        print(TableRenderer.render(header: ["TOOL", "ACCESS", "DESCRIPTION"], rows: rows))
    }

    /// The description's first sentence, without the command in parentheses, as one line.
    static func firstSentence(_ text: String) -> String {
        let sentence = text.range(of: ". ").map { String(text[..<$0.lowerBound]) } ?? text
        let plain = sentence.replacing(/\ \(`[^)]*\)/, with: "")
        return plain.count > 100 ? String(plain.prefix(99)) + "…" : plain
    }
}
