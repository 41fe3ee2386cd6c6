import NodeAccess
import ShellPolicy
import ToolKit
import ProxmoxModel

/// The inventory, and with `check: true` whether each node can be reached and logged into.
public struct ListHosts: Tool {
    public struct Input: Decodable, Sendable {
        public var check: Bool?
        public var hosts: [String]?
    }

    /// One inventory node as a client sees it (no key paths or other local details).
    public struct Entry: Encodable, Sendable {
        public var alias: String
        public var address: String
        public var port: Int
        public var user: String
        public var policy: String
        public var tags: [String]
        public var `default`: Bool
        public var check: HostCheck?
    }

    public struct Output: ToolOutput {
        public var hosts: [Entry]
    }

    public static let definition = ToolDefinition(
        name: "proxmox_list_hosts",
        title: "List Proxmox nodes",
        description: """
            List the Proxmox VE nodes this server can reach (its inventory): alias (the value every \
            other tool takes as host), address, SSH port and user, command policy (read-only, guarded, \
            unrestricted), tags (select several nodes with `tag:NAME`) and which node is the default. \
            With check: true each node is also probed concurrently: reachable, authenticated, host key \
            status (trusted, unknown, changed) and fingerprint, round-trip time in ms, or the error and \
            what to do. Call this first when you do not know the node names.
            """,
        inputSchema: JSONSchema.object([
            "check": JSONSchema.boolean("Also connect to each node and report reachability, auth and host-key status."),
            "hosts": NodeSelection.schemaProperties["hosts"]!,
        ]),
        outputSchema: JSONSchema.object(
            [
                "hosts": JSONSchema.array(of: JSONSchema.object(
                    [
                        "alias": JSONSchema.string(),
                        "address": JSONSchema.string(),
                        "port": JSONSchema.integer(),
                        "user": JSONSchema.string(),
                        "policy": JSONSchema.string(oneOf: PolicyMode.allCases.map(\.rawValue)),
                        "tags": JSONSchema.array(of: JSONSchema.string()),
                        "default": JSONSchema.boolean(),
                        "check": JSONSchema.object(
                            [
                                "reachable": JSONSchema.boolean(),
                                "authenticated": JSONSchema.boolean(),
                                "hostKey": JSONSchema.string("trusted, unknown, changed or unchecked."),
                                "fingerprint": JSONSchema.string(),
                                "roundTripMs": JSONSchema.number(),
                                "error": JSONSchema.failureCode("Why the check stopped where it did."),
                                "message": JSONSchema.string(),
                            ],
                            required: ["reachable", "authenticated", "hostKey"]),
                    ],
                    required: ["alias", "address", "port", "user", "policy", "tags", "default"])),
            ],
            required: ["hosts"]),
        hints: .readOnlyHelper,
        examples: [[:], ["check": true, "hosts": ["tag:prod"]]])

    public init() {}

    public func call(_ input: Input, in context: ToolContext) async throws -> Output {
        let hosts = try context.inventory.hosts(matching: input.hosts)
        var checks: [String: HostCheck] = [:]
        if input.check == true {
            let results = await ToolContext.concurrently(hosts) { host -> HostCheck in
                let call: AuditedCall
                do throws(Failure) {
                    call = try await context.auditStart(host: host, command: "(connection check)", verdict: .notApplicable)
                } catch {
                    return HostCheck(reachable: false, authenticated: false, hostKey: "unchecked",
                                     error: error.code, message: error.message)
                }
                let check = await context.runner.check(host)
                await context.auditEnd(call, error: check.error)
                return check
            }
            checks = Dictionary(zip(hosts.map(\.alias), results), uniquingKeysWith: { first, _ in first })
        }
        return Output(hosts: hosts.map { host in
            Entry(alias: host.alias, address: host.address, port: host.port, user: host.user,
                  policy: host.policy.rawValue, tags: host.tags, default: host.isDefault, check: checks[host.alias])
        })
    }
}
