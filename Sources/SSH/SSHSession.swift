import CLibSSH2
import Glibc

/// One authenticated SSH connection: owns the `LIBSSH2_SESSION*` and its socket and frees both in
/// `deinit`. Not thread-safe, by design: a session belongs to exactly one `SessionDriver` thread.
final class SSHSession {
    let raw: OpaquePointer
    let fd: Int32
    let target: SSHTarget
    private(set) var hostKey: HostKeyInfo?
    private var closed = false

    private init(raw: OpaquePointer, fd: Int32, target: SSHTarget) {
        self.raw = raw
        self.fd = fd
        self.target = target
    }

    deinit {
        if !closed { disconnect(reason: "closing") }
        // In non-blocking mode libssh2_session_free can return EAGAIN (and leak). Blocking, on a
        // shut-down socket, every read and write it still tries fails at once.
        shutdown(fd, Int32(SHUT_RDWR))
        libssh2_session_set_blocking(raw, 1)
        libssh2_session_set_timeout(raw, 1000)
        libssh2_session_free(raw)
        close(fd)
    }

    /// Sends an SSH disconnect message (best effort; the socket may already be gone).
    ///
    /// Never blocks: it runs on an event loop shared with other nodes. The message goes out in
    /// non-blocking mode (the kernel buffer takes it at once unless the peer stopped reading long
    /// ago), then the socket is shut down, which still delivers what was queued, followed by FIN.
    func disconnect(reason: String) {
        guard !closed else { return }
        closed = true
        libssh2_session_set_blocking(raw, 0)
        _ = pt_session_disconnect(raw, reason)
        shutdown(fd, Int32(SHUT_RDWR))
    }

    /// Gives the session up without a goodbye: for a node that stopped answering, where even a
    /// disconnect message could only sit in the socket buffer.
    func abandon() {
        closed = true
        // Freeing the session may still try to write (channel closes); with the socket shut down
        // those writes fail at once instead of blocking the event loop on a peer that never reads.
        shutdown(fd, Int32(SHUT_RDWR))
    }

    /// Milliseconds since the node last sent any data on the connection (the kernel's TCP_INFO,
    /// which counts data read by libssh2 or still waiting in the socket alike); nil if unknown.
    func millisecondsSinceLastReceive() -> Int? {
        var info = tcp_info()
        var length = socklen_t(MemoryLayout<tcp_info>.size)
        guard getsockopt(fd, Int32(IPPROTO_TCP), TCP_INFO, &info, &length) == 0 else { return nil }
        return Int(info.tcpi_last_data_recv)
    }

    /// TCP connect + handshake, without host key verification or authentication: for
    /// `hosts trust`, which shows the key before anything is trusted.
    /// `timeout` bounds TCP connect, handshake and, in `connect`, authentication together;
    /// it is the host's `connect_timeout` or less (a call's own time left).
    static func handshake(_ target: SSHTarget, preferredKeyTypes: [String] = [], timeout: Duration? = nil) throws(SSHError) -> SSHSession {
        _ = LibSSH2.initialized
        let limit = min(target.connectTimeout, timeout ?? target.connectTimeout)
        let deadline = Deadline(after: limit)
        let fd = try TCPSocket.connect(address: target.address, port: target.port, timeout: limit)
        guard let raw = pt_session_init() else {
            close(fd)
            throw .handshakeFailed(endpoint: target.endpoint, detail: "libssh2_session_init failed")
        }
        let session = SSHSession(raw: raw, fd: fd, target: target)
        session.closed = true  // nothing to say goodbye to until the handshake succeeds
        libssh2_session_set_blocking(raw, 1)
        libssh2_session_set_timeout(raw, Int(max(1, deadline.remainingMilliseconds)))
        let prefs = hostKeyPreference(knownTypes: preferredKeyTypes)
        _ = libssh2_session_method_pref(raw, LIBSSH2_METHOD_HOSTKEY, prefs)
        let rc = libssh2_session_handshake(raw, fd)
        if rc != 0 {
            let detail = LibSSH2.lastError(raw).message
            if rc == LIBSSH2_ERROR_TIMEOUT {
                // TCP was accepted but no SSH server answered in time (a wedged sshd, a full backlog).
                throw .connectTimedOut(endpoint: target.endpoint, after: limit)
            }
            throw .handshakeFailed(endpoint: target.endpoint, detail: detail)
        }
        session.closed = false
        var length = 0
        var type: Int32 = 0
        if let key = libssh2_session_hostkey(raw, &length, &type) {
            let blob = key.withMemoryRebound(to: UInt8.self, capacity: length) { Array(UnsafeBufferPointer(start: $0, count: length)) }
            session.hostKey = HostKeyInfo(type: keyTypeName(blob: blob), blob: blob)
        }
        libssh2_session_set_timeout(raw, Int(max(1, deadline.remainingMilliseconds)))
        return session
    }

