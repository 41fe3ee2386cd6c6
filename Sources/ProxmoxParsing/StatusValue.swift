/// A value from `qm status VMID --verbose` / `pct status VMID --verbose`, encoded as plain JSON
/// (a string, an object or an array).
///
/// Every scalar stays a string: the text output does not say whether `1` was a number or a
/// boolean (Perl prints JSON booleans as `1`/`0`), and LXC pressure values such as `0.00` are
/// strings even in the API. Callers that need a number convert the one field they use.
public indirect enum StatusValue: Codable, Sendable, Hashable {
    case string(String)
    case object([String: StatusValue])
    case array([StatusValue])

    /// The scalar text, or nil for an object or array.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The member `key` of an object, or nil.
    public subscript(key: String) -> StatusValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let members = try? container.decode([String: StatusValue].self) {
            self = .object(members)
        } else if let items = try? container.decode([StatusValue].self) {
            self = .array(items)
        } else if let number = try? container.decode(Int.self) {
            self = .string(String(number))
        } else if let number = try? container.decode(Double.self) {
            self = .string(String(number))
        } else if let flag = try? container.decode(Bool.self) {
            self = .string(flag ? "1" : "0")   // as Proxmox's own text output prints it
        } else {
            throw DecodingError.dataCorruptedError(in: container,
                debugDescription: "expected a string, number, boolean, object or array")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let text): try container.encode(text)
        case .object(let members): try container.encode(members)
        case .array(let items): try container.encode(items)
        }
    }

    /// Parses the stdout of `qm status VMID [--verbose]` or `pct status VMID [--verbose]`
    /// (`command` only names it in errors). Plain `qm status 100` gives `["status": "running"]`.
    ///
    /// qemu-server's `print_recursive_hash` writes a scalar as `key: value`, and a hash or an array
    /// as `key:` followed by its members one TAB deeper. An empty array therefore prints only
    /// `key:` (`timed_stats:`), which is read as an empty array.
    public static func parseVerboseStatus(_ stdout: String, command: String = "qm status --verbose")
        throws(ParseError) -> [String: StatusValue] {
        var reader = IndentedTreeReader(command: command, text: stdout)
        return try reader.readDocument()
    }
}
