import Testing
@testable import ProxmoxModel

@Suite("Inventory values: sizes, durations, key suggestions")
struct InventoryValueParsingTests {
    @Test(arguments: [
        ("1048576", 1_048_576), ("512KiB", 524_288), ("4MiB", 4_194_304), ("1MB", 1_000_000),
        ("1GiB", 1_073_741_824), ("2 kib", 2048), ("1.5MiB", 1_572_864), ("100B", 100), ("10kB", 10_000),
    ])
    func byteSizes(text: String, bytes: Int) {
        #expect(ByteSize.parse(text) == bytes)
    }

    @Test(arguments: ["", "0", "-1", "lots", "4 MiBs", "1e3", "MiB", "1..5KiB", "99999999999GiB"])
    func rejectedByteSizes(text: String) {
        #expect(ByteSize.parse(text) == nil)
    }

    @Test(arguments: [(1_048_576, "1 MiB"), (524_288, "512 KiB"), (1500, "1500 B"), (3 << 30, "3 GiB")])
    func formattedByteSizes(bytes: Int, text: String) {
        #expect(ByteSize.format(bytes) == text)
    }

    @Test(arguments: [("30", 30.0), ("2.5", 2.5), ("30s", 30), ("2m", 120), ("1h", 3600), ("500ms", 0.5), (" 45 s ", 45)])
    func durations(text: String, seconds: Double) {
        #expect(DurationSeconds.parse(text) == seconds)
    }

    @Test(arguments: ["", "0", "-5", "soon", "5 days", "1.2.3", "s"])
    func rejectedDurations(text: String) {
        #expect(DurationSeconds.parse(text) == nil)
    }

    @Test(arguments: [
        ("adress", "address"), ("prot", "port"), ("identityFile", "identity_file"),
        ("known-hosts", "known_hosts"), ("tag", "tags"), ("max_chanels", "max_channels"),
    ])
    func misspellingsAreSuggested(typo: String, meant: String) {
        #expect(InventoryKey.suggestion(for: typo, among: InventoryKey.hostKeys) == meant)
    }

    @Test func farKeysGetNoSuggestion() {
        #expect(InventoryKey.suggestion(for: "colour", among: InventoryKey.hostKeys) == nil)
        #expect(InventoryKey.editDistance("kitten", "sitting") == 3)
    }

    @Test(arguments: [("pve1", true), ("pve-2.lab_x", true), ("pve 2", false), ("", false), ("pve/1", false), ("pvé", false)])
    func simpleNames(name: String, valid: Bool) {
        #expect(InventoryLoader.isSimpleName(name) == valid)
    }
}
