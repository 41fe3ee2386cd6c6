import Foundation
import ProxmoxModel

/// A throw-away hosts.d: a fresh directory under the system temp dir, removed when released.
final class TemporaryInventory {
    let path: String

    init(_ files: [String: String] = [:]) throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("inventory-tests-\(UUID().uuidString)").standardized.path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for (name, text) in files { try write(name, text) }
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func write(_ name: String, _ text: String) throws {
        let url = URL(fileURLWithPath: path).appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// Absolute path of a file in the directory, as the loader names it in errors.
    func file(_ name: String) -> String { path + "/" + name }

    /// The environment the loader sees in tests: a fake home, so `~` never means the real one.
    static let environment = ["HOME": "/home/tester"]

    func load(environment: [String: String] = TemporaryInventory.environment) throws(InventoryLoadError) -> Inventory {
        try InventoryLoader.load(directory: path, origin: "--hosts-dir", environment: environment)
    }

    /// The error loading throws, or `nil` when it loads.
    func loadError() -> InventoryLoadError? {
        do {
            _ = try load()
            return nil
        } catch {
            return error
        }
    }
}
