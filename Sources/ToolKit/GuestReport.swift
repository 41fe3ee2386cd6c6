public import MCP
import ProxmoxParsing

/// The result of a per-guest helper: which node answered, which guest, and its key/value data.
public struct GuestReport<Data: Sendable & Encodable>: ToolOutput {
    public var host: String
    public var vmid: Int
    public var data: Data
    /// The JSON key `data` goes under (`status`, `config`).
    public var key: String

    public init(host: String, vmid: Int, key: String, data: Data) {
        self.host = host
        self.vmid = vmid
        self.key = key
        self.data = data
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: NamedKey.self)
        try container.encode(host, forKey: NamedKey("host"))
        try container.encode(vmid, forKey: NamedKey("vmid"))
        try container.encode(data, forKey: NamedKey(key))
    }

    /// Output schema: `{host, vmid, <key>: value}`.
    public static func schema(key: String, value: Value) -> Value {
        JSONSchema.object(
            ["host": JSONSchema.string("Node alias that answered."), "vmid": JSONSchema.integer(), key: value],
            required: ["host", "vmid", key])
    }
}

extension GuestConfig {
    /// The config as a `key → value` map; a raw `lxc.*` key that repeats has its values joined
    /// with newlines, in file order.
    public var keyValueMap: [String: String] {
        var map: [String: String] = [:]
        for entry in entries {
            map[entry.key] = map[entry.key].map { "\($0)\n\(entry.value)" } ?? entry.value
        }
        return map
    }
}
