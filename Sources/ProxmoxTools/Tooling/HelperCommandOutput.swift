extension CommandOutput {
    /// This output, if the command ran to completion with exit status 0; otherwise the failure a
    /// caller should see, in the node's own words (`Configuration file 'nodes/pve1/qemu-server/999.conf'
    /// does not exist`) where Proxmox gave some.
    public func requireSuccess(_ command: String, on host: InventoryHost) throws(ToolFailure) -> CommandOutput {
        if succeeded { return self }
        throw failure(command, on: host)
    }

    /// The failure for an output that did not succeed (timed out, or a non-zero exit).
    public func failure(_ command: String, on host: InventoryHost) -> ToolFailure {
        if cancelled {
            return ToolFailure(error: "cancelled", message: "`\(command)` on \(host.alias) was cancelled and stopped on the node.")
        }
        if timedOut {
            return ToolFailure(
                error: "timed_out",
                message: "`\(command)` on \(host.alias) did not finish within \(Int(host.timeout)) s and was stopped; "
                    + "the node may be overloaded, or pmxcfs/corosync may be hanging.")
        }
        let interpreted = ProxmoxCommandError.interpret(stderr: stderr, exitCode: exitCode)
        return ToolFailure(error: interpreted.code, message: "`\(command)` failed on \(host.alias): \(interpreted.description)")
    }
}

extension ToolFailure {
    /// Output the parser could not read: a format this version does not know, or cut-off output.
    public init(_ parseError: ParseError) {
        self.init(error: "unexpected_output", message: parseError.description)
    }
}

/// Runs a parser and reports its `ParseError` as the `unexpected_output` failure of that node.
public func parsing<T>(_ parse: () throws(ParseError) -> T) throws(ToolFailure) -> T {
    do {
        return try parse()
    } catch {
        throw ToolFailure(error)
    }
}
