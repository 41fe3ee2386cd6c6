import Foundation
import Testing
@testable import ProxmoxModel

/// hosts.d/README.md's key table, the `defaults:` sentence under it, README.md's key list and the
/// `hosts --json` fields all follow `InventoryKey.descriptor`; these fail when one drifts.
@Suite("Inventory key table")
struct InventoryKeyTableTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func text(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    /// The lines of the first table after `## Keys`.
    static func keyTable(_ readme: String) -> String {
        let lines = readme.split(separator: "\n", omittingEmptySubsequences: false)
        guard let heading = lines.firstIndex(of: "## Keys") else { return "" }
        let table = lines[(heading + 1)...].drop { !$0.hasPrefix("|") }.prefix { $0.hasPrefix("|") }
        return table.joined(separator: "\n")
    }

    @Test func hostsReadmeKeyTableIsTheDescriptors() throws {
        let table = Self.keyTable(try Self.text("hosts.d/README.md"))
        #expect(table == InventoryKey.documentationTable,
                "hosts.d/README.md's key table differs from InventoryKey.descriptor; expected:\n\(InventoryKey.documentationTable)")
    }

    @Test func theDefaultsSentenceNamesTheKeysThatDifferFromTheTable() throws {
        let readme = try Self.text("hosts.d/README.md")
        let hostOnly = InventoryKey.allCases.filter { !$0.descriptor.allowedUnderDefaults }.map { "`\($0.rawValue)`" }
        let defaultsOnly = InventoryKey.allCases.filter { !$0.descriptor.allowedOnHost }.map { "`\($0.rawValue)`" }
        #expect(hostOnly == ["`address`", "`default`"] && defaultsOnly == ["`audit_log`"],
                "update the `defaults:` sentence in hosts.d/README.md and this test")
        #expect(readme.contains("it takes every key above except \(hostOnly.joined(separator: " and ")), plus \(defaultsOnly.joined(separator: ", "))"))
    }

    @Test func everyKeyReadmeNamesIsAKey() throws {
        let readme = try Self.text("README.md")
        let start = try #require(readme.range(of: "Every key, with its default, is in"))
        let end = try #require(readme.range(of: "block every host inherits", range: start.upperBound..<readme.endIndex))
        let named = readme[start.upperBound..<end.lowerBound].matches(of: /`([a-z_]+)`/).map { String($0.1) }
        #expect(!named.isEmpty)
        let known = Set(InventoryKey.allCases.map(\.rawValue)).union([InventoryKey.defaultsSection])
        #expect(Set(named).subtracting(known).isEmpty, "README.md names keys that do not exist: \(Set(named).subtracting(known).sorted())")
    }

    @Test func everyDocumentedHostKeyHasADescriptionAndEveryKeyIsDocumentedOrDefaultsOnly() {
        for key in InventoryKey.allCases {
            let descriptor = key.descriptor
            #expect(descriptor.key == key)
            #expect((descriptor.documentation != nil) == descriptor.allowedOnHost, "\(key.rawValue)")
        }
    }

    @Test func hostsJSONListsExactlyTheListedKeys() throws {
        let inventory = Inventory(hosts: [InventoryHost(alias: "a", address: "10.0.0.1", knownHosts: "/k")])
        let data = try JSONEncoder().encode(InventoryListing(inventory))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let hosts = try #require(object["hosts"] as? [[String: Any]])
        let listed = Set(InventoryKey.allCases.compactMap(\.descriptor.listedAs))
        #expect(Set(hosts[0].keys).subtracting(["alias", "source"]) == listed)
    }
}
