#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Why an audit line could not be written.
public enum AuditLogError: Error, CustomStringConvertible, Sendable {
    case cannotCreateDirectory(path: String, errno: Int32)
    case cannotOpen(path: String, errno: Int32)
    case cannotWrite(path: String, errno: Int32)
    case cannotEncode(String)

    public var description: String {
        switch self {
        case .cannotCreateDirectory(let path, let code):
            return "cannot create the audit log directory \(path): \(String(cString: strerror(code))); create it or set `--audit-log PATH` (or `off`)"
        case .cannotOpen(let path, let code):
            return "cannot open the audit log \(path): \(String(cString: strerror(code))); check its permissions or set `--audit-log PATH` (or `off`)"
        case .cannotWrite(let path, let code):
            return "cannot append to the audit log \(path): \(String(cString: strerror(code))); check free space and permissions"
        case .cannotEncode(let detail):
            return "cannot encode an audit entry: \(detail)"
        }
    }
}

/// An append-only JSON-lines log of tool calls (one `AuditEntry` per line).
///
/// Each line is written with a single `write(2)` on a descriptor opened with `O_APPEND`, so lines
/// from concurrent writers (threads or processes) never interleave. The file is created with mode
/// 0600 and its directory with 0700, lazily on the first record.
public final class AuditLog: Sendable {
    /// Where the log is written.
    public let path: String
    /// Serializes writes within this process (`O_APPEND` already keeps other processes' lines whole).
    private let lock = NSLock()

    public init(path: String) {
        self.path = path
    }

    /// `$XDG_STATE_HOME/proxmox-tools/audit.jsonl`, else `~/.local/state/proxmox-tools/audit.jsonl`.
    public static func defaultPath(environment: [String: String]) -> String {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return "\(state)/proxmox-tools/audit.jsonl"
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return "\(home)/.local/state/proxmox-tools/audit.jsonl"
    }

    /// Resolves `--audit-log` / `defaults: audit_log:`: nil or empty → the default path,
    /// `off` → no audit log, anything else → that path (`~/` expanded).
    public static func make(setting: String?, environment: [String: String]) -> AuditLog? {
        guard let setting = setting?.trimmingCharacters(in: .whitespaces), !setting.isEmpty else {
            return AuditLog(path: defaultPath(environment: environment))
        }
        if setting.lowercased() == "off" { return nil }
        if setting == "~" || setting.hasPrefix("~/") {
            let home = environment["HOME"] ?? NSHomeDirectory()
            return AuditLog(path: home + setting.dropFirst())
        }
        return AuditLog(path: setting)
    }

    /// Appends one line. Never throws: returns the error so the caller can report it on stderr
    /// without losing the call's result.
    @discardableResult
    public func record(_ entry: AuditEntry) -> (any Error)? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var line: Data
        do {
            line = try encoder.encode(entry)
        } catch {
            return AuditLogError.cannotEncode(String(describing: error))
        }
        line.append(0x0A)
        lock.lock()
        defer { lock.unlock() }
        return append(line)
    }

    private func append(_ line: Data) -> (any Error)? {
        if let error = createParentDirectory() { return error }
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return AuditLogError.cannotOpen(path: path, errno: errno) }
        defer { close(descriptor) }
        let written = line.withUnsafeBytes { buffer in write(descriptor, buffer.baseAddress, buffer.count) }
        guard written == line.count else { return AuditLogError.cannotWrite(path: path, errno: written < 0 ? errno : EIO) }
        return nil
    }

    /// Creates missing parent directories with mode 0700 (existing ones are left as they are).
    private func createParentDirectory() -> (any Error)? {
        let parent = (path as NSString).deletingLastPathComponent
        guard !parent.isEmpty else { return nil }
        var components: [String] = []
        for part in parent.split(separator: "/") {
            components.append(String(part))
            let directory = (parent.hasPrefix("/") ? "/" : "") + components.joined(separator: "/")
            if mkdir(directory, 0o700) != 0, errno != EEXIST {
                return AuditLogError.cannotCreateDirectory(path: directory, errno: errno)
            }
        }
        return nil
    }
}
