import Foundation
import Audit
import NodeAccess
import ProxmoxModel
import ShellPolicy

/// A call whose `start` line is in the audit log (or that is not audited: `id` nil).
public struct AuditedCall: Sendable {
    let id: String?
    let host: InventoryHost
    let command: String
    let verdict: AuditEntry.Verdict
    let reason: String?
    let approval: AuditEntry.Approval?
    let wall: Containment?
    let policyMicroseconds: Int?
    let started: ContinuousClock.Instant
}

extension ToolContext {
    /// Runs a helper's fixed read-only command on `host`, audited with the verdict
    /// `.notApplicable` (no policy applies to words this program wrote itself).
    public func run(_ command: FixedCommand, on host: InventoryHost, timeout: Double? = nil,
                    reason: String? = nil) async throws(Failure) -> CommandOutput {
        try await runAudited(command.text, on: host, timeout: timeout, verdict: .notApplicable, reason: reason)
    }

    /// Runs `command` on `host` through the runner, between a `start` audit line written before
    /// anything is sent and an `end` line after. Every tool reaches nodes through this (by way of
    /// the two `run`s: a `FixedCommand` or a `CommandAuthorization`), so nothing that touched a
    /// node goes unrecorded: if the `start` line cannot be written the call fails with
    /// `audit_unavailable` and nothing is sent. `containment` is the wall an unattended `allow`
    /// runs in (`.none` for the helpers and approved asks).
    func runAudited(
        _ command: String, on host: InventoryHost, timeout: Double? = nil,
        verdict: AuditEntry.Verdict, reason: String? = nil, approval: AuditEntry.Approval? = nil,
        containment: Containment = .none, policyMicroseconds: Int? = nil
    ) async throws(Failure) -> CommandOutput {
        let call = try await auditStart(host: host, command: command, verdict: verdict, reason: reason, approval: approval,
                                        wall: verdict == .allowed ? containment : nil, policyMicroseconds: policyMicroseconds)
        let remote = RemoteCommand(command, containment: containment)
        var logger = self.logger
        logger[metadataKey: "host"] = "\(host.alias)"
        logger.debug("sending command", metadata: ["verdict": "\(verdict.rawValue)", "wall": "\(containment.rawValue)",
                                                   "bytes": "\(command.utf8.count)"])
        do {
            let output: CommandOutput
            if let outputSink, let streaming = runner as? any StreamingCommandRunner {
                output = try await streaming.run(remote, on: host, timeout: timeout, streamingTo: outputSink)
            } else {
                output = try await runner.run(remote, on: host, timeout: timeout)
            }
            let ending: FailureCode? = Task.isCancelled || output.cancelled ? .cancelled : output.timedOut ? .timedOut : nil
            await auditEnd(call, output: output, error: ending)
            logger.debug("command ended", metadata: [
                "exit": "\(output.exitCode.map(String.init) ?? "none")", "ending": "\(ending?.rawValue ?? "completed")",
                "ms": "\(Self.milliseconds(since: call.started))"])
            return output
        } catch {
            await auditEnd(call, error: Task.isCancelled ? .cancelled : error.code)
            logger.debug("command failed", metadata: ["error": "\(error.code.rawValue)", "ms": "\(Self.milliseconds(since: call.started))"])
            throw error
        }
    }

    /// Writes the `start` line of a call that is about to reach `host`, and returns once it is
    /// written. Throws `audit_unavailable` (nothing may be sent then) when it cannot be written.
    public func auditStart(
        host: InventoryHost, command: String, verdict: AuditEntry.Verdict, reason: String? = nil,
        approval: AuditEntry.Approval? = nil, wall: Containment? = nil, policyMicroseconds: Int? = nil
    ) async throws(Failure) -> AuditedCall {
        let started = ContinuousClock.now
        guard let audit else {
            return AuditedCall(id: nil, host: host, command: command, verdict: verdict, reason: reason, approval: approval, wall: wall,
                               policyMicroseconds: policyMicroseconds, started: started)
        }
        let id = callID
        let entry = AuditEntry(phase: .start, call: id, tool: toolName, host: host.alias, command: command,
                               verdict: verdict, reason: reason, client: clientName, clientVersion: clientVersion, approval: approval,
                               wall: wall, policyMicroseconds: policyMicroseconds, principal: principal)
        do {
            try await audit.record(entry)
        } catch {
            throw Failure(.auditUnavailable, "refusing to run `\(command)` on \(host.alias): \(error). A call reaches a node only "
                          + "once the audit log has recorded it, so nothing was sent.",
                          remedy: "Fix the audit log (path, permissions, free space, open files), or turn it off explicitly "
                          + "with `--audit-log off` (`audit_log: off` under `defaults:` in hosts.d).")
        }
        return AuditedCall(id: id, host: host, command: command, verdict: verdict, reason: reason, approval: approval, wall: wall,
                               policyMicroseconds: policyMicroseconds, started: started)
    }

    /// Writes the `end` line of a call started with `auditStart`. The call has happened by now, so a
    /// failure to write is reported on stderr and does not change the call's result.
    public func auditEnd(_ call: AuditedCall, output: CommandOutput? = nil, error: FailureCode? = nil) async {
        guard let id = call.id, let audit else { return }
        let entry = AuditEntry(
            phase: .end, call: id, tool: toolName, host: call.host.alias, command: call.command, verdict: call.verdict,
            reason: call.reason, exitCode: output?.exitCode, timedOut: output?.timedOut ?? false,
            durationMs: Self.milliseconds(since: call.started), stdoutBytes: output?.stdout.utf8.count ?? 0,
            stderrBytes: output?.stderr.utf8.count ?? 0, error: error, client: clientName, clientVersion: clientVersion,
            approval: call.approval, wall: call.wall, policyMicroseconds: call.policyMicroseconds, principal: principal)
        do {
            try await audit.record(entry)
        } catch {
            Self.warn("`\(call.command)` on \(call.host.alias) was run, but its end line could not be written to the audit log: \(error)")
        }
    }

    /// Records a call that was refused before anything was sent (one `end` line). A failure to
    /// write is reported on stderr: nothing ran, so there is nothing to hold back.
    public func record(
        host: InventoryHost, command: String, verdict: AuditEntry.Verdict, reason: String? = nil,
        error: FailureCode? = nil, approval: AuditEntry.Approval? = nil, policyMicroseconds: Int? = nil
    ) async {
        guard let audit else { return }
        let entry = AuditEntry(
            phase: .end, call: callID, tool: toolName, host: host.alias, command: command, verdict: verdict, reason: reason,
            durationMs: 0, error: error, client: clientName, clientVersion: clientVersion, approval: approval,
            policyMicroseconds: policyMicroseconds, principal: principal)
        do {
            try await audit.record(entry)
        } catch {
            Self.warn("could not record the refused call `\(command)` on \(host.alias) in the audit log: \(error)")
        }
    }

    static func warn(_ message: String) {
        FileHandle.standardError.write(Data("proxmox-tools: \(message)\n".utf8))
    }

    package static func milliseconds(since start: ContinuousClock.Instant) -> Int {
        let elapsed = ContinuousClock.now - start
        return Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
    }
}
