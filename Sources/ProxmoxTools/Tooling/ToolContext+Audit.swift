import Foundation

extension ToolContext {
    /// Runs `command` on `host` through the runner and appends one audit entry for it, whatever
    /// the outcome. Every tool reaches nodes through this, so nothing that touched a node goes
    /// unrecorded. `verdict` is `.allowed` for commands the policy checked, `.notApplicable` for
    /// the helpers' fixed read-only commands.
    public func run(
        _ command: String, on host: InventoryHost, timeout: Double? = nil,
        verdict: AuditEntry.Verdict = .notApplicable, reason: String? = nil, approval: AuditEntry.Approval? = nil
    ) async throws(NodeError) -> CommandOutput {
        let started = ContinuousClock.now
        do {
            let output: CommandOutput
            if let outputSink, let streaming = runner as? any StreamingCommandRunner {
                output = try await streaming.run(command, on: host, timeout: timeout, streamingTo: outputSink)
            } else {
                output = try await runner.run(command, on: host, timeout: timeout)
            }
            record(host: host, command: command, verdict: verdict, reason: reason, output: output,
                   durationMs: Self.milliseconds(since: started), approval: approval)
            return output
        } catch {
            record(host: host, command: command, verdict: verdict, reason: reason, error: error.code,
                   durationMs: Self.milliseconds(since: started), approval: approval)
            throw error
        }
    }

    /// Appends one line to the audit log (if there is one). A failure to write is reported on
    /// stderr and otherwise ignored: losing an audit line must never lose the call's result.
    public func record(
        host: InventoryHost, command: String, verdict: AuditEntry.Verdict, reason: String? = nil, output: CommandOutput? = nil,
        error: String? = nil, durationMs: Int = 0, approval: AuditEntry.Approval? = nil
    ) {
        guard let audit else { return }
        let entry = AuditEntry(
            tool: toolName, host: host.alias, command: command, verdict: verdict, reason: reason,
            exitCode: output?.exitCode, timedOut: output?.timedOut ?? false, durationMs: durationMs,
            stdoutBytes: output?.stdout.utf8.count ?? 0, stderrBytes: output?.stderr.utf8.count ?? 0,
            error: error, client: clientName, clientVersion: clientVersion, approval: approval)
        if let failure = audit.record(entry) {
            FileHandle.standardError.write(Data("proxmox-tools: could not write the audit log: \(failure)\n".utf8))
        }
    }

    static func milliseconds(since start: ContinuousClock.Instant) -> Int {
        let elapsed = ContinuousClock.now - start
        return Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
    }
}