    /// Handshake, strict host key check, authentication; then switches the session to
    /// non-blocking mode for the driver's poll loop.
    static func connect(_ target: SSHTarget, timeout: Duration? = nil) throws(SSHError) -> SSHSession {
        let knownHosts = KnownHosts.load(path: target.knownHostsFile)
        let session = try handshake(target, preferredKeyTypes: knownHosts.keyTypes(address: target.address, port: target.port),
                                    timeout: timeout)
        try session.verifyHostKey(knownHosts)
        try session.authenticate()
        libssh2_session_set_timeout(session.raw, 0)
        libssh2_session_set_blocking(session.raw, 0)
        return session
    }

    private func verifyHostKey(_ knownHosts: KnownHosts) throws(SSHError) {
        guard let offered = hostKey else {
            throw .handshakeFailed(endpoint: target.endpoint, detail: "the server sent no host key")
        }
        let verdict = knownHosts.check(address: target.address, port: target.port, keyType: offered.type, key: offered.blob)
        if let pin = target.pinnedFingerprint {
            guard pin == offered.fingerprint else {
                throw .hostKeyChanged(endpoint: target.endpoint, offered: offered, expected: [pin], source: "host_key in hosts.d")
            }
        }
        switch verdict {
        case .trusted:
            return
        case .revoked:
            throw .hostKeyRevoked(endpoint: target.endpoint, offered: offered, knownHostsFile: target.knownHostsFile)
        case .changed(let expected):
            throw .hostKeyChanged(endpoint: target.endpoint, offered: offered,
                                  expected: expected.map { "\($0.fingerprint) (\(target.knownHostsFile):\($0.line))" },
                                  source: target.knownHostsFile)
        case .unknown:
            if target.pinnedFingerprint != nil { return }  // an explicit pin that matched is trust
            throw .hostKeyUnknown(endpoint: target.endpoint, offered: offered, knownHostsFile: target.knownHostsFile)
        }
    }

    private func authenticate() throws(SSHError) {
        if let path = target.identityFile {
            switch try authenticate(withKeyFile: path, explicit: true) {
            case .accepted: return
            case .refused: throw .authenticationFailed(user: target.user, endpoint: target.endpoint, tried: [path])
            }
        }
        var tried = [String]()
        if target.useAgent {
            switch authenticateWithAgent() {
            case .accepted: return
            case .refused(let names): tried += names
            }
        }
        for path in target.defaultIdentityFiles where PrivateKeyFile.inspect(path) != .missing {
            // A default key that needs a passphrase we don't have is skipped, as ssh -o BatchMode does.
            if case .key(encrypted: true) = PrivateKeyFile.inspect(path), target.passphrase == nil { continue }
            tried.append(path)
            if case .accepted = try authenticate(withKeyFile: path, explicit: false) { return }
        }
        if tried.isEmpty {
            throw .noKeyAvailable(tried: (target.useAgent ? ["ssh-agent ($SSH_AUTH_SOCK)"] : []) + target.defaultIdentityFiles)
        }
        throw .authenticationFailed(user: target.user, endpoint: target.endpoint, tried: tried)
    }

    private enum AuthOutcome { case accepted, refused([String]) }

