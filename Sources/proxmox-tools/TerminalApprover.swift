import Foundation
import POSIXSupport
import ToolKit

/// The CLI's approvers for commands the policy marks `ask`.
enum TerminalApprover {
    /// Asks on the terminal (`Run on pve2 (root@…): qm destroy 100 --purge? [y/N]`) when stdin and
    /// stderr are both a TTY; with `--yes` approves without asking; otherwise nobody can be asked.
    static func make(yes: Bool) -> (any CommandApprover)? {
        if yes { return PreApproved() }
        guard isatty(STDIN_FILENO) == 1, isatty(STDERR_FILENO) == 1 else { return nil }
        return Prompt()
    }

    /// `--yes`: the person typing the CLI command approved it in advance (meant for scripts).
    struct PreApproved: CommandApprover {
        func approve(_ request: ApprovalRequest) async -> ApprovalAnswer { .approved }
    }

    struct Prompt: CommandApprover {
        func approve(_ request: ApprovalRequest) async -> ApprovalAnswer {
            FileHandle.standardError.write(Data("proxmox-tools: this command needs your approval: \(ApprovalRequest.visible(request.reason))\n".utf8))
            if request.commands.count > 1 || request.commands.first != request.command {
                let list = request.commands.map { "  - " + ApprovalRequest.visible($0) }.joined(separator: "\n")
                FileHandle.standardError.write(Data("It runs:\n\(list)\n".utf8))
            }
            FileHandle.standardError.write(Data(request.prompt.utf8))
            return await ApprovalAnswer.within(request.timeout) {
                // readLine blocks: it runs on a thread of its own, never on Swift's cooperative pool.
                // DedicatedThread, not Foundation's Thread: a failed thread start must be an answer,
                // not a prompt that waits forever.
                let read: Result<String?, ResourceExhaustion> = await withCheckedContinuation { continuation in
                    do throws(ResourceExhaustion) {
                        try DedicatedThread.start(name: "approval-read") { continuation.resume(returning: .success(readLine())) }
                    } catch {
                        continuation.resume(returning: .failure(error))
                    }
                }
                let line: String?
                switch read {
                case .success(let answer): line = answer
                case .failure(let error): return .noAnswer("could not read the answer: \(error)")
                }
                guard let line else { return .noAnswer("stdin closed before an answer") }
                return ["y", "yes"].contains(line.trimmingCharacters(in: .whitespaces).lowercased()) ? .approved : .declined
            }
        }
    }
}
