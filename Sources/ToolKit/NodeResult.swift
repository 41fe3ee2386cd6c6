import ProxmoxModel

/// One node's share of a fan-out answer: either its value or its error, so one node down never
/// hides the others. Encodes as `{host, ok: true, <key>: value}` or `{host, ok: false, error, message}`.
public struct NodeResult<Value: Sendable & Encodable>: Sendable, Encodable {
    public var host: String
    public var value: Value?
    public var failure: Failure?
    /// The JSON key the value goes under (`vms`, `containers`, `storage`, …).
    public var key: String

    public init(host: String, key: String, value: Value) {
        self.host = host
        self.key = key
        self.value = value
    }

    public init(host: String, key: String, failure: Failure) {
        self.host = host
        self.key = key
        self.failure = failure
    }

    public var ok: Bool { failure == nil }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: NamedKey.self)
        try c.encode(host, forKey: NamedKey("host"))
        try c.encode(ok, forKey: NamedKey("ok"))
        if let value {
            try c.encode(value, forKey: NamedKey(key))
        }
        if let failure {
            try c.encode(failure.code, forKey: NamedKey("error"))
            try c.encode(failure.message, forKey: NamedKey("message"))
            try c.encodeIfPresent(failure.remedy, forKey: NamedKey("setup"))
        }
    }
}

/// A coding key chosen at run time, for outputs whose key depends on the tool (`vms`, `config`, …).
struct NamedKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
