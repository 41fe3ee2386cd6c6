import Foundation
import Testing
import ToolKit

/// README.md documents every tool in one table row ("| `proxmox_…` | … | example prompt |") and
/// says how many there are; both follow the registry.
@Suite("README tool table")
struct ReadmeToolTableTests {
    static func readme() throws -> String {
        let url = Fixtures.root.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("README.md")
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// The tool names of the table rows, in order.
    static func tableTools(_ readme: String) -> [String] {
        readme.split(separator: "\n").compactMap { line in
            guard let match = line.firstMatch(of: /^\| `(proxmox_[a-z_]+)` \|/) else { return nil }
            return String(match.1)
        }
    }

    @Test func everyRegisteredToolHasOneRowAndNoRowNamesAnUnknownTool() throws {
        let rows = Self.tableTools(try Self.readme())
        let names = ToolRegistry.standard.names
        #expect(rows.count == Set(rows).count, "a tool appears twice in README's tool table")
        #expect(Set(names).subtracting(rows).isEmpty, "missing from README's tool table: \(Set(names).subtracting(rows).sorted())")
        #expect(Set(rows).subtracting(names).isEmpty, "README documents tools that do not exist: \(Set(rows).subtracting(names).sorted())")
    }

    @Test func theToolCountMatchesTheRegistry() throws {
        let readme = try Self.readme()
        let counts = readme.matches(of: /\*\*(\d+) tools\*\*/).compactMap { Int($0.1) }
        #expect(!counts.isEmpty, "README should say **N tools**")
        #expect(counts.allSatisfy { $0 == ToolRegistry.standard.names.count }, "README says \(counts) tools, the registry has \(ToolRegistry.standard.names.count)")
    }
}
