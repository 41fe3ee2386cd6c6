import Foundation
import Testing
import ProxmoxModel

/// The documented examples in the repository's hosts.d must stay valid, and must stay unloaded.
@Suite("Inventory examples in hosts.d")
struct InventoryExamplesTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("hosts.d").path

    static var examples: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".yaml.example") }.sorted()
    }

    @Test func thereAreExamples() {
        #expect(Self.examples.count >= 3, "hosts.d should hold the minimal, full and cluster examples")
    }

    @Test(arguments: examples)
    func exampleLoads(name: String) throws {
        let inventory = try InventoryLoader.load(
            directory: Self.directory + "/" + name, origin: "--hosts-dir", environment: ["HOME": "/home/tester"])
        #expect(!inventory.hosts.isEmpty)
        #expect(inventory.hosts.filter(\.isDefault).count <= 1)
    }

    @Test func nothingInTheDirectoryIsLoadedByDefault() {
        #expect(throws: InventoryLoadError.self) {
            try InventoryLoader.load(directory: Self.directory, origin: "current directory", environment: [:])
        }
    }
}