    private func authenticate(withKeyFile path: String, explicit: Bool) throws(SSHError) -> AuthOutcome {
        let encrypted: Bool
        switch PrivateKeyFile.inspect(path) {
        case .missing: throw .keyMissing(path: path)
        case .unreadable(let why): throw .keyUnreadable(path: path, detail: why)
        case .noDescriptor(let detail): throw .resourceExhausted(detail: detail)
        case .key(let isEncrypted): encrypted = isEncrypted
        }
        if encrypted && (target.passphrase ?? "").isEmpty {
            throw .passphraseRequired(path: path, variable: target.passphraseVariable)
        }
        let rc = pt_userauth_publickey_fromfile(raw, target.user, nil, path, encrypted ? target.passphrase : nil)
        switch rc {
        case 0:
            return .accepted
        case LIBSSH2_ERROR_FILE, LIBSSH2_ERROR_METHOD_NOT_SUPPORTED:
            if encrypted { throw .passphraseWrong(path: path, variable: target.passphraseVariable) }
            throw .keyUnreadable(path: path, detail: LibSSH2.lastError(raw).message)
        // (LIBSSH2_ERROR_PUBLICKEY_UNRECOGNIZED is the same value as AUTHENTICATION_FAILED.)
        case LIBSSH2_ERROR_AUTHENTICATION_FAILED, LIBSSH2_ERROR_PUBLICKEY_UNVERIFIED:
            return .refused([path])
        case LIBSSH2_ERROR_TIMEOUT:
            throw .connectTimedOut(endpoint: target.endpoint, after: target.connectTimeout)
        default:
            throw .connectionLost(endpoint: target.endpoint, detail: LibSSH2.lastError(raw).message, commandMayHaveStarted: false)
        }
    }

    private func authenticateWithAgent() -> AuthOutcome {
        guard let agent = libssh2_agent_init(raw) else { return .refused([]) }
        defer {
            libssh2_agent_disconnect(agent)
            libssh2_agent_free(agent)
        }
        // libssh2 would read SSH_AUTH_SOCK from the process environment; the target's socket wins.
        if let socket = target.agentSocket { libssh2_agent_set_identity_path(agent, socket) }
        guard libssh2_agent_connect(agent) == 0, libssh2_agent_list_identities(agent) == 0 else { return .refused([]) }
        var names = [String]()
        var previous: UnsafeMutablePointer<libssh2_agent_publickey>?
        while true {
            var identity: UnsafeMutablePointer<libssh2_agent_publickey>?
            guard libssh2_agent_get_identity(agent, &identity, previous) == 0, let identity else { break }
            let comment = identity.pointee.comment.map { String(cString: $0) } ?? "key"
            names.append("ssh-agent: \(comment.isEmpty ? "key" : comment)")
            if libssh2_agent_userauth(agent, target.user, identity) == 0 { return .accepted }
            previous = identity
        }
        return .refused(names)
    }

    /// OpenSSH's preference order, with the key types already recorded for this host first.
    static func hostKeyPreference(knownTypes: [String]) -> String {
        let all = ["ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
                   "rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"]
        var first = [String]()
        for type in knownTypes {
            let algorithms = type == "ssh-rsa" ? ["rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"] : [type]
            for algorithm in algorithms where all.contains(algorithm) && !first.contains(algorithm) {
                first.append(algorithm)
            }
        }
        return (first + all.filter { !first.contains($0) }).joined(separator: ",")
    }

    /// The key blob starts with the key type as an SSH string (uint32 length + bytes).
    static func keyTypeName(blob: [UInt8]) -> String {
        guard blob.count >= 4 else { return "unknown" }
        let length = Int(blob[0]) << 24 | Int(blob[1]) << 16 | Int(blob[2]) << 8 | Int(blob[3])
        guard length > 0, 4 + length <= blob.count else { return "unknown" }
        return String(decoding: blob[4..<(4 + length)], as: UTF8.self)
    }
}

extension KnownHosts {
    /// Reads a known_hosts file; a missing file is an empty one (every host then "unknown").
    public static func load(path: String) -> KnownHosts {
        guard let file = fopen(path, "r") else { return KnownHosts() }
        defer { fclose(file) }
        var bytes = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 16384)
        while true {
            let n = fread(&buffer, 1, buffer.count, file)
            if n <= 0 { break }
            bytes += buffer[0..<n]
        }
        return KnownHosts(parsing: String(decoding: bytes, as: UTF8.self))
    }
}
