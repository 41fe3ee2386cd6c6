/// One output stream of a command, kept up to a byte limit. Bytes past the limit are counted and
/// dropped, so the channel keeps draining (the remote side never blocks on a full window).
struct CappedBuffer {
    let limit: Int
    private(set) var bytes: [UInt8] = []
    private(set) var total = 0

    init(limit: Int) {
        self.limit = max(0, limit)
        bytes.reserveCapacity(min(self.limit, 16384))
    }

    /// Keeps what fits under the limit; returns how many leading bytes of `chunk` were kept.
    @discardableResult
    mutating func append(_ chunk: UnsafeRawBufferPointer) -> Int {
        total += chunk.count
        let kept = min(max(0, limit - bytes.count), chunk.count)
        if kept > 0 { bytes.append(contentsOf: chunk.prefix(kept)) }
        return kept
    }

    var captured: CapturedStream { CapturedStream(bytes: bytes, totalBytes: total) }
}

/// A finished stream: valid UTF-8 text (invalid bytes become U+FFFD), cut on a character
/// boundary at the limit, with a `[… truncated N bytes]` marker when anything was dropped.
public struct CapturedStream: Sendable, Hashable {
    public let text: String
    public let truncated: Bool
    /// Bytes the command wrote to this stream, kept or not.
    public let totalBytes: Int

    init(bytes: [UInt8], totalBytes: Int) {
        self.totalBytes = totalBytes
        if totalBytes <= bytes.count {
            truncated = false
            text = String(decoding: bytes, as: UTF8.self)
            return
        }
        truncated = true
        // Back up over UTF-8 continuation bytes (10xxxxxx) so a multi-byte character is not split.
        var end = bytes.count
        if end < totalBytes {
            var i = end
            while i > 0 && i > end - 4 && bytes[i - 1] & 0xC0 == 0x80 { i -= 1 }
            if i > 0 {
                let lead = bytes[i - 1]
                let width = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
                if end - (i - 1) < width { end = i - 1 }
            }
        }
        let kept = String(decoding: bytes[..<end], as: UTF8.self)
        text = kept + "\n[… truncated \(totalBytes - end) bytes]"
    }
}
