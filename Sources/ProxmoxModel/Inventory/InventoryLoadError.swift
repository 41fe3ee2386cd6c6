/// Reading `hosts.d` failed. Every case names where (`file:line` when there is a line), what is
/// wrong, and — in `hint` — what to do about it.
public struct InventoryLoadError: Error, CustomStringConvertible, Sendable, Hashable {
    /// What went wrong, for tests and for callers that react differently (e.g. exit codes).
    public enum Kind: String, Sendable, Hashable {
        /// libyaml could not parse the file.
        case malformedYAML
        /// The top level of a file (or a host's settings) is not a mapping.
        case notAMapping
        /// A key that the schema does not know, or one in the wrong place.
        case unknownKey
        /// A value of the wrong type or out of range (`port: abc`).
        case invalidValue
        /// A host without `address:`.
        case missingAddress
        /// The same setting twice in one host's mapping.
        case duplicateKey
        /// The same alias twice (in one file or across files).
        case duplicateAlias
        /// More than one host with `default: true`.
        case duplicateDefault
        /// `policy:` is not one of `PolicyMode`'s names.
        case badPolicy
        /// An alias that is not `[A-Za-z0-9._-]+`.
        case badAlias
        /// `defaults:` given more than once across all files.
        case duplicateDefaults
        /// A secret (`passphrase:`, `password:`) written into the file.
        case secretInFile
        /// The directory exists but holds no hosts.
        case noHosts
        /// No candidate directory exists.
        case missingInventory
        /// An explicitly given directory (`--hosts-dir`, `$PROXMOX_TOOLS_HOSTS_DIR`) does not exist.
        case missingDirectory
        /// A file or directory could not be read (permissions, not UTF-8).
        case unreadable
    }

    public var kind: Kind
    /// The file (or directory) the error is about, as a path.
    public var file: String?
    /// 1-based line in `file`, when the error is about one place in it.
    public var line: Int?
    /// What is wrong, in one sentence.
    public var message: String
    /// What to do about it; may span several lines (e.g. an example file).
    public var hint: String

    public init(_ kind: Kind, file: String?, line: Int?, message: String, hint: String = "") {
        self.kind = kind
        self.file = file
        self.line = line
        self.message = message
        self.hint = hint
    }

    /// `file:line`, `file`, or `nil`.
    public var location: String? {
        guard let file else { return nil }
        return line.map { "\(file):\($0)" } ?? file
    }

    /// `file:line: message` then the hint on the following lines, like a compiler diagnostic.
    public var description: String {
        var text = location.map { "\($0): " } ?? ""
        text += message
        if !hint.isEmpty { text += "\n" + hint }
        return text
    }
}
