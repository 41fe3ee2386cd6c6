import Glibc
import Dispatch
import Foundation

/// Why an audit line could not be written. Each case names the path and the fix.
public enum AuditLogError: Error, CustomStringConvertible, Sendable, Hashable {
    case cannotCreateDirectory(path: String, errno: Int32)
    case cannotOpen(path: String, errno: Int32)
    case symbolicLink(path: String)
    case notARegularFile(path: String)
    case cannotSecure(path: String, errno: Int32)
    case cannotWrite(path: String, errno: Int32)
    case cannotEncode(String)

    public var description: String {
        switch self {
        case .cannotCreateDirectory(let path, let code):
            return "cannot create the audit log directory \(path): \(String(cString: strerror(code))); create it, or set `--audit-log PATH` (`audit_log:` in hosts.d), or `off`"
        case .cannotOpen(let path, let code):
            return "cannot open the audit log \(path): \(String(cString: strerror(code))); check its permissions and free file descriptors, or set `--audit-log PATH` (`audit_log:` in hosts.d), or `off`"
        case .symbolicLink(let path):
            return "the audit log \(path) is a symbolic link; proxmox-tools does not follow links there (someone could point it at another file). Point `--audit-log` (`audit_log:` in hosts.d) at the real file"
        case .notARegularFile(let path):
            return "the audit log \(path) is not a regular file; point `--audit-log` (`audit_log:` in hosts.d) at a file"
        case .cannotSecure(let path, let code):
            return "cannot make the audit log \(path) private (mode 0600): \(String(cString: strerror(code))); fix its owner or permissions"
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
/// from concurrent writers (threads or processes) never interleave, and a line is in the kernel
/// before `append` returns (it survives `kill -9` of this process; it is not `fsync`ed). The file
/// is opened anew for every line (so log rotation just works), with `O_NOFOLLOW` (a symbolic link
/// is refused, never followed), created with mode 0600 and fixed to 0600 if it is wider; missing
/// directories are created with mode 0700.
///
/// The blocking calls run on a serial dispatch queue of the log's own, never on Swift's
/// cooperative pool; `append` awaits them.
public final class AuditLog: Sendable {
    /// Where the log is written.
    public let path: String
    /// Serializes this process's writes and keeps open/write/close off the cooperative pool.
    private let queue = DispatchQueue(label: "proxmox-tools.audit-log")

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

    /// Appends one line and returns once it is written, or throws why it could not be.
    public func append(_ entry: AuditEntry) async throws(AuditLogError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var line: Data
        do {
            line = try encoder.encode(entry)
        } catch {
            throw .cannotEncode(String(describing: error))
        }
        line.append(0x0A)
        let written = line
        let failure: AuditLogError? = await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: self.write(written)) }
        }
        if let failure { throw failure }
    }

    /// Runs on `queue` only.
    private func write(_ line: Data) -> AuditLogError? {
        // O_NONBLOCK: opening a FIFO planted at the path must fail (ENXIO), not hang the queue.
        let flags = O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK
        var descriptor = open(path, flags, 0o600)
        // The directories are made only when missing (ENOENT), not before every line: two lines
        // per tool call, and a mkdir per path component each time, were a hot-path cost.
        if descriptor < 0 && errno == ENOENT {
            if let error = createParentDirectory() { return error }
            descriptor = open(path, flags, 0o600)
        }
        guard descriptor >= 0 else {
            let code = errno
            return code == ELOOP ? .symbolicLink(path: path) : .cannotOpen(path: path, errno: code)
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return .cannotOpen(path: path, errno: errno) }
        guard status.st_mode & S_IFMT == S_IFREG else { return .notARegularFile(path: path) }
        // A log created by something else (or by an older version) may be readable by others:
        // it names hosts and commands, so it is made private before anything more is added.
        if status.st_mode & 0o077 != 0, fchmod(descriptor, 0o600) != 0 {
            return .cannotSecure(path: path, errno: errno)
        }
        var offset = 0
        while offset < line.count {
            let n = line.withUnsafeBytes { buffer in Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return .cannotWrite(path: path, errno: n < 0 ? errno : EIO) }
            offset += n
        }
        return nil
    }

    /// Creates missing parent directories with mode 0700 (existing ones are left as they are).
    private func createParentDirectory() -> AuditLogError? {
        let parent = (path as NSString).deletingLastPathComponent
        guard !parent.isEmpty else { return nil }
        var components: [String] = []
        for part in parent.split(separator: "/") {
            components.append(String(part))
            let directory = (parent.hasPrefix("/") ? "/" : "") + components.joined(separator: "/")
            if mkdir(directory, 0o700) != 0, errno != EEXIST {
                return .cannotCreateDirectory(path: directory, errno: errno)
            }
        }
        return nil
    }
}
