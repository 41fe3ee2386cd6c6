import Foundation
public import ShellPolicy
public import ProxmoxModel
import Yams

/// The tokens file of `serve --http` (issue 19): one principal per top-level key, its token only
/// as a SHA-256 hex digest, its policy cap and optional host selectors.
///
/// ```yaml
/// alice:
///   token_sha256: 5f1c…
///   policy: guarded
///   hosts: ["tag:prod", "pve1"]
/// ```
public struct TokensFile: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var principal: Principal
        /// 64 lowercase hex digits.
        public var tokenSHA256: String
        public var line: Int

        public init(principal: Principal, tokenSHA256: String, line: Int = 0) {
            self.principal = principal
            self.tokenSHA256 = tokenSHA256
            self.line = line
        }
    }

    public var entries: [Entry]

    public init(entries: [Entry] = []) { self.entries = entries }

    public static let keys = ["token_sha256", "policy", "hosts"]

    /// A mistake in the file, as `file:line: message`, with what to do.
    public struct LoadError: Error, CustomStringConvertible, Sendable, Equatable {
        public var file: String
        public var line: Int?
        public var message: String
        public var description: String { "\(file)\(line.map { ":\($0)" } ?? ""): \(message)" }
    }

    /// Reads `path`. A missing file is an empty one (so `tokens add` can create it).
    public static func load(_ path: String) throws(LoadError) -> TokensFile {
        guard FileManager.default.fileExists(atPath: path) else { return TokensFile() }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw LoadError(file: path, line: nil, message: "cannot read the tokens file (permissions, or not UTF-8)")
        }
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String) throws(LoadError) -> TokensFile {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw LoadError(file: file, line: Self.line(of: error), message: "malformed YAML: \(error)")
        }
        guard let root, root.null == nil else { return TokensFile() }
        guard let mapping = root.mapping else {
            throw LoadError(file: file, line: root.mark?.line, message: "the top level must map principal names to their settings, e.g.\n"
                            + "alice:\n  token_sha256: <64 hex digits>\n  policy: guarded")
        }
        var entries: [Entry] = []
        for (keyNode, value) in mapping {
            let line = keyNode.mark?.line ?? 1
            let name = keyNode.scalar?.string ?? ""
            guard isValidName(name) else {
                throw LoadError(file: file, line: line, message: "'\(name)' is not a valid principal name (letters, digits, '.', '_', '-')")
            }
            guard !entries.contains(where: { $0.principal.name == name }) else {
                throw LoadError(file: file, line: line, message: "principal '\(name)' is defined twice")
            }
            entries.append(try entry(name: name, value: value, line: line, file: file))
        }
        return TokensFile(entries: entries)
    }

    private static func entry(name: String, value: Node, line: Int, file: String) throws(LoadError) -> Entry {
        guard let settings = value.mapping else {
            throw LoadError(file: file, line: line, message: "principal '\(name)' must be a mapping with token_sha256:, policy: and optional hosts:")
        }
        var hash: String?
        var policy = PolicyMode.readOnly
        var hosts: [String]?
        for (keyNode, node) in settings {
            let keyLine = keyNode.mark?.line ?? line
            let key = keyNode.scalar?.string ?? ""
            switch key {
            case "token_sha256":
                let text = node.scalar?.string.lowercased() ?? ""
                guard text.count == 64, text.allSatisfy(\.isHexDigit) else {
                    throw LoadError(file: file, line: keyLine, message: "token_sha256 of '\(name)' must be 64 hex digits (the SHA-256 of the token, never the token itself); `proxmox-tools tokens add \(name) --tokens FILE` writes it")
                }
                hash = text
            case "policy":
                guard let text = node.scalar?.string, let mode = PolicyMode(rawValue: text) else {
                    throw LoadError(file: file, line: keyLine, message: "policy of '\(name)' must be one of read-only, guarded, unrestricted")
                }
                policy = mode
            case "hosts":
                if let scalar = node.scalar?.string {
                    hosts = [scalar]
                } else if let sequence = node.sequence {
                    hosts = try sequence.map { (item: Node) throws(LoadError) -> String in
                        guard let text = item.scalar?.string, !text.isEmpty else {
                            throw LoadError(file: file, line: item.mark?.line ?? keyLine, message: "hosts of '\(name)' must be aliases or tag:NAME selectors")
                        }
                        return text
                    }
                } else {
                    throw LoadError(file: file, line: keyLine, message: "hosts of '\(name)' must be a list of aliases or tag:NAME selectors")
                }
            default:
                let hint = keys.first { $0.hasPrefix(String(key.prefix(3))) }.map { " Did you mean '\($0)'?" } ?? ""
                throw LoadError(file: file, line: keyLine, message: "unknown key '\(key)' in principal '\(name)'.\(hint) Known keys: \(keys.joined(separator: ", "))")
            }
        }
        guard let hash else {
            throw LoadError(file: file, line: line, message: "principal '\(name)' has no token_sha256; `proxmox-tools tokens add \(name) --tokens FILE` makes one")
        }
        return Entry(principal: Principal(name: name, policy: policy, hosts: hosts), tokenSHA256: hash, line: line)
    }

    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
            && !["stdio", "local"].contains(name)
    }

    private static func line(of error: any Error) -> Int? {
        guard let yaml = error as? YamlError else { return nil }
        switch yaml {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        default: return nil
        }
    }

    /// The file as YAML, one principal per block, in order.
    public func rendered() -> String {
        var text = "# proxmox-tools tokens: one principal per key; only SHA-256 digests of the tokens.\n"
        text += "# Add one with: proxmox-tools tokens add NAME [--policy P] [--hosts SEL ...] --tokens FILE\n"
        for entry in entries {
            text += "\(entry.principal.name):\n  token_sha256: \(entry.tokenSHA256)\n  policy: \(entry.principal.policy.rawValue)\n"
            if let hosts = entry.principal.hosts {
                let quoted = hosts.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
                text += "  hosts: [\(quoted.joined(separator: ", "))]\n"
            }
        }
        return text
    }

    /// Writes the file with mode 0600 (created so, never readable by others even for a moment).
    public func write(to path: String) throws {
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        let bytes = Array(rendered().utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            if n < 0 { close(fd); unlink(temporary); throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            offset += n
        }
        fchmod(fd, 0o600)
        close(fd)
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
    }
}
