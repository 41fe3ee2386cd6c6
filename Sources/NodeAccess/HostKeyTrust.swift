import Foundation
public import SSH
import ProxmoxModel

/// `hosts trust ALIAS`: fetch a node's host key, judge it against known_hosts and the pin, and
/// append it to known_hosts once a person has confirmed the fingerprint.
public enum HostKeyTrust {
    public enum Status: Sendable, Equatable {
        /// Not recorded anywhere: may be trusted after confirmation.
        case unknown
        case alreadyTrusted
        /// Refused: the recorded or pinned key differs (never overwritten).
        case changed(expected: [String])
        case revoked
    }

    public struct Scan: Sendable {
        public var key: HostKeyInfo
        public var status: Status
        public var knownHostsFile: String
        public var line: String
    }

    public static func scan(_ host: InventoryHost, environment: [String: String]) async throws(Failure) -> Scan {
        let known = KnownHosts.load(path: host.knownHosts)
        let target = SSHTarget(host: host, environment: environment)
        let key: HostKeyInfo
        do {
            key = try await HostKeyScanner.scan(target, preferredKeyTypes: known.keyTypes(address: host.address, port: host.port))
        } catch {
            throw NodeErrors.map(error, host: host)
        }
        var status: Status
        switch known.check(address: host.address, port: host.port, keyType: key.type, key: key.blob) {
        case .trusted: status = .alreadyTrusted
        case .unknown: status = .unknown
        case .revoked: status = .revoked
        case .changed(let expected): status = .changed(expected: expected.map { "\($0.fingerprint) (\(host.knownHosts):\($0.line))" })
        }
        if let pin = host.hostKey, pin != key.fingerprint {
            status = .changed(expected: [pin + " (host_key in hosts.d)"])
        }
        return Scan(key: key, status: status, knownHostsFile: host.knownHosts,
                    line: key.knownHostsLine(address: host.address, port: host.port))
    }

    /// Appends the line to known_hosts (creating the file 0600 and its directory 0700).
    public static func append(_ scan: Scan) throws {
        let url = URL(fileURLWithPath: scan.knownHostsFile)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let fd = open(scan.knownHostsFile, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw Failure(.config, "cannot write \(scan.knownHostsFile): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        // Start on a new line if the file does not end with one.
        var prefix = ""
        if let existing = try? Data(contentsOf: url), let last = existing.last, last != UInt8(ascii: "\n") { prefix = "\n" }
        let bytes = Array((prefix + scan.line + "\n").utf8)
        guard write(fd, bytes, bytes.count) == bytes.count else {
            throw Failure(.config, "cannot write \(scan.knownHostsFile): \(String(cString: strerror(errno)))")
        }
    }
}
