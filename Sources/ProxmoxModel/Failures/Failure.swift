/// A failure, wherever it happens: reaching a node, the policy, a Proxmox command, the tool
/// itself. Encodes as the `{error, message, setup?}` every result uses.
public struct Failure: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The stable, machine-readable code (JSON `error`).
    public var code: FailureCode
    /// What went wrong, for a person.
    public var message: String
    /// What to do about it, step by step (key setup, host-key trust, …), when there is something
    /// specific to say (JSON `setup`).
    public var remedy: String?

    public init(_ code: FailureCode, _ message: String, remedy: String? = nil) {
        self.code = code
        self.message = message
        self.remedy = remedy
    }

    public var description: String { remedy.map { "\(message)\n\n\($0)" } ?? message }

    enum CodingKeys: String, CodingKey {
        case code = "error"
        case message
        case remedy = "setup"
    }

    /// Maps any error a tool may throw to the failure a caller sees: its own, for an error that
    /// knows how to say itself as one (`FailureConvertible`), else `internal`.
    public static func from(_ error: any Error) -> Failure {
        (error as? any FailureConvertible)?.failure ?? Failure(.internal, String(describing: error))
    }
}

/// An error that says itself as a `Failure`: each module's errors conform where they are
/// declared, so this type does not need to know them.
public protocol FailureConvertible: Error {
    var failure: Failure { get }
}

extension Failure: FailureConvertible {
    public var failure: Failure { self }
}
