import Foundation
import Testing

/// Large inventories load (linear in hosts and tags). Not timed: they must complete and be right;
/// `swift test` prints how long each took.
@Suite("Inventory loading at scale")
struct InventoryScaleTests {
    @Test func twentyThousandDistinctTagsOnOneHost() throws {
        let tags = (0..<20_000).map { "t\($0)" }
        let inventory = try TemporaryInventory(["big.yaml": "pve1:\n  address: 10.0.0.1\n  tags: [\(tags.joined(separator: ", ")), t0, t19999]\n"])
        let host = try #require(try inventory.load().hosts.first)
        #expect(host.tags == tags)
        #expect(try inventory.load().hosts(matching: ["tag:t12345"]).map(\.alias) == ["pve1"])
    }

    @Test func fiveThousandHostsWithTenTagsEach() throws {
        let text = (0..<5_000).map { index in
            "pve\(index):\n  address: 10.\(index / 250).\(index % 250).1\n  tags: [\((0..<10).map { "t\(index)x\($0)" }.joined(separator: ", ")), shared]\n"
        }.joined()
        let inventory = try TemporaryInventory(["many.yaml": text])
        let loaded = try inventory.load()
        #expect(loaded.hosts.count == 5_000)
        #expect(try loaded.hosts(matching: ["tag:shared"]).count == 5_000)
        #expect(try loaded.hosts(matching: ["tag:t4999x9"]).map(\.alias) == ["pve4999"])
    }
}
