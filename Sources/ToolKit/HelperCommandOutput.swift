import NodeAccess
import ProxmoxModel
import ProxmoxParsing

extension CommandOutput {
    /// This output, if the command ran to completion with exit status 0; otherwise the failure a
    /// caller should see, in the node's own words (`Configuration file 'nodes/pve1/qemu-server/999.conf'
    /// does not exist`) where Proxmox gave some.
    public func requireSuccess(_ command: String, on host: InventoryHost) throws(Failure) -> CommandOutput {
        if succeeded { return self }
        throw failure(command, on: host)
    }

    public func requireSuccess(_ command: FixedCommand, on host: InventoryHost) throws(Failure) -> CommandOutput {
        try requireSuccess(command.text, on: host)
    }

    /// The failure for an output that did not succeed (timed out, or a non-zero exit).
    public func failure(_ command: String, on host: InventoryHost) -> Failure {
        if cancelled {
            return Failure(.cancelled, "`\(command)` on \(host.alias) was cancelled and stopped on the node.")
        }
        if timedOut {
            return Failure(
                .timedOut,
                "`\(command)` on \(host.alias) did not finish within \(Int(host.timeout.inSeconds)) s and was stopped; "
                    + "the node may be overloaded, or pmxcfs/corosync may be hanging.")
        }
        let interpreted = Failure.proxmoxCommand(stderr: stderr, exitCode: exitCode)
        let advice = interpreted.remedy.map { "\n\($0)" } ?? ""
        return Failure(interpreted.code, "`\(command)` failed on \(host.alias): \(interpreted.message)\(advice)")
    }
}

/// Runs a parser and reports its `ParseError` as the `unexpected_output` failure of that node.
public func parsing<T>(_ parse: () throws(ParseError) -> T) throws(Failure) -> T {
    do {
        return try parse()
    } catch {
        throw Failure(error)
    }
}
