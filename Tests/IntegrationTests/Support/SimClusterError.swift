import Foundation

/// Why the simulated cluster could not be used. Each message names the fix.
enum SimClusterError: Error, CustomStringConvertible {
    /// A program the cluster needs is not installed.
    case missingTool(String, package: String)
    /// `scripts/sim-cluster` failed; carries its arguments, exit status and stderr.
    case scriptFailed(arguments: [String], exitCode: Int32, stderr: String)
    case scriptTimedOut(arguments: [String])
    /// The project's `scripts/sim-cluster` was not found above this source file.
    case scriptNotFound(searchedFrom: String)
    case unknownNode(String, known: [String])
    case invalidParameters(String)

    var description: String {
        switch self {
        case let .missingTool(tool, package):
            "\(tool) not found: the simulated cluster runs real OpenSSH. Install it with "
                + "`apt-get install \(package)` (or `make deps`, which runs scripts/install-deps)."
        case let .scriptFailed(arguments, exitCode, stderr):
            "scripts/sim-cluster \(arguments.joined(separator: " ")) failed with exit status \(exitCode): "
                + stderr.trimmingCharacters(in: .whitespacesAndNewlines)
        case let .scriptTimedOut(arguments):
            "scripts/sim-cluster \(arguments.joined(separator: " ")) did not finish in time; "
                + "see the sshd.log files under its --state directory"
        case let .scriptNotFound(path):
            "scripts/sim-cluster not found in any parent directory of \(path); is this the proxmox-tools checkout?"
        case let .unknownNode(alias, known):
            "no node '\(alias)' in the simulated cluster; it has \(known.joined(separator: ", "))"
        case let .invalidParameters(message):
            message
        }
    }
}
