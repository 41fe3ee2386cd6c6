public import MCP
import ProxmoxModel

/// Builders for the JSON Schema subset the tools use (and `SchemaValidator` checks): `type`
/// (one or a list), `properties`, `required`, `additionalProperties`, `items`, `enum`,
/// `minimum`/`maximum`, `minItems`, `minLength`, `description`.
///
/// Tools write their schemas once, beside their `Input`/`Output`, with these — so a schema reads
/// like the struct it describes and an object is closed (`additionalProperties: false`) unless
/// it says otherwise.
public enum JSONSchema {
    /// An object with the given properties. Closed by default: unknown properties are errors.
    public static func object(
        _ properties: [String: Value], required: [String] = [], description: String? = nil,
        additionalProperties: Bool = false
    ) -> Value {
        var schema: [String: Value] = [
            "type": "object",
            "properties": .object(properties),
            "additionalProperties": .bool(additionalProperties),
        ]
        if !required.isEmpty { schema["required"] = .array(required.map { .string($0) }) }
        if let description { schema["description"] = .string(description) }
        return .object(schema)
    }

    /// An object whose keys are free-form and whose values all match `values` (a key/value map).
    public static func map(of values: Value, description: String? = nil) -> Value {
        var schema: [String: Value] = ["type": "object", "additionalProperties": values]
        if let description { schema["description"] = .string(description) }
        return .object(schema)
    }

    public static func string(_ description: String? = nil, oneOf choices: [String]? = nil, minLength: Int? = nil) -> Value {
        var schema: [String: Value] = ["type": "string"]
        if let description { schema["description"] = .string(description) }
        if let choices { schema["enum"] = .array(choices.map { .string($0) }) }
        if let minLength { schema["minLength"] = .int(minLength) }
        return .object(schema)
    }

    public static func integer(_ description: String? = nil, minimum: Int? = nil, maximum: Int? = nil) -> Value {
        var schema: [String: Value] = ["type": "integer"]
        if let description { schema["description"] = .string(description) }
        if let minimum { schema["minimum"] = .int(minimum) }
        if let maximum { schema["maximum"] = .int(maximum) }
        return .object(schema)
    }

    public static func number(_ description: String? = nil, minimum: Double? = nil, maximum: Double? = nil) -> Value {
        var schema: [String: Value] = ["type": "number"]
        if let description { schema["description"] = .string(description) }
        if let minimum { schema["minimum"] = .double(minimum) }
        if let maximum { schema["maximum"] = .double(maximum) }
        return .object(schema)
    }

    public static func boolean(_ description: String? = nil) -> Value {
        var schema: [String: Value] = ["type": "boolean"]
        if let description { schema["description"] = .string(description) }
        return .object(schema)
    }

    public static func array(of items: Value, description: String? = nil, minItems: Int? = nil) -> Value {
        var schema: [String: Value] = ["type": "array", "items": items]
        if let description { schema["description"] = .string(description) }
        if let minItems { schema["minItems"] = .int(minItems) }
        return .object(schema)
    }

    /// The same schema, also accepting `null` (`"type": ["integer", "null"]`).
    public static func nullable(_ schema: Value) -> Value {
        guard case .object(var fields) = schema else { return schema }
        switch fields["type"] {
        case .string(let type)?: fields["type"] = .array([.string(type), "null"])
        case .array(let types)? where !types.contains("null"): fields["type"] = .array(types + ["null"])
        default: break
        }
        return .object(fields)
    }

    /// A failure code: a string from `FailureCode.allCases`.
    public static func failureCode(_ description: String? = nil) -> Value {
        string(description, oneOf: FailureCode.allRawValues)
    }

    /// Any JSON value (data passed through as Proxmox printed it).
    public static let anyValue: Value = .object([:])

    /// The `{nodes: [NodeResult]}` output of a fan-out tool: per node `{host, ok: true, <key>: value}`
    /// or `{host, ok: false, error, message, setup?}`.
    public static func fanOut(key: String, value: Value, description: String) -> Value {
        let node = object(
            [
                "host": string("Inventory alias of the node."),
                "ok": boolean("true: the node answered and `\(key)` holds its data; false: see error/message."),
                key: value,
                "error": failureCode("Short failure code for this node (unreachable, auth_failed, timed_out, …)."),
                "message": string("What went wrong on this node and what to do."),
                "setup": string("Key setup or host-key trust instructions, when they apply."),
            ],
            required: ["host", "ok"])
        return object(["nodes": array(of: node, description: description)], required: ["nodes"])
    }

    /// The `{error, message, setup?}` body of a failed call (an `isError` result).
    public static let failure: Value = object(
        [
            "error": failureCode("Short failure code."),
            "message": string("What went wrong and what to do."),
            "setup": string("Setup instructions, when they apply."),
        ],
        required: ["error", "message"])
}
