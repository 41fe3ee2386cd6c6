import Foundation

/// Everything `serve --http` / `serve --socket` is told (issue 19's flags), checked before
/// anything listens.
public struct MCPHTTPConfiguration: Sendable {
    public enum Listener: Sendable, Equatable {
        /// `--http HOST:PORT` (port 0: any free port; the bound one is reported).
        case tcp(host: String, port: Int)
        /// `--socket PATH`: created 0600; the file permission is the authentication.
        case unix(path: String)
    }

    public var listener: Listener
    /// `--allow-origin`: browser origins (`https://app.example`) whose requests are served; a
    /// request with any other `Origin` gets 403. None by default.
    public var allowedOrigins: Set<String> = []
    /// `--tls-cert` / `--tls-key` (PEM files).
    public var tlsCertificate: String?
    public var tlsKey: String?
    /// `--insecure-http`: serve plain HTTP on a non-loopback address anyway.
    public var insecureHTTP = false
    /// `--max-in-flight`: requests one principal may have running at once.
    public var maxInFlight = 16
    /// Sessions one principal may hold open at once; one more `initialize` gets 429. Each session
    /// holds an MCP server, so an authenticated client looping on `initialize` cannot grow memory
    /// without bound.
    public var maxSessionsPerPrincipal = 64
    public var maxBodyBytes = 4 << 20
    /// `--session-idle-timeout`: a session unused this long is ended (404 on reuse).
    public var sessionIdleTimeout: Duration = .seconds(1800)
    /// A connection must send its request headers within this (slowloris).
    public var headerTimeout: Duration = .seconds(10)
    /// Failed authentications from one address within a minute before it gets 429.
    public var authFailureThreshold = 10
    public var authFailureBlock: Duration = .seconds(60)

    public init(listener: Listener) { self.listener = listener }

    /// `HOST:PORT`, `[v6]:PORT`, or `:PORT` (= 127.0.0.1).
    public static func parseAddress(_ text: String) -> (host: String, port: Int)? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
              (0...65535).contains(port) else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host.isEmpty { host = "127.0.0.1" }
        return (host, port)
    }

    public static func isLoopback(_ host: String) -> Bool {
        let name = host.lowercased()
        return name == "localhost" || name.hasSuffix(".localhost") || name == "::1" || name.hasPrefix("127.")
    }

    public var isLoopbackBind: Bool {
        switch listener {
        case .tcp(let host, _): Self.isLoopback(host)
        case .unix: true
        }
    }

    public var usesTLS: Bool { tlsCertificate != nil }

    /// What is wrong with this configuration, said so the person can fix it.
    public func problem() -> String? {
        if (tlsCertificate == nil) != (tlsKey == nil) {
            return "--tls-cert and --tls-key go together: give both PEM files, or neither."
        }
        if case .tcp(let host, _) = listener, !Self.isLoopback(host), !usesTLS, !insecureHTTP {
            return "refusing to serve plain HTTP on \(host), which is not a loopback address: bearer tokens would cross "
                + "the network in clear text. Give --tls-cert FILE --tls-key FILE, put a TLS proxy in front and bind "
                + "127.0.0.1, or (on a network you trust) say --insecure-http."
        }
        if maxInFlight < 1 { return "--max-in-flight must be at least 1." }
        return nil
    }

    /// The `Host` header values a loopback bind accepts: loopback names and addresses, with any
    /// port. Anything else on a loopback bind is a DNS-rebinding attempt (a page on evil.example
    /// whose name now resolves to 127.0.0.1).
    public static func isLoopbackHostHeader(_ value: String) -> Bool {
        var host = value
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return false }
            host = String(host[host.index(after: host.startIndex)..<close])
        } else if let colon = host.lastIndex(of: ":") {
            host = String(host[..<colon])
        }
        return isLoopback(host)
    }
}
