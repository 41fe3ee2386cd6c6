/// An OpenSSH `known_hosts` file: plain and hashed (`|1|salt|hash`) host fields, `[host]:port`,
/// wildcards and `!` negation, and the `@revoked` / `@cert-authority` markers.
///
/// Written by hand rather than with `libssh2_knownhost_readfile` because libssh2 stops reading at
/// the first line it cannot parse (an `@revoked` or `@cert-authority` line, or a key type it does
/// not know), which would turn one exotic line into "every host unknown".
public struct KnownHosts: Sendable, Hashable {
    public enum Marker: String, Sendable, Hashable {
        case revoked = "@revoked"
        case certAuthority = "@cert-authority"
    }

    public struct Entry: Sendable, Hashable {
        public var marker: Marker?
        /// The raw host field (`pve1,192.168.1.11`, `[10.0.0.5]:2222`, `|1|salt|hash`).
        public var hosts: String
        public var keyType: String
        public var key: [UInt8]
        /// 1-based line number in the file.
        public var line: Int

        public var fingerprint: String { Fingerprint.sha256(of: key) }

        /// Does this entry's host field name `name` (already in `[host]:port` form if port ≠ 22)?
        public func matches(name: String) -> Bool {
            if hosts.hasPrefix("|1|") {
                let parts = hosts.split(separator: "|", omittingEmptySubsequences: true)
                guard parts.count == 3, parts[0] == "1",
                      let salt = unbase64(parts[1]), let hash = unbase64(parts[2]) else { return false }
                return Fingerprint.hmacSHA1(key: salt, data: Array(name.utf8)) == hash
            }
            var positive = false
            for pattern in hosts.split(separator: ",") {
                if pattern.hasPrefix("!") {
                    if KnownHosts.glob(pattern.dropFirst(), matches: name) { return false }
                } else if KnownHosts.glob(pattern, matches: name) {
                    positive = true
                }
            }
            return positive
        }
    }

    /// The outcome of checking an offered key.
    public enum Verdict: Sendable, Hashable {
        case trusted(line: Int)
        /// No entry names this host (`otherTypes`: key types recorded for it that the server did not offer).
        case unknown(otherTypes: [String])
        /// Entries name this host with the same key type but a different key.
        case changed(expected: [Entry])
        case revoked(line: Int)
    }

    public var entries: [Entry]
    /// Lines that could not be parsed (ignored, as OpenSSH does), 1-based.
    public var skippedLines: [Int]

    public init(entries: [Entry] = [], skippedLines: [Int] = []) {
        self.entries = entries
        self.skippedLines = skippedLines
    }

    /// Parses the text of a known_hosts file. Bad lines are skipped, never fatal.
    public init(parsing text: String) {
        var entries = [Entry]()
        var skipped = [Int]()
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.drop(while: { $0 == " " || $0 == "\t" })
            if line.isEmpty || line.hasPrefix("#") { continue }
            var fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            var marker: Marker?
            if let first = fields.first, first.hasPrefix("@") {
                guard let known = Marker(rawValue: String(first)) else {
                    skipped.append(index + 1)
                    continue
                }
                marker = known
                fields.removeFirst()
            }
            guard fields.count >= 3, let key = unbase64(fields[2]), !key.isEmpty else {
                skipped.append(index + 1)
                continue
            }
            entries.append(Entry(marker: marker, hosts: String(fields[0]), keyType: String(fields[1]),
                                 key: key, line: index + 1))
        }
        self.init(entries: entries, skippedLines: skipped)
    }

    /// The name OpenSSH looks up: `host` on port 22, `[host]:port` otherwise.
    public static func hostField(address: String, port: Int) -> String {
        port == 22 ? address : "[\(address)]:\(port)"
    }

    /// The key types recorded for this host, in file order (used to prefer them in the handshake,
    /// as OpenSSH does, so a node with an ed25519 entry is not asked for its ECDSA key).
    public func keyTypes(address: String, port: Int) -> [String] {
        let name = Self.hostField(address: address, port: port)
        var seen = [String]()
        for entry in entries where entry.marker == nil && entry.matches(name: name) && !seen.contains(entry.keyType) {
            seen.append(entry.keyType)
        }
        return seen
    }

    public func check(address: String, port: Int, keyType: String, key: [UInt8]) -> Verdict {
        let name = Self.hostField(address: address, port: port)
        let named = entries.filter { $0.matches(name: name) }
        if let revoked = named.first(where: { $0.marker == .revoked && $0.key == key }) {
            return .revoked(line: revoked.line)
        }
        let plain = named.filter { $0.marker == nil }
        if let match = plain.first(where: { $0.keyType == keyType && $0.key == key }) {
            return .trusted(line: match.line)
        }
        let sameType = plain.filter { $0.keyType == keyType }
        if !sameType.isEmpty { return .changed(expected: sameType) }
        var others = [String]()
        for entry in plain where !others.contains(entry.keyType) { others.append(entry.keyType) }
        return .unknown(otherTypes: others)
    }

    /// OpenSSH pattern match: `*` any run, `?` one character; case-insensitive like host names.
    static func glob(_ pattern: Substring, matches name: String) -> Bool {
        let p = Array(pattern.lowercased().utf8)
        let s = Array(name.lowercased().utf8)
        var pi = 0, si = 0, starP = -1, starS = 0
        while si < s.count {
            if pi < p.count && (p[pi] == UInt8(ascii: "?") || p[pi] == s[si]) {
                pi += 1
                si += 1
            } else if pi < p.count && p[pi] == UInt8(ascii: "*") {
                starP = pi
                starS = si
                pi += 1
            } else if starP >= 0 {
                pi = starP + 1
                starS += 1
                si = starS
            } else {
                return false
            }
        }
        while pi < p.count && p[pi] == UInt8(ascii: "*") { pi += 1 }
        return pi == p.count
    }
}
