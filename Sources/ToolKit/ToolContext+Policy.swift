import Audit
import NodeAccess
import ProxmoxModel
import ShellPolicy

/// What the host's policy, and a person where it asked one, said about a command.
public struct CommandAuthorization: Sendable {
    public var verdict: PolicyVerdict
    /// Set when a person was asked (or could not be).
    public var approval: AuditEntry.Approval?
    /// Why the command may not run; nil when it may. The refusal is already in the audit log.
    public var refusal: String?
    /// What is sent: the policy's canonical rendering of what it judged, else the command as given.
    public var command: String
    /// How long the policy took to judge the command (not counting a person's answer), in µs.
    public var policyMicroseconds: Int = 0
    /// The wall it runs in: the policy's containment for an unattended `allow`, none once a
    /// person approved it.
    public var containment: Containment {
        approval == nil && verdict.verdict == .allow ? verdict.containment : .none
    }
}

extension ToolContext {
    /// Checks `command` against `host`'s policy and, for an `ask` verdict, asks a person through
    /// `approver` (MCP elicitation, a terminal prompt) before anything reaches the node. Every tool
    /// that runs a command built from a caller's input goes through this, so approvals and refusals
    /// work, and are audited, the same way everywhere. `timeout` bounds the wait for an answer.
    public func authorize(_ command: String, on host: InventoryHost, timeout: Double?) async -> CommandAuthorization {
        let judging = ContinuousClock.now
        let verdict = CommandPolicy.evaluate(command, mode: host.policy, rules: host.rules)
        let judged = ContinuousClock.now - judging
        let micros = Int(judged.components.seconds) * 1_000_000 + Int(judged.components.attoseconds / 1_000_000_000_000)
        let sent = verdict.canonical ?? command
        func refused(_ reason: String, _ approval: AuditEntry.Approval? = nil) async -> CommandAuthorization {
            await record(host: host, command: command, verdict: .denied, reason: reason, error: .blocked, approval: approval,
                         policyMicroseconds: micros)
            return CommandAuthorization(verdict: verdict, approval: approval, refusal: reason, command: sent, policyMicroseconds: micros)
        }
        switch verdict.verdict {
        case .allow:
            return CommandAuthorization(verdict: verdict, command: sent, policyMicroseconds: micros)
        case .deny:
            return await refused(verdict.reason ?? "refused by this host's \(host.policy.rawValue) policy")
        case .ask:
            let needs = verdict.reason ?? "this command needs a person's approval"
            guard let approver else {
                return await refused("\(needs). The command needs a person's approval and nobody can be asked here (an MCP client "
                    + "without the `elicitation` capability, or a CLI without a terminal). To run it, an admin can approve it "
                    + "from a client that can ask (one with elicitation, or `proxmox-tools --host \(host.alias) '…'` in a "
                    + "terminal), add an `allow:` rule for it to \(host.alias) in hosts.d, or set that host's policy to `unrestricted`.",
                    .unavailable)
            }
            let request = ApprovalRequest(
                host: host.alias, destination: "\(host.user)@\(host.endpoint)", command: command, sent: sent,
                commands: verdict.commands, reason: needs, timeout: min(timeout ?? host.timeout.inSeconds, host.timeout.inSeconds))
            switch await approver.approve(request) {
            case .approved:
                return CommandAuthorization(verdict: verdict, approval: .approved, command: sent, policyMicroseconds: micros)
            case .declined:
                return await refused("a person declined to run it (\(needs))", .declined)
            case .cancelled:
                return await refused("a person cancelled the approval request (\(needs))", .cancelled)
            case .noAnswer(let why):
                return await refused("no approval: \(why) (\(needs))", .noAnswer)
            }
        }
    }
}

extension ToolContext {
    /// Runs what `authorize` let through: the command it judged (canonical), in the wall it chose,
    /// audited with the verdict, the approval and the policy's time. `authorization` must not be a
    /// refusal.
    public func run(_ authorization: CommandAuthorization, on host: InventoryHost, timeout: Double?,
                    containment: Containment? = nil) async throws(Failure) -> CommandOutput {
        precondition(authorization.refusal == nil, "a refused command cannot run")
        return try await runAudited(authorization.command, on: host, timeout: timeout, verdict: .allowed,
                             reason: authorization.verdict.reason, approval: authorization.approval,
                             containment: containment ?? authorization.containment,
                             policyMicroseconds: authorization.policyMicroseconds)
    }
}
