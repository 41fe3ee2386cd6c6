/// One `key: value` line of `qm config` / `pct config`.
public struct ConfigEntry: Codable, Sendable, Hashable {
    /// `memory`, `net0`, `scsi0`, … or a raw LXC key such as `lxc.mount.entry`.
    public var key: String
    /// The value as printed, except `description`, which is decoded to plain text.
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// A guest's configuration as printed by `qm config VMID` or `pct config VMID`.
///
/// Kept as an ordered list of ``ConfigEntry`` rather than a dictionary because raw `lxc.*` keys
/// may repeat (two `lxc.mount.entry` lines are both meaningful) and because the order carries
/// information: the sorted keys first, then the raw `lxc.*` lines in file order. In JSON it is a
/// plain array of `{"key", "value"}` objects, which every client can read.
///
/// Snapshot sections (`[name]`) and `[PENDING]` never appear in this output (`qm config` applies
/// pending changes and prints only the current config), so there is nothing to represent for them;
/// a `[section]` line is rejected rather than silently merged into the current config.
public struct GuestConfig: Codable, Sendable, Hashable {
    public var entries: [ConfigEntry]

    public init(entries: [ConfigEntry]) {
        self.entries = entries
    }

    /// The first value for `key`, or nil.
    public subscript(key: String) -> String? {
        entries.first(where: { $0.key == key })?.value
    }

    /// Every value for `key`, in order (more than one only for repeated raw `lxc.*` keys).
    public func values(for key: String) -> [String] {
        entries.filter { $0.key == key }.map(\.value)
    }

    /// Parses the stdout of `qm config VMID` or `pct config VMID` (`command` only names it in errors).
    ///
    /// Each line is split at the first `": "`, since values contain colons themselves
    /// (`lxc.cgroup2.devices.allow: c 10:200 rwm`, `net0: virtio=BC:24:11:5E:7A:01,…`).
    /// The `description` is URL-style encoded by Proxmox (`%0A` newline, `%3A` colon, `%25` percent)
    /// and is decoded here; a container's description keeps its final newline, as pct prints it.
    /// `sshkeys` is left encoded: that is how it is stored and how `qm set --sshkeys` expects it.
    public static func parse(_ stdout: String, command: String = "qm config") throws(ParseError) -> GuestConfig {
        var entries: [ConfigEntry] = []
        for line in stdout.numberedLines where !line.isBlank {
            guard let separator = line.text.firstRange(of: ": ") ?? trailingColon(line.text) else {
                throw ParseError(command: command, line: line.number, text: String(line.text),
                                 expected: "a `key: value` line")
            }
            let key = line.text[..<separator.lowerBound]
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || "._-".contains($0) }) else {
                throw ParseError(command: command, line: line.number, text: String(line.text),
                                 expected: "a config key (letters, digits, `.`, `_`, `-`) before `: `")
            }
            var value = String(line.text[separator.upperBound...])
            if key == "description" { value = decodeProxmoxText(value) }
            entries.append(ConfigEntry(key: String(key), value: value))
        }
        return GuestConfig(entries: entries)
    }

    /// `key:` with nothing after it (an empty value whose trailing space was stripped on the way).
    private static func trailingColon(_ line: Substring) -> Range<Substring.Index>? {
        line.hasSuffix(":") ? line.index(before: line.endIndex)..<line.endIndex : nil
    }
}

/// Decodes the `%XX` escapes of `PVE::Tools::encode_text` (bytes outside printable ASCII plus `%`
/// and `:`). The bytes are reassembled before UTF-8 decoding, so multi-byte characters such as
/// `%C3%A9` come back as `é`. A `%` not followed by two hex digits is kept as it is.
func decodeProxmoxText(_ text: String) -> String {
    var bytes: [UInt8] = []
    let utf8 = Array(text.utf8)
    var index = 0
    while index < utf8.count {
        if utf8[index] == UInt8(ascii: "%"), index + 2 < utf8.count,
           let high = hexValue(utf8[index + 1]), let low = hexValue(utf8[index + 2]) {
            bytes.append(high << 4 | low)
            index += 3
        } else {
            bytes.append(utf8[index])
            index += 1
        }
    }
    return String(decoding: bytes, as: UTF8.self)
}

private func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
    default: nil
    }
}
