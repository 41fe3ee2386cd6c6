public import Audit
import Foundation
public import ToolKit
import Synchronization

/// What `GET /metrics` shows (Prometheus text format 0.0.4): calls by tool and outcome, a call
/// duration histogram per tool, failures by code, open HTTP sessions, and each node's SSH
/// counters. Calls are counted from the audit log's `end` lines (`MeteredAudit`), so what is
/// counted is exactly what is recorded: one per command that reached (or was refused for) a node.
public final class ServerMetrics: Sendable {
    /// One node's SSH counters, as the connection manager keeps them.
    public struct NodeCounters: Sendable {
        public var alias: String
        public var connects: Int
        public var commands: Int
        public var reconnects: Int
        public var unresponsive: Int
        public init(alias: String, connects: Int, commands: Int, reconnects: Int, unresponsive: Int) {
            (self.alias, self.connects, self.commands, self.reconnects, self.unresponsive) = (alias, connects, commands, reconnects, unresponsive)
        }
    }

    /// Upper bounds of the duration buckets, in seconds (`+Inf` is implied).
    static let buckets: [Double] = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300]

    private struct Histogram {
        var counts = [Int](repeating: 0, count: ServerMetrics.buckets.count)
        var count = 0
        var sum = 0.0
    }

    private struct State {
        var calls: [String: [String: Int]] = [:]
        var durations: [String: Histogram] = [:]
        var failures: [String: Int] = [:]
    }

    private let state = Mutex(State())
    private let nodes: @Sendable () -> [NodeCounters]
    /// One open-session count per listener (`--http`, `--socket`), summed.
    let sessionCounts = Mutex<[@Sendable () -> Int]>([])

    public init(nodes: @escaping @Sendable () -> [NodeCounters] = { [] }) {
        self.nodes = nodes
    }

    /// Counts one finished (or refused) call from its audit `end` line.
    public func observe(_ entry: AuditEntry) {
        guard entry.phase == .end else { return }
        let outcome = entry.verdict == .denied ? "refused"
            : entry.error != nil ? "failed"
            : entry.exitCode == 0 ? "ok" : "exit_nonzero"
        let seconds = Double(entry.durationMs ?? 0) / 1000
        state.withLock { state in
            state.calls[entry.tool, default: [:]][outcome, default: 0] += 1
            var histogram = state.durations[entry.tool] ?? Histogram()
            for (index, bound) in Self.buckets.enumerated() where seconds <= bound { histogram.counts[index] += 1 }
            histogram.count += 1
            histogram.sum += seconds
            state.durations[entry.tool] = histogram
            if let code = entry.error { state.failures[code.rawValue, default: 0] += 1 }
        }
    }

    /// The exposition text.
    public func text() -> String {
        let snapshot = state.withLock { $0 }
        var lines: [String] = []
        func family(_ name: String, _ type: String, _ help: String) {
            lines.append("# HELP \(name) \(help)")
            lines.append("# TYPE \(name) \(type)")
        }
        family("proxmox_tools_calls_total", "counter", "Commands that reached or were refused for a node, by tool and outcome.")
        for tool in snapshot.calls.keys.sorted() {
            for (outcome, count) in snapshot.calls[tool]!.sorted(by: { $0.key < $1.key }) {
                lines.append("proxmox_tools_calls_total{tool=\"\(Self.escaped(tool))\",outcome=\"\(outcome)\"} \(count)")
            }
        }
        family("proxmox_tools_call_duration_seconds", "histogram", "How long a command took, by tool.")
        for tool in snapshot.durations.keys.sorted() {
            let histogram = snapshot.durations[tool]!
            let label = "tool=\"\(Self.escaped(tool))\""
            for (index, bound) in Self.buckets.enumerated() {
                lines.append("proxmox_tools_call_duration_seconds_bucket{\(label),le=\"\(Self.number(bound))\"} \(histogram.counts[index])")
            }
            lines.append("proxmox_tools_call_duration_seconds_bucket{\(label),le=\"+Inf\"} \(histogram.count)")
            lines.append("proxmox_tools_call_duration_seconds_sum{\(label)} \(Self.number(histogram.sum))")
            lines.append("proxmox_tools_call_duration_seconds_count{\(label)} \(histogram.count)")
        }
        family("proxmox_tools_failures_total", "counter", "Failed or refused commands by failure code.")
        for (code, count) in snapshot.failures.sorted(by: { $0.key < $1.key }) {
            lines.append("proxmox_tools_failures_total{code=\"\(Self.escaped(code))\"} \(count)")
        }
        family("proxmox_tools_http_sessions", "gauge", "Open MCP sessions on this listener.")
        lines.append("proxmox_tools_http_sessions \(sessionCounts.withLock { $0 }.reduce(0) { $0 + $1() })")
        let counters = nodes()
        for (name, help, value) in [
            ("proxmox_tools_ssh_connects_total", "TCP+SSH connections opened to the node.", \NodeCounters.connects),
            ("proxmox_tools_ssh_commands_total", "Commands sent to the node.", \NodeCounters.commands),
            ("proxmox_tools_ssh_reconnects_total", "Sessions that broke and were reopened for waiting calls.", \NodeCounters.reconnects),
            ("proxmox_tools_ssh_unresponsive_total", "Sessions abandoned because the node stopped answering keepalives.", \NodeCounters.unresponsive),
        ] {
            family(name, "counter", help)
            for node in counters { lines.append("\(name){host=\"\(Self.escaped(node.alias))\"} \(node[keyPath: value])") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A label value as the text format wants it: backslash, quote and newline escaped.
    static func escaped(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}

/// The audit recorder of a server with metrics: every line goes to the real audit log (if any)
/// and `end` lines are counted. A failed write still fails the call, as without metrics.
public struct MeteredAudit: ToolAuditRecorder {
    let base: (any ToolAuditRecorder)?
    let metrics: ServerMetrics

    public init(base: (any ToolAuditRecorder)?, metrics: ServerMetrics) {
        self.base = base
        self.metrics = metrics
    }

    public func record(_ entry: AuditEntry) async throws {
        try await base?.record(entry)
        metrics.observe(entry)
    }
}
