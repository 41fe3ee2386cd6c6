/// Where tools record what they did. The audit log (Audit/) is the real one; tests may collect
/// entries in memory. Kept as a protocol so tools depend on "something records this", not on the
/// log's file format.
public protocol ToolAuditRecorder: Sendable {
    /// Records one entry; returns the error if it could not be written (the call still succeeds).
    func record(_ entry: AuditEntry) -> (any Error)?
}

extension AuditLog: ToolAuditRecorder {}
