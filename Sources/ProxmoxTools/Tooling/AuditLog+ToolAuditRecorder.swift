extension AuditLog: ToolAuditRecorder {
    /// Writes the event as one audit line (sizes and codes, never output).
    public func record(_ event: ToolAuditEvent) -> (any Error)? {
        record(AuditEntry(
            time: AuditEntry.timestamp(event.time), tool: event.tool, host: event.host, command: event.command,
            verdict: event.verdict.rawValue, reason: event.reason, exitCode: event.exitCode, timedOut: event.timedOut,
            durationMs: event.durationMs, stdoutBytes: event.stdoutBytes, stderrBytes: event.stderrBytes,
            error: event.error, client: event.client, clientVersion: event.clientVersion))
    }
}
