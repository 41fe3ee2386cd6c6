import Foundation

/// Decoding `pvesh … --output-format json` output (one line of compact JSON) into a parser's type,
/// with a `ParseError` that shows how the output starts when it is not what the parser expects.
package enum PveshJSON {
    package static func decode<T: Decodable>(_ type: T.Type, from stdout: String, command: String, expected: String) throws(ParseError) -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(stdout.utf8))
        } catch {
            let start = stdout.strippingPadding().prefix(120)
            throw ParseError(command: command, line: 1, text: start.isEmpty ? nil : String(start), expected: expected)
        }
    }
}

/// The ISO 8601 form (UTC) of a UNIX time, as the tools print times next to the epoch numbers.
func isoTime(_ epoch: Int) -> String {
    Date(timeIntervalSince1970: TimeInterval(epoch)).formatted(.iso8601)
}
