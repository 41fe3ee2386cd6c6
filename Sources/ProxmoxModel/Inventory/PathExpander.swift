import Foundation

/// Turns a path from hosts.d (or the command line) into an absolute one: `~` and `~/…` expand from
/// `$HOME`; a relative path is taken relative to `baseDirectory` (the directory of the YAML file
/// that contains it, so a generated hosts.d can point at a key stored next to it).
/// `~user/…` is not supported: it would need the password database, and hosts.d is per user anyway.
struct PathExpander: Sendable {
    var home: String
    var baseDirectory: String

    init(environment: [String: String], baseDirectory: String) {
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        self.home = home
        self.baseDirectory = baseDirectory
    }

    func expand(_ path: String) -> String {
        let absolute: String
        if path == "~" {
            absolute = home
        } else if path.hasPrefix("~/") {
            absolute = home + path.dropFirst(1)
        } else if path.hasPrefix("/") {
            absolute = path
        } else {
            absolute = baseDirectory + "/" + path
        }
        // Collapses `//`, `/./` and `a/../` so the paths shown by `hosts` read cleanly.
        return URL(fileURLWithPath: absolute).standardized.path
    }
}
