import Foundation
import Testing
import ProxmoxModel

@Suite("Inventory listing (`proxmox-tools hosts`)")
struct InventoryListingTests {
    static let inventory = Inventory(
        hosts: [
            InventoryHost(alias: "pve1", address: "192.168.1.11", knownHosts: "/k", tags: ["prod", "ceph"], isDefault: true,
                 source: InventoryHost.Source(file: "/h/a.yaml", line: 4)),
            InventoryHost(alias: "lab-pve", address: "fd00::42", port: 2222, user: "admin", knownHosts: "/k", policy: .readOnly),
        ],
        directory: "/h", directoryOrigin: "--hosts-dir")

    @Test func tableHasHeaderAlignedColumnsAndEndpoints() {
        let lines = InventoryListing(Self.inventory).text.split(separator: "\n").map(String.init)
        #expect(lines == [
            "Inventory: /h (--hosts-dir)",
            "ALIAS    ADDRESS          USER   POLICY     TAGS       DEFAULT",
            "pve1     192.168.1.11:22  root   guarded    prod,ceph  yes",
            "lab-pve  [fd00::42]:2222  admin  read-only  -          -",
        ])
    }

    @Test func tableWarnsWhenSeveralHostsHaveNoDefault() {
        var inventory = Self.inventory
        inventory.hosts[0].isDefault = false
        #expect(InventoryListing(inventory).text.hasSuffix("set `default: true` on one host."))
    }

    @Test func jsonHasTheDocumentedShapeWithExplicitNulls() throws {
        let data = try JSONEncoder().encode(InventoryListing(Self.inventory))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let location = try #require(object["inventory"] as? [String: Any])
        #expect(location["path"] as? String == "/h")
        #expect(location["origin"] as? String == "--hosts-dir")
        let hosts = try #require(object["hosts"] as? [[String: Any]])
        #expect(Set(hosts[0].keys) == ["alias", "address", "port", "user", "policy", "tags", "default",
                                       "identityFile", "knownHosts", "timeout", "maxOutput", "source"])
        #expect(hosts[0]["default"] as? Bool == true)
        #expect(hosts[0]["source"] as? String == "/h/a.yaml:4")
        #expect(hosts[1]["identityFile"] is NSNull)
        #expect(hosts[1]["policy"] as? String == "read-only")
        #expect(hosts[1]["maxOutput"] as? Int == 1 << 20)
    }
}
