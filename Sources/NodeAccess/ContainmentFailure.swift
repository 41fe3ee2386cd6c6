import SSH
import ProxmoxModel

/// A contained command that ended before it ran because the wall could not be built on the node
/// (no Perl, not x86_64, a kernel without `mount_setattr`, a refused mount). The call fails with
/// `containment_unavailable`: it never runs uncontained.
struct ContainmentFailure {
    var failure: Failure

    init?(_ result: ExecResult, host: InventoryHost) {
        let stderr = result.stderr.text
        let why: Substring
        if result.exitCode == ContainmentScript.failureStatus, stderr.hasPrefix(ContainmentScript.failurePrefix) {
            why = stderr.dropFirst(ContainmentScript.failurePrefix.count).prefix { $0 != "\n" }
        } else if result.exitCode == 127, stderr.contains(ContainmentScript.missingPerl), stderr.utf8.count < 200 {
            why = "/usr/bin/perl is missing"
        } else {
            return nil
        }
        failure = Failure(
            .containmentUnavailable,
            "\(host.alias) could not contain the command (\(why)), so it did not run. Commands a `\(host.policy.rawValue)` policy "
                + "lets through without a person run inside a read-only mount namespace without reboot/module/admin capabilities, "
                + "which needs /usr/bin/perl, an x86_64 node and Linux 5.12 or newer (mount_setattr).",
            remedy: "Fix the node (install perl, update the kernel), or set `policy: unrestricted` for \(host.alias) in hosts.d "
                + "if it must run commands without the wall; a command approved by a person also runs without it.")
    }
}
