import Foundation

/// A helper's command, built only from words written in this program's source and from values
/// that cannot change its shape: integers, enum raw values, words that are already safe, and
/// anything else single-quoted. It is one of the two things `ToolContext.run` accepts; the other
/// is a `CommandAuthorization`, which only `authorize` (the policy) produces. So a helper cannot
/// send a caller's text to a node without the policy by accident: `"qm config \(someString)"`
/// does not compile as a `FixedCommand`.
///
///     let command: FixedCommand = "pvesh get /nodes/\(word: node)/qemu/\(vmid)/snapshot --output-format json"
public struct FixedCommand: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringInterpolation {
    /// The command as it is sent.
    public private(set) var text: String

    public var description: String { text }

    public init(stringLiteral value: StaticString) {
        text = value.description
    }

    public init(stringInterpolation: StringInterpolation) {
        text = stringInterpolation.text
    }

    public struct StringInterpolation: StringInterpolationProtocol {
        var text = ""

        public init(literalCapacity: Int, interpolationCount: Int) {
            text.reserveCapacity(literalCapacity + 16 * interpolationCount)
        }

        /// The fixed words: only literals in the source reach here (`StaticString`).
        public mutating func appendLiteral(_ literal: StaticString) {
            text += literal.description
        }

        public mutating func appendInterpolation(_ number: Int) {
            text += String(number)
        }

        /// A raw value of one of this program's enums (`--type vm`, `--priority err`).
        public mutating func appendInterpolation<Word: RawRepresentable>(_ word: Word) where Word.RawValue == String {
            appendInterpolation(word: word.rawValue)
        }

        /// A value that is normally a plain word (a node or storage name from the node's own
        /// output): as is when it holds only `[A-Za-z0-9._:/@+=-]`, single-quoted otherwise.
        public mutating func appendInterpolation(word: String) {
            text += FixedCommand.isPlainWord(word) ? word : FixedCommand.quoted(word)
        }

        /// Any value, as one single-quoted shell word (`it's` → `'it'\''s'`).
        public mutating func appendInterpolation(quoted value: String) {
            text += FixedCommand.quoted(value)
        }

        public mutating func appendInterpolation(_ other: FixedCommand) {
            text += other.text
        }
    }

    /// Appends `more` (`command += " --errors 1"`).
    public static func += (lhs: inout FixedCommand, rhs: FixedCommand) {
        lhs.text += rhs.text
    }

    /// `value` as one shell word in single quotes.
    public static func quoted(_ value: String) -> String {
        value.singleQuoted
    }

    static func isPlainWord(_ value: String) -> Bool {
        !value.isEmpty && !value.hasPrefix("-") && value.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"):
                true
            case UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: ":"), UInt8(ascii: "/"), UInt8(ascii: "@"),
                 UInt8(ascii: "+"), UInt8(ascii: "="), UInt8(ascii: "-"):
                true
            default:
                false
            }
        }
    }
}

extension String {
    /// `self` as one shell word in single quotes (`it's` → `'it'\''s'`).
    package var singleQuoted: String { "'" + replacingOccurrences(of: "'", with: #"'\''"#) + "'" }
}
