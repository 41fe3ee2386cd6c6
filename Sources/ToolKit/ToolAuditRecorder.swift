import Audit

/// Where tools record what they did. The audit log (Audit/) is the real one; tests may collect
/// entries in memory. Kept as a protocol so tools depend on "something records this", not on the
/// log's file format.
public protocol ToolAuditRecorder: Sendable {
    /// Records one entry and returns once it is written; throws (with the path and the fix in its
    /// description) when it could not be. A call whose `start` line fails is not run.
    func record(_ entry: AuditEntry) async throws
}

extension AuditLog: ToolAuditRecorder {
    public func record(_ entry: AuditEntry) async throws {
        try await append(entry)
    }
}
