import Foundation

/// Decides which `hosts.d` directory to read:
/// `--hosts-dir` > `$PROXMOX_TOOLS_HOSTS_DIR` > `./hosts.d` > `$XDG_CONFIG_HOME/proxmox-tools/hosts.d`
/// (else `~/.config/proxmox-tools/hosts.d`) > `/etc/proxmox-tools/hosts.d`.
///
/// The first that exists wins, with one exception: a directory the user named explicitly (the
/// option or the environment variable) is always chosen, even if it does not exist, so that a typo
/// is reported by the loader instead of silently falling through to another inventory.
public enum InventoryLocator {
    /// The environment variable that names the inventory directory.
    public static let environmentVariable = "PROXMOX_TOOLS_HOSTS_DIR"

    /// One place the inventory may live, and why it is on the list.
    public struct Candidate: Sendable, Hashable {
        /// Absolute path of the directory (or, for explicit candidates, possibly a single file).
        public var path: String
        /// Where the path came from, shown to the user: `--hosts-dir`, `$PROXMOX_TOOLS_HOSTS_DIR`, …
        public var origin: String
        /// Named by the user (option or environment variable), hence never skipped.
        public var isExplicit: Bool
    }

    /// Every candidate in search order (used for the "no inventory" message).
    public static func candidates(
        explicit: String?, environment: [String: String], currentDirectory: String
    ) -> [Candidate] {
        let paths = PathExpander(environment: environment, baseDirectory: currentDirectory)
        var list: [Candidate] = []
        if let explicit, !explicit.isEmpty {
            list.append(Candidate(path: paths.expand(explicit), origin: "--hosts-dir", isExplicit: true))
        }
        if let fromEnvironment = environment[environmentVariable], !fromEnvironment.isEmpty {
            list.append(Candidate(path: paths.expand(fromEnvironment), origin: "$\(environmentVariable)", isExplicit: true))
        }
        list.append(Candidate(path: paths.expand("hosts.d"), origin: "current directory", isExplicit: false))
        // XDG Base Directory spec: a relative $XDG_CONFIG_HOME is invalid and must be ignored.
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") {
            list.append(Candidate(path: paths.expand(xdg + "/proxmox-tools/hosts.d"), origin: "$XDG_CONFIG_HOME", isExplicit: false))
        } else {
            list.append(Candidate(path: paths.expand("~/.config/proxmox-tools/hosts.d"), origin: "~/.config", isExplicit: false))
        }
        list.append(Candidate(path: "/etc/proxmox-tools/hosts.d", origin: "system-wide", isExplicit: false))
        return list
    }

    /// The directory to read and its origin, or `nil` when no candidate exists.
    public static func resolve(
        explicit: String?, environment: [String: String], currentDirectory: String
    ) -> (path: String, origin: String)? {
        for candidate in candidates(explicit: explicit, environment: environment, currentDirectory: currentDirectory) {
            if candidate.isExplicit || isDirectory(candidate.path) {
                return (candidate.path, candidate.origin)
            }
        }
        return nil
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
