/// The `{nodes: [...]}` result of a fan-out helper. `isError` only when no node answered, so a
/// partial answer stays a normal result whose failed nodes say why.
public struct FanOutOutput<Item: Sendable & Encodable>: ToolOutput {
    public var nodes: [NodeResult<Item>]

    public init(nodes: [NodeResult<Item>]) {
        self.nodes = nodes
    }

    public var isError: Bool { !nodes.isEmpty && nodes.allSatisfy { !$0.ok } }
}
