import Foundation

/// The project's own copies of the Proxmox sample outputs (Tests/Fixtures/samples), found
/// relative to this file so tests never depend on the working directory.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// `sample("pve1", "qm_list.txt")` → the file's exact bytes as a String.
    static func sample(_ node: String, _ file: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent("samples/\(node)/\(file)"), encoding: .utf8)
    }
}
