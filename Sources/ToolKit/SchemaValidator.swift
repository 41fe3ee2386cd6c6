public import MCP

/// Checks a JSON value against the JSON Schema subset `JSONSchema` builds, and says in one
/// sentence what is wrong and where ("argument 'timeoutSeconds' must be a number, got string").
///
/// Why not a full JSON Schema implementation: tool inputs are small, flat objects, and the one
/// thing a model needs from a rejection is which argument to fix. Keywords outside the subset
/// are ignored, so a schema can still carry documentation-only keys.
public struct SchemaValidator: Sendable {
    /// How the top-level value is named in messages: `argument` for tool inputs, `output` for results.
    public var subject: String

    public init(subject: String = "argument") {
        self.subject = subject
    }

    /// The first violation found, or nil when `value` matches `schema`.
    public func violation(of schema: Value, by value: Value) -> String? {
        check(value, against: schema, path: [])
    }

    private func name(_ path: [String]) -> String {
        guard var text = path.first else { return subject == "argument" ? "the arguments" : "the \(subject)" }
        for part in path.dropFirst() {
            text += part.hasPrefix("[") ? part : ".\(part)"
        }
        return "\(subject) '\(text)'"
    }

    private func check(_ value: Value, against schema: Value, path: [String]) -> String? {
        guard case .object(let rules) = schema else { return nil }
        if let allowed = Self.types(rules["type"]), !allowed.contains(where: { Self.matches(value, type: $0) }) {
            let expected = allowed.map(Self.article).joined(separator: " or ")
            return "\(name(path)) must be \(expected), got \(Self.kind(of: value))"
        }
        if case .array(let choices)? = rules["enum"], !choices.contains(where: { Self.equal($0, value) }) {
            let list = choices.map(Self.render).joined(separator: ", ")
            return "\(name(path)) must be one of \(list); got \(Self.render(value))"
        }
        if let number = Self.number(value) {
            if let minimum = rules["minimum"].flatMap(Self.number), number < minimum {
                return "\(name(path)) must be at least \(Self.render(rules["minimum"]!)), got \(Self.render(value))"
            }
            if let maximum = rules["maximum"].flatMap(Self.number), number > maximum {
                return "\(name(path)) must be at most \(Self.render(rules["maximum"]!)), got \(Self.render(value))"
            }
        }
        switch value {
        case .string(let text):
            if let minLength = rules["minLength"]?.intValue, text.count < minLength {
                return minLength == 1 ? "\(name(path)) must not be empty"
                    : "\(name(path)) must have at least \(minLength) characters"
            }
        case .array(let items):
            if let minItems = rules["minItems"]?.intValue, items.count < minItems {
                return "\(name(path)) must have at least \(minItems) item\(minItems == 1 ? "" : "s")"
            }
            if let itemSchema = rules["items"] {
                for (index, item) in items.enumerated() {
                    if let problem = check(item, against: itemSchema, path: path + ["[\(index)]"]) { return problem }
                }
            }
        case .object(let fields):
            return checkObject(fields, rules: rules, path: path)
        default:
            break
        }
        return nil
    }

    private func checkObject(_ fields: [String: Value], rules: [String: Value], path: [String]) -> String? {
        let properties = rules["properties"]?.objectValue ?? [:]
        if case .array(let required)? = rules["required"] {
            for case .string(let key) in required where fields[key] == nil {
                return "missing required \(name(path + [key]))"
            }
        }
        for key in fields.keys.sorted() {
            let value = fields[key]!
            if let propertySchema = properties[key] {
                if let problem = check(value, against: propertySchema, path: path + [key]) { return problem }
                continue
            }
            switch rules["additionalProperties"] {
            case .bool(false)?:
                let known = properties.keys.sorted()
                let takes = known.isEmpty ? "it takes none" : "known: \(known.joined(separator: ", "))"
                return "unknown \(name(path + [key])); \(takes)"
            case .object(let extra)?:
                if let problem = check(value, against: .object(extra), path: path + [key]) { return problem }
            default:
                break
            }
        }
        return nil
    }

    // MARK: - JSON kinds

    private static func types(_ rule: Value?) -> [String]? {
        switch rule {
        case .string(let type)?: [type]
        case .array(let types)?: types.compactMap(\.stringValue)
        default: nil
        }
    }

    private static func matches(_ value: Value, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("string", .data),
             ("array", .array), ("object", .object), ("integer", .int), ("number", .int), ("number", .double):
            true
        case ("integer", .double(let number)):
            // JSON has one number type; 5.0 is an integer in JSON Schema.
            number.rounded() == number && abs(number) < 1e15
        default:
            false
        }
    }

    private static func kind(of value: Value) -> String {
        switch value {
        case .null: "null"
        case .bool: "boolean"
        case .int: "integer"
        case .double: "number"
        case .string, .data: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    private static func article(_ type: String) -> String {
        switch type {
        case "integer", "array", "object": "an \(type)"
        case "null": "null"
        default: "a \(type)"
        }
    }

    private static func number(_ value: Value) -> Double? {
        switch value {
        case .int(let number): Double(number)
        case .double(let number): number
        default: nil
        }
    }

    private static func equal(_ lhs: Value, _ rhs: Value) -> Bool {
        if let left = number(lhs), let right = number(rhs) { return left == right }
        return lhs == rhs
    }

    private static func render(_ value: Value) -> String {
        switch value {
        case .string(let text): "\"\(text)\""
        case .double(let number) where number.rounded() == number && abs(number) < 1e15: String(Int(number))
        default: value.description
        }
    }
}
