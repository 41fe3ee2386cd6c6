import Testing
import ProxmoxModel

@Suite("Inventory host selection: alias, default, tags")
struct InventorySelectionTests {
    static func load(_ yaml: String) throws -> (Inventory, TemporaryInventory) {
        let directory = try TemporaryInventory(["hosts.yaml": yaml])
        return (try directory.load(), directory)
    }

    static let cluster = """
        pve1:
          address: 10.0.0.1
          tags: [prod, ceph]
        pve2:
          address: 10.0.0.2
          tags: [prod]
        pve3:
          address: 10.0.0.3
          tags: [lab]
        """

    @Test func unknownAliasListsTheKnownOnes() throws {
        let (inventory, _) = try Self.load(Self.cluster)
        #expect(throws: InventoryError.unknownAlias("pve9", known: ["pve1", "pve2", "pve3"])) {
            try inventory.host(named: "pve9")
        }
        #expect(InventoryError.unknownAlias("pve9", known: ["pve1", "pve2"]).description.contains("known hosts: pve1, pve2"))
    }

    @Test func noDefaultAmongSeveralIsAnErrorNotAGuess() throws {
        let (inventory, _) = try Self.load(Self.cluster)
        #expect(throws: InventoryError.noDefault(known: ["pve1", "pve2", "pve3"])) { try inventory.host(named: nil) }
    }

    @Test func theDefaultHostIsChosen() throws {
        let (inventory, _) = try Self.load(Self.cluster + "\n  default: true\n")
        #expect(try inventory.host(named: nil).alias == "pve3")
    }

    @Test func theOnlyHostIsChosen() throws {
        let (inventory, _) = try Self.load("solo:\n  address: 10.0.0.1\n")
        #expect(try inventory.host(named: nil).alias == "solo")
    }

    @Test(arguments: [
        (["tag:prod"], ["pve1", "pve2"]),
        (["tag:lab", "pve1"], ["pve1", "pve3"]),
        (["pve2", "tag:prod"], ["pve1", "pve2"]),
        ([], ["pve1", "pve2", "pve3"]),
    ])
    func tagsSelectSeveralHostsInInventoryOrder(selectors: [String], aliases: [String]) throws {
        let (inventory, _) = try Self.load(Self.cluster)
        #expect(try inventory.hosts(matching: selectors).map(\.alias) == aliases)
    }

    @Test func unknownTagListsTheKnownTags() throws {
        let (inventory, _) = try Self.load(Self.cluster)
        #expect(throws: InventoryError.unknownTag("dev", known: ["ceph", "lab", "prod"])) {
            try inventory.hosts(matching: ["tag:dev"])
        }
    }
}
