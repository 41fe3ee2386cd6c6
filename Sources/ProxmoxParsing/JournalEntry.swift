import Foundation

/// One entry of `journalctl -o json` (systemd's JSON export format: one object per line, every
/// value a string; a value that is not valid UTF-8 is an array of byte numbers, a value larger
/// than the data threshold is `null`).
public struct JournalEntry: Codable, Sendable, Hashable {
    /// Microseconds since the epoch (`__REALTIME_TIMESTAMP`).
    public var timeMicros: Int?
    public var time: String?
    /// 0 (emerg) … 7 (debug).
    public var priority: Int?
    public var unit: String?
    public var identifier: String?
    public var pid: Int?
    public var message: String
    /// True when the message was cut to `maxMessageLength`.
    public var messageTruncated: Bool

    /// The longest message kept; a longer one is cut (a runaway log line must not fill the answer).
    public static let maxMessageLength = 4096

    /// Parses the JSON lines. Lines that are not JSON objects (`-- No entries --` from an old
    /// journalctl, a cut-off last line) are skipped; if no line at all is JSON and the output is
    /// not empty, that is a `ParseError`.
    public static func parse(_ stdout: String) throws(ParseError) -> [JournalEntry] {
        var entries: [JournalEntry] = []
        var firstBad: NumberedLine?
        for line in stdout.numberedLines where !line.isBlank {
            guard let data = line.text.data(using: .utf8),
                  let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                if firstBad == nil { firstBad = line }
                continue
            }
            entries.append(entry(object))
        }
        if entries.isEmpty, let bad = firstBad, !bad.text.hasPrefix("-- ") {
            throw ParseError(command: "journalctl -o json", line: bad.number, text: String(bad.text.prefix(120)),
                             expected: "one JSON object per line like {\"__REALTIME_TIMESTAMP\":\"…\",\"MESSAGE\":\"…\"}")
        }
        return entries
    }

    private static func entry(_ object: [String: Any]) -> JournalEntry {
        func text(_ key: String) -> String? {
            switch object[key] {
            case let value as String: value
            case let bytes as [Any]:
                String(decoding: bytes.compactMap { ($0 as? NSNumber).map { UInt8(truncatingIfNeeded: $0.intValue) } }, as: UTF8.self)
            case let number as NSNumber: number.stringValue
            default: nil
            }
        }
        let micros = text("__REALTIME_TIMESTAMP").flatMap { Int($0) }
        var message = text("MESSAGE") ?? (object["MESSAGE"] is NSNull ? "[message too large for the journal's JSON export]" : "")
        let truncated = message.count > maxMessageLength
        if truncated { message = String(message.prefix(maxMessageLength)) + "…" }
        return JournalEntry(
            timeMicros: micros,
            time: micros.map { Date(timeIntervalSince1970: TimeInterval($0) / 1_000_000).formatted(.iso8601) },
            priority: text("PRIORITY").flatMap { Int($0) }, unit: text("_SYSTEMD_UNIT") ?? text("UNIT"),
            identifier: text("SYSLOG_IDENTIFIER") ?? text("_COMM"), pid: text("_PID").flatMap { Int($0) },
            message: message, messageTruncated: truncated)
    }
}
