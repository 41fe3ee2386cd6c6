import Foundation
import MCP
import NodeAccess
import ProxmoxModel
import ShellPolicy
import ToolKit

/// A `CommandRunner` that answers from the sample outputs in Tests/Fixtures/samples, as the
/// sample cluster's nodes would, and records what it was asked to run. No network.
final class FixtureRunner: CommandRunner, @unchecked Sendable {
    // @unchecked: `commands` and `blocked` are only touched under `lock`.
    private let lock = NSLock()
    private var responses: [String: [String: CommandOutput]] = [:]
    private var ran: [(host: String, command: String)] = []
    private var gates: [String: CheckedContinuation<Void, Never>] = [:]
    /// Aliases that behave like a node that is down.
    var unreachable: Set<String> = []
    /// Commands that wait until `release(_:)` is called (to test concurrency).
    var blockingCommands: Set<String> = []

    /// Every sample node (`pve1`, `pve2`, `pve3`) with its fixture answers, as
    /// Tests/Fixtures/samples/commands.tsv maps files to commands.
    static func sampleCluster() throws -> FixtureRunner {
        let runner = FixtureRunner()
        let manifest = try SampleManifest.load()
        for node in ["pve1", "pve2", "pve3"] {
            let directory = Fixtures.root.appendingPathComponent("samples/\(node)")
            for file in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
                for answer in manifest.answers(forFile: file) {
                    let text = try Fixtures.sample(node, file)
                    var stderr = answer.isStderr ? text : ""
                    if node == "pve3" && answer.command == "pvesm status" { stderr = "storage 'nas-backup' is not online\n" }
                    runner.respond(node, answer.command, stdout: answer.isStderr ? "" : text, stderr: stderr, exitCode: answer.exitCode)
                }
            }
            runner.respond(node, "true", stdout: "")
        }
        return runner
    }

    func respond(_ host: String, _ command: String, output: CommandOutput) {
        lock.withLock { responses[host, default: [:]][command] = output }
    }

    func respond(_ host: String, _ command: String, stdout: String, stderr: String = "", exitCode: Int32 = 0) {
        lock.withLock { responses[host, default: [:]][command] = CommandOutput(exitCode: exitCode, stdout: stdout, stderr: stderr, duration: 0.01) }
    }

    /// What was run, as `alias: command`, in call order.
    var commands: [String] { lock.withLock { ran.map { "\($0.host): \($0.command)" } } }

    func release(_ command: String) {
        let gate = lock.withLock { gates.removeValue(forKey: command) }
        gate?.resume()
    }

    func run(_ command: String, on host: InventoryHost, timeout: Double?) async throws(Failure) -> CommandOutput {
        if unreachable.contains(host.alias) {
            throw Failure(.unreachable, "cannot connect to \(host.alias) (\(host.endpoint)): connection refused")
        }
        lock.withLock { ran.append((host.alias, command)) }
        if blockingCommands.contains(command) {
            await withCheckedContinuation { continuation in
                lock.withLock { gates[command] = continuation }
            }
        }
        if let output = lock.withLock({ responses[host.alias]?[command] }) { return output }
        // What Proxmox prints for a guest that is not on this node (errors.md 1 and 4).
        let words = command.split(separator: " ")
        if words.count >= 3, ["qm", "pct"].contains(words[0]), let vmid = Int(words[2]) {
            let kind = words[0] == "qm" ? "qemu-server" : "lxc"
            return CommandOutput(exitCode: 2, stdout: "",
                                 stderr: "Configuration file 'nodes/\(host.alias)/\(kind)/\(vmid).conf' does not exist\n")
        }
        return CommandOutput(exitCode: 127, stdout: "", stderr: "bash: line 1: \(words.first ?? ""): command not found\n")
    }
}

enum SampleInventory {
    static func host(_ alias: String, isDefault: Bool = false, tags: [String] = [], policy: PolicyMode = .guarded) -> InventoryHost {
        InventoryHost(alias: alias, address: "10.0.0.\(alias.last!.wholeNumberValue ?? 9)", knownHosts: "/dev/null",
             policy: policy, tags: tags, isDefault: isDefault)
    }

    /// pve1 (default, prod), pve2 (prod), pve3 (lab, read-only policy).
    static let cluster = Inventory(hosts: [
        host("pve1", isDefault: true, tags: ["prod"]),
        host("pve2", tags: ["prod"]),
        host("pve3", tags: ["lab"], policy: .readOnly),
    ])
}

extension ToolRegistry {
    /// Calls a standard tool with JSON-ish arguments against the fixture cluster.
    static func callSample(
        _ name: String, _ arguments: [String: Value] = [:], runner: FixtureRunner,
        inventory: Inventory = SampleInventory.cluster
    ) async throws -> ToolCallOutcome {
        try await ToolRegistry.standard.call(
            name: name, arguments: arguments, context: ToolContext(inventory: inventory, runner: runner))
    }
}

extension Value {
    /// `value["nodes"]`, for reading results in tests.
    subscript(key: String) -> Value? { objectValue?[key] }
    subscript(index: Int) -> Value? {
        guard let items = arrayValue, items.indices.contains(index) else { return nil }
        return items[index]
    }
}
