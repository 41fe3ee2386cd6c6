public import Logging

/// One `NodeConnection` per inventory alias, created on first use and reused by every later call.
/// (Work in progress: the SSH layer lands in the SSH issue.)
public final class ConnectionManager: CommandRunner {
    let logger: Logger

    public init(logger: Logger = Logger(label: "proxmox-tools.ssh")) {
        self.logger = logger
    }

    public func run(_ command: String, on host: Host, timeout: Double?) async throws(NodeError) -> CommandOutput {
        throw NodeError(code: "not_implemented", message: "the SSH layer is not built yet")
    }

    public func check(_ host: Host) async -> HostCheck {
        HostCheck(reachable: false, authenticated: false, hostKey: "unchecked", error: "not_implemented")
    }

    /// Closes every session with an SSH disconnect message.
    public func shutdown() async {}
}
