/// Why an SSH operation failed. Each case is a distinct situation with its own remedy; the
/// connection manager turns them into messages (and key-setup steps) for people.
public enum SSHError: Error, Sendable, Hashable {
    /// The address did not resolve (getaddrinfo).
    case resolveFailed(address: String, detail: String)
    /// Nothing listens on the port (ECONNREFUSED).
    case connectionRefused(endpoint: String)
    /// No TCP connection within the connect timeout.
    case connectTimedOut(endpoint: String, after: Duration)
    /// No route, network down, or another socket error.
    case unreachable(endpoint: String, detail: String)
    /// TCP worked but the SSH handshake did not (not an SSH server, key exchange failed, timeout).
    case handshakeFailed(endpoint: String, detail: String)
    /// The node's host key is not in known_hosts.
    case hostKeyUnknown(endpoint: String, offered: HostKeyInfo, knownHostsFile: String)
    /// The node's host key differs from the recorded or pinned one. Possible MITM: never overwritten.
    case hostKeyChanged(endpoint: String, offered: HostKeyInfo, expected: [String], source: String)
    /// The host key is marked `@revoked` in known_hosts.
    case hostKeyRevoked(endpoint: String, offered: HostKeyInfo, knownHostsFile: String)
    /// The configured identity file does not exist.
    case keyMissing(path: String)
    /// No identity file configured, no agent, and none of the default key files exist.
    case noKeyAvailable(tried: [String])
    /// The key file exists but cannot be read or is not a private key libssh2 understands.
    case keyUnreadable(path: String, detail: String)
    /// The key is encrypted and no passphrase was given (the env var is unset or empty).
    case passphraseRequired(path: String, variable: String?)
    /// The passphrase does not decrypt the key.
    case passphraseWrong(path: String, variable: String?)
    /// The server refused every key offered (`tried` names them).
    case authenticationFailed(user: String, endpoint: String, tried: [String])
    /// The session broke (socket closed, sshd restarted, network dropped).
    case connectionLost(endpoint: String, detail: String, commandMayHaveStarted: Bool)
    /// The server would not open a channel or start the command.
    case channelFailed(endpoint: String, detail: String)
    /// The session stopped answering (no reply to `countMax` keepalives): the node or its sshd is
    /// wedged. The session is dropped; the next call reconnects.
    case nodeUnresponsive(endpoint: String, silentSeconds: Int, commandMayHaveStarted: Bool)
    /// The command is longer than one exec request can carry; nothing was sent.
    case commandTooLong(bytes: Int, limit: Int)
    /// The call's time ran out before the command could start (it waited for a free channel or for
    /// the session); it never reached the node.
    case notStartedInTime(endpoint: String, detail: String)
    /// The caller cancelled before the command started; it never reached the node.
    case cancelledBeforeStart(endpoint: String)
    /// The connection is shutting down.
    case shutdown
    /// This process ran out of file descriptors or could not start a thread (`detail` says which,
    /// e.g. `too many open files (limit 256)`). Nothing reached the node.
    case resourceExhausted(detail: String)
}

/// The key a server offered during the handshake.
public struct HostKeyInfo: Sendable, Hashable {
    /// `ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa`, …
    public var type: String
    /// The key blob (as in known_hosts, before base64).
    public var blob: [UInt8]
    /// OpenSSH's `SHA256:…` form.
    public var fingerprint: String

    public init(type: String, blob: [UInt8]) {
        self.type = type
        self.blob = blob
        self.fingerprint = Fingerprint.sha256(of: blob)
    }

    /// The known_hosts line that trusts this key for `address:port`.
    public func knownHostsLine(address: String, port: Int) -> String {
        "\(KnownHosts.hostField(address: address, port: port)) \(type) \(base64(blob))"
    }
}

func base64(_ bytes: [UInt8]) -> String {
    // Foundation-free so the SSH module stays small; standard alphabet with padding.
    let table = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    var out = [UInt8]()
    out.reserveCapacity((bytes.count + 2) / 3 * 4)
    var i = 0
    while i + 3 <= bytes.count {
        let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
        out += [table[Int(n >> 18 & 63)], table[Int(n >> 12 & 63)], table[Int(n >> 6 & 63)], table[Int(n & 63)]]
        i += 3
    }
    let rest = bytes.count - i
    if rest == 1 {
        let n = UInt32(bytes[i]) << 16
        out += [table[Int(n >> 18 & 63)], table[Int(n >> 12 & 63)], UInt8(ascii: "="), UInt8(ascii: "=")]
    } else if rest == 2 {
        let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8
        out += [table[Int(n >> 18 & 63)], table[Int(n >> 12 & 63)], table[Int(n >> 6 & 63)], UInt8(ascii: "=")]
    }
    return String(decoding: out, as: UTF8.self)
}

func unbase64(_ text: some StringProtocol) -> [UInt8]? {
    var values = [UInt8]()
    values.reserveCapacity(text.utf8.count)
    for c in text.utf8 {
        switch c {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): values.append(c - UInt8(ascii: "A"))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): values.append(c - UInt8(ascii: "a") + 26)
        case UInt8(ascii: "0")...UInt8(ascii: "9"): values.append(c - UInt8(ascii: "0") + 52)
        case UInt8(ascii: "+"): values.append(62)
        case UInt8(ascii: "/"): values.append(63)
        case UInt8(ascii: "="): break
        case UInt8(ascii: "\n"), UInt8(ascii: "\r"): continue
        default: return nil
        }
    }
    var out = [UInt8]()
    out.reserveCapacity(values.count * 3 / 4)
    var i = 0
    while i + 4 <= values.count {
        let n = UInt32(values[i]) << 18 | UInt32(values[i + 1]) << 12 | UInt32(values[i + 2]) << 6 | UInt32(values[i + 3])
        out += [UInt8(n >> 16 & 255), UInt8(n >> 8 & 255), UInt8(n & 255)]
        i += 4
    }
    let rest = values.count - i
    if rest == 2 {
        let n = UInt32(values[i]) << 18 | UInt32(values[i + 1]) << 12
        out.append(UInt8(n >> 16 & 255))
    } else if rest == 3 {
        let n = UInt32(values[i]) << 18 | UInt32(values[i + 1]) << 12 | UInt32(values[i + 2]) << 6
        out += [UInt8(n >> 16 & 255), UInt8(n >> 8 & 255)]
    } else if rest == 1 {
        return nil
    }
    return out
}
