import NodeAccess
public import ProxmoxModel

extension ToolContext {
    /// This context narrowed to `principal` (issue 19): every host's policy becomes the stricter
    /// of its own and the principal's, and a host outside the principal's `hosts` is refused
    /// before anything is sent, with a tool error naming both. Unknown selectors in `hosts` match
    /// nothing (a typo in the tokens file must not widen access). The audit log records the name.
    public func narrowed(to principal: Principal) -> ToolContext {
        var narrowed = self
        narrowed.principal = principal.name
        let allowed = Self.aliases(of: principal, in: inventory)
        narrowed.inventory.hosts = inventory.hosts.map { host in
            var host = host
            host.policy = host.policy.stricter(principal.policy)
            // Outside the scope: read-only too, so nothing can ask a person about a host the
            // principal may not reach; the runner below refuses the rest.
            if let allowed, !allowed.contains(host.alias) { host.policy = .readOnly }
            return host
        }
        if let allowed {
            narrowed.runner = PrincipalScopedRunner(base: runner, principal: principal.name, allowed: allowed)
        }
        return narrowed
    }

    /// The aliases `principal.hosts` selects, or nil for every host.
    static func aliases(of principal: Principal, in inventory: Inventory) -> Set<String>? {
        guard let selectors = principal.hosts else { return nil }
        var aliases = Set<String>()
        for selector in selectors {
            if let matched = try? inventory.hosts(matching: [selector]) { aliases.formUnion(matched.map(\.alias)) }
        }
        return aliases
    }
}

/// Refuses, before anything reaches the node, a host the principal may not use. Every `run`
/// forwards the `RemoteCommand` itself (never its bare text), so the containment and watchdog
/// composed for the call are kept.
struct PrincipalScopedRunner: StreamingCommandRunner {
    let base: any CommandRunner
    let principal: String
    let allowed: Set<String>

    func refusal(_ host: InventoryHost) -> Failure {
        Failure(.blocked, "principal '\(principal)' may not use host '\(host.alias)'; nothing was sent.",
                remedy: "Ask an admin to add '\(host.alias)' (or one of its tags) to \(principal)'s `hosts:` in the tokens file.")
    }

    func run(_ command: String, on host: InventoryHost, timeout: Double?) async throws(Failure) -> CommandOutput {
        try await run(RemoteCommand(command), on: host, timeout: timeout)
    }

    func run(_ command: RemoteCommand, on host: InventoryHost, timeout: Double?) async throws(Failure) -> CommandOutput {
        guard allowed.contains(host.alias) else { throw refusal(host) }
        return try await base.run(command, on: host, timeout: timeout)
    }

    func run(_ command: String, on host: InventoryHost, timeout: Double?,
             streamingTo sink: @escaping CommandOutputSink) async throws(Failure) -> CommandOutput {
        try await run(RemoteCommand(command), on: host, timeout: timeout, streamingTo: sink)
    }

    func run(_ command: RemoteCommand, on host: InventoryHost, timeout: Double?,
             streamingTo sink: @escaping CommandOutputSink) async throws(Failure) -> CommandOutput {
        guard allowed.contains(host.alias) else { throw refusal(host) }
        if let streaming = base as? any StreamingCommandRunner {
            return try await streaming.run(command, on: host, timeout: timeout, streamingTo: sink)
        }
        return try await base.run(command, on: host, timeout: timeout)
    }

    func check(_ host: InventoryHost) async -> HostCheck {
        guard allowed.contains(host.alias) else {
            let failure = refusal(host)
            return HostCheck(reachable: false, authenticated: false, hostKey: "unchecked", error: failure.code, message: failure.message)
        }
        return await base.check(host)
    }
}
