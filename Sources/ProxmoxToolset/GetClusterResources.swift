public import MCP
import Foundation
import ProxmoxModel
import ProxmoxParsing
import ToolKit

/// Every guest, node and storage of the cluster with live usage (`pvesh get /cluster/resources`).
public struct GetClusterResources: Tool {
    public struct Input: Decodable, Sendable {
        public var host: String?
        public var type: ResourceType?
    }

    /// The `--type` filters pvesh accepts.
    public enum ResourceType: String, Decodable, Sendable, CaseIterable {
        case vm, storage, node, sdn, pool
    }

    /// `{host, resources: [...]}`, the entries exactly as Proxmox returns them.
    public struct Output: ToolOutput {
        public var host: String
        public var resources: Value
    }

    public static let definition = ToolDefinition(
        name: "proxmox_cluster_resources",
        title: "Cluster resources",
        description: """
            List every resource of the whole cluster from one node (`pvesh get /cluster/resources`), \
            with live usage: VMs and containers (id like qemu/100 or lxc/200, vmid, node, name, status, \
            cpu as a fraction, maxcpu, mem/maxmem and disk/maxdisk in bytes, uptime, tags, template), \
            nodes (status online/offline, cpu, mem, uptime), storages per node, pools and SDN/network \
            zones. Entries are passed through as Proxmox returns them; their order is not meaningful. \
            Optional type filters to vm, storage, node, sdn or pool. This is the quickest way to find \
            which node runs a guest. Read-only.
            """,
        inputSchema: JSONSchema.object([
            "host": JSONSchema.string(
                "The node to ask (any cluster member answers for the whole cluster). Default: the default node.",
                minLength: 1),
            "type": JSONSchema.string(
                "Only resources of this type.", oneOf: ResourceType.allCases.map(\.rawValue)),
        ]),
        outputSchema: JSONSchema.object(
            [
                "host": JSONSchema.string("Node alias that answered."),
                "resources": JSONSchema.array(of: JSONSchema.map(of: JSONSchema.anyValue),
                                              description: "Entries as pvesh returns them."),
            ],
            required: ["host", "resources"]),
        hints: .readOnlyHelper)

    public init() {}

    public func call(_ input: Input, in context: ToolContext) async throws -> Output {
        let host = try context.inventory.host(named: input.host)
        // `type` is one of a fixed set of words, so it can be appended as is. pvesh's own filter
        // knows vm|storage|node|sdn only (PVE 9.1); pools are filtered here.
        var command: FixedCommand = "pvesh get /cluster/resources --output-format json"
        if let type = input.type, type != .pool { command += " --type \(type)" }
        let output = try await context.run(command, on: host).requireSuccess(command, on: host)
        let resources: Value
        do {
            resources = try JSONDecoder().decode(Value.self, from: Data(output.stdout.utf8))
        } catch {
            throw Failure(ParseError(command: command.text, line: 1, text: String(output.stdout.prefix(120)),
                                         expected: "a JSON array of resources"))
        }
        guard case .array(let entries) = resources else {
            throw Failure(ParseError(command: command.text, expected: "a JSON array of resources"))
        }
        if input.type == .pool {
            return Output(host: host.alias, resources: .array(entries.filter { $0.objectValue?["type"] == "pool" }))
        }
        return Output(host: host.alias, resources: resources)
    }
}
