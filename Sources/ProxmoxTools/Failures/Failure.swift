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

    /// Maps any error a tool may throw to the failure a caller sees.
    public static func from(_ error: any Error) -> Failure {
        switch error {
        case let failure as Failure: failure
        case let inventory as InventoryError: Failure(inventory.code, inventory.description)
        case let parse as ParseError: Failure(parse)
        default: Failure(.internal, String(describing: error))
        }
    }

    /// Output the parser could not read: a format this version does not know, or cut-off output.
    public init(_ parseError: ParseError) {
        self.init(.unexpectedOutput, parseError.description)
    }
}
