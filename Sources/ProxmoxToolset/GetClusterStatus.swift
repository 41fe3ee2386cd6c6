import ProxmoxModel
import ProxmoxParsing
import ToolKit

/// Quorum, votes and members of the cluster as one node sees it (`pvecm status`).
public struct GetClusterStatus: Tool {
    public struct Input: Decodable, Sendable {
        public var host: String?
    }

    /// `{host, cluster: ClusterStatus}`.
    public struct Output: ToolOutput {
        public var host: String
        public var cluster: ClusterStatus
    }

    static let command: FixedCommand = "pvecm status"

    public static let definition = ToolDefinition(
        name: "proxmox_cluster_status",
        title: "Cluster status",
        description: """
            Show the corosync cluster state as one node sees it (`pvecm status`): cluster name, config \
            version, transport, whether this node's partition is quorate, expected/total votes and the \
            quorum threshold, flags, and the members it can see (node id, votes, ring address, which one \
            is local). A node that is not in a cluster answers standalone: true. A node that lost quorum \
            still answers (quorate: false) — ask other nodes to compare partitions. Read-only.
            """,
        inputSchema: JSONSchema.object([
            "host": JSONSchema.string(
                "The node to ask. Default: the inventory's default node, or the only node.", minLength: 1),
        ]),
        outputSchema: JSONSchema.object(
            [
                "host": JSONSchema.string("Node alias that answered."),
                "cluster": JSONSchema.object(
                    [
                        "standalone": JSONSchema.boolean("The node is not part of a cluster."),
                        "quorate": JSONSchema.boolean("This node's partition has quorum."),
                        "clusterName": JSONSchema.string(),
                        "members": JSONSchema.array(of: JSONSchema.map(of: JSONSchema.anyValue)),
                    ],
                    required: ["standalone", "quorate"], additionalProperties: true),
            ],
            required: ["host", "cluster"]),
        hints: .readOnlyHelper,
        examples: [["host": "pve2"]])

    public init() {}

    public func call(_ input: Input, in context: ToolContext) async throws -> Output {
        let host = try context.inventory.host(named: input.host)
        let output = try await context.run(Self.command, on: host)
        // Exit 2 with a full report means "not quorate" and is data, not a failure (errors.md 10);
        // a standalone node's message is data too. Everything else is that node's error.
        if output.timedOut { throw output.failure(Self.command.text, on: host) }
        do {
            let status = try ClusterStatus.parse(stdout: output.stdout, stderr: output.stderr, exitCode: output.exitCode)
            return Output(host: host.alias, cluster: status)
        } catch {
            if output.exitCode != 0 { throw output.failure(Self.command.text, on: host) }
            throw Failure(error)
        }
    }
}
