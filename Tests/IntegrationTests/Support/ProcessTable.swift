import Foundation

/// A process as Linux's /proc shows it; what the simulated cluster's tests need to prove that a
/// process is (or is no longer) running on a simulated node.
struct SimProcess: Sendable, Hashable, CustomStringConvertible {
    var pid: Int32
    var parentPid: Int32
    /// The one-letter state from /proc/PID/stat; `Z` is a zombie (exited, not yet reaped).
    var state: Character
    /// The arguments joined by spaces (sshd rewrites its own, e.g. `sshd: root@notty`).
    var commandLine: String

    var isRunning: Bool { state != "Z" && state != "X" }
    var description: String { "\(pid) \(commandLine)" }
}

/// Reads the process table from /proc. Every query is a fresh snapshot.
enum ProcessTable {
    /// Every process still running (zombies excluded).
    static func snapshot() -> [SimProcess] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { Int32($0) }.compactMap(process).filter(\.isRunning)
    }

    /// The process with this pid, if it is still running.
    static func process(_ pid: Int32) -> SimProcess? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")")
        else { return nil }
        // "pid (comm) state ppid …"; comm may itself contain spaces and parentheses.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 1, let state = fields[0].first, let parent = Int32(fields[1]) else { return nil }
        let raw = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline"))) ?? Data()
        let commandLine = raw.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }.joined(separator: " ")
        return SimProcess(pid: pid, parentPid: parent, state: state, commandLine: commandLine)
    }

    /// True while the process runs; a zombie counts as gone.
    static func isRunning(_ pid: Int32) -> Bool { process(pid)?.isRunning ?? false }

    /// All running descendants of `pid` (children, their children, …).
    static func descendants(of pid: Int32, in table: [SimProcess] = snapshot()) -> [SimProcess] {
        let children = Dictionary(grouping: table, by: \.parentPid)
        var result: [SimProcess] = []
        var queue = [pid]
        while let next = queue.popLast() {
            for child in children[next] ?? [] {
                result.append(child)
                queue.append(child.pid)
            }
        }
        return result
    }

    /// Running processes whose environment contains exactly `variable` (`NAME=value`).
    /// Needs the same user or root, as reading /proc/PID/environ does.
    static func withEnvironment(_ variable: String) -> [SimProcess] {
        let needle = Data(variable.utf8)
        return snapshot().filter { process in
            guard let environ = try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(process.pid)/environ"))
            else { return false }
            return environ.split(separator: 0).contains { $0.elementsEqual(needle) }
        }
    }
}
