import Foundation
import SSH
import Testing
@testable import NodeAccess
import ProxmoxModel
import ShellPolicy
@testable import ToolKit

/// How a command is composed for the node (no node needed): the frame the simulator reads, the
/// watchdog, the wall around an unattended command, and the length limit on the caller's part.
@Suite struct ContainmentCompositionTests {
    static let host = InventoryHost(alias: "pve1", address: "192.0.2.1", knownHosts: "/dev/null")

    func lines(_ request: ExecRequest) -> [Substring] {
        request.command.split(separator: "\n", omittingEmptySubsequences: false)
    }

    @Test func anUncontainedCommandFollowsTheFrameAndTheWatchdog() throws {
        let request = try RemoteCommand("qm list\necho two").execRequest(for: Self.host)
        let lines = lines(request)
        #expect(lines == [": proxmox-tools frame 2 0 wall=none", Substring(RemoteCommand.watchdog), "qm list", "echo two"])
        #expect(request.teardown == [.closeInput])
        // The watchdog stops the whole process group on stdin EOF, and only while the shell lives.
        #expect(lines[1].contains(#"read -r _; read -r _ _ s _ </proc/$$/stat && [ "$s" != Z ] && { kill -TERM -- -$$; sleep 1; kill -KILL -- -$$; }"#))
        #expect(lines[1].hasSuffix("exec </dev/null"))
    }

    @Test(arguments: [(Containment.guarded, "guarded"), (.readOnly, "read-only")])
    func aContainedCommandSitsInAHereDocumentAfterTheWatchdog(containment: Containment, name: String) throws {
        let request = try RemoteCommand("pvesm status\nuptime", containment: containment).execRequest(for: Self.host)
        let lines = lines(request)
        #expect(lines.count == 6)
        #expect(lines[0] == Substring(": proxmox-tools frame 3 1 wall=\(name)"))
        #expect(lines[1].hasPrefix("exec /usr/bin/perl -e 'sub f{"))
        #expect(lines[1].hasSuffix(" 3<<'PROXMOX_TOOLS_END'"))
        #expect(lines[2] == Substring(RemoteCommand.watchdog))
        #expect(Array(lines[3...4]) == ["pvesm status", "uptime"])
        #expect(lines[5] == "PROXMOX_TOOLS_END")
        #expect(request.teardown == [.closeInput])
    }

    @Test func theDelimiterIsNoLineOfTheCommand() {
        #expect(RemoteCommand.delimiter(for: "echo\nPROXMOX_TOOLS_END\nPROXMOX_TOOLS_END_") == "PROXMOX_TOOLS_END__")
        #expect(RemoteCommand.delimiter(for: "echo PROXMOX_TOOLS_END") == "PROXMOX_TOOLS_END")
    }

    /// The wrapper is one single-quoted shell word: a quote inside would end it.
    @Test(arguments: [ContainmentProfile.guarded, .readOnly])
    func theWrapperIsOneShellWord(profile: ContainmentProfile) {
        #expect(!ContainmentScript.perl(profile).contains("'"))
        #expect(profile.allPaths.allSatisfy(ContainmentProfile.isPlainPath))
        #expect(!ContainmentProfile.isPlainPath("/tmp/it's"))
        #expect(!ContainmentProfile.isPlainPath("relative/path"))
    }

    @Test func theProfilesFollowThePolicy() {
        #expect(ContainmentProfile(.none) == nil)
        #expect(ContainmentProfile(.guarded)?.writable == ["/tmp", "/var/tmp", "/root", "/var/lib/vz/template/iso"])
        #expect(ContainmentProfile(.guarded)?.privateTemp == ["/dev/shm"])
        #expect(ContainmentProfile(.readOnly)?.writable == [])
        #expect(ContainmentProfile(.readOnly)?.hidden.contains("/run/systemd/private") == true)
        #expect(ContainmentProfile(.guarded)?.hidden == [])
        for capability in [22, 16, 21, 17, 25] { #expect(ContainmentProfile.guarded.droppedCapabilities.contains(capability)) }
    }

    /// The 32 KiB limit counts the caller's command; the longest one still fits one exec request
    /// with everything wrapped around it.
    @Test(arguments: [Containment.none, .guarded, .readOnly])
    func theLimitCountsTheCallersCommand(containment: Containment) throws {
        let longest = String(repeating: "y", count: RemoteCommand.maximumCommandBytes)
        let request = try RemoteCommand(longest, containment: containment).execRequest(for: Self.host)
        #expect(request.command.utf8.count <= ExecRequest.maximumBytes)
        #expect(throws: Failure.self) { try RemoteCommand(longest + "y", containment: containment).execRequest(for: Self.host) }
        do {
            _ = try RemoteCommand(longest + "y", containment: containment).execRequest(for: Self.host)
        } catch {
            #expect(error.code == .commandTooLong)
            #expect(error.message.contains("32769 bytes"))
        }
    }

    @Test func approvedAsksAndHelpersRunWithoutTheWall() {
        let allowed = PolicyVerdict(verdict: .allow, mode: .guarded, canonical: "uptime")
        #expect(CommandAuthorization(verdict: allowed, command: "uptime").containment == .guarded)
        let asked = PolicyVerdict(verdict: .ask, mode: .guarded, canonical: "rm /root/x")
        #expect(CommandAuthorization(verdict: asked, approval: .approved, command: "rm /root/x").containment == .none)
        let readOnly = PolicyVerdict(verdict: .allow, mode: .readOnly)
        #expect(CommandAuthorization(verdict: readOnly, command: "uptime").containment == .readOnly)
        #expect(CommandAuthorization(verdict: PolicyVerdict(verdict: .allow, mode: .unrestricted), command: "x").containment == .none)
    }
}
