import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import MCPServer
import ToolKit
import ProxmoxModel

/// A request context that knows the peer's address (for the failed-authentication limit).
public struct MCPRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}

/// Who may send a request, checked in this order before any MCP is read: the `Host` header (DNS
/// rebinding, loopback binds only), the `Origin` header (browsers), then the bearer token — or,
/// on the Unix socket, nothing: the socket file's 0600 permission already decided.
struct HTTPAdmission: Sendable {
    enum Authentication: Sendable {
        case tokens(TokenAuthenticator)
        case fixed(Principal)
    }

    let configuration: MCPHTTPConfiguration
    let authentication: Authentication
    let failures: AuthFailureLimiter

    enum Outcome {
        case admitted(Principal)
        case refused(Response)
    }

    func admit(_ request: Request, _ context: MCPRequestContext) -> Outcome {
        if case .tcp = configuration.listener, configuration.isLoopbackBind, let host = request.head.authority,
           !MCPHTTPConfiguration.isLoopbackHostHeader(host) {
            return .refused(HTTPAnswers.error(.forbidden,
                "Host '\(host)' is not a loopback name: this server listens on loopback only, so the request looks like "
                + "DNS rebinding and is refused. Connect to 127.0.0.1 or localhost."))
        }
        if let origin = request.headers[.origin], !configuration.allowedOrigins.contains(origin) {
            return .refused(HTTPAnswers.error(.forbidden,
                "Origin '\(origin)' is not allowed. An admin can allow it with `serve --allow-origin \(origin)`."))
        }
        switch authentication {
        case .fixed(let principal):
            return .admitted(principal)
        case .tokens(let tokens):
            let token = Self.bearer(request.headers[.authorization])
            if let token, let principal = tokens.principal(for: token) { return .admitted(principal) }
            let address = context.remoteAddress?.ipAddress ?? "unknown"
            if let seconds = failures.blocked(address) {
                var response = HTTPAnswers.error(.tooManyRequests,
                    "too many failed authentications from \(address); try again in \(seconds) s.")
                response.headers[.retryAfter] = "\(seconds)"
                return .refused(response)
            }
            failures.failed(address)
            var response = HTTPAnswers.error(.unauthorized, token == nil
                ? "this server needs a bearer token (Authorization: Bearer …); an admin makes one with `proxmox-tools tokens add NAME --tokens FILE`."
                : "the bearer token is not known to this server.")
            var challenge = "Bearer resource_metadata=\"\(HTTPAnswers.baseURL(request, configuration))/.well-known/oauth-protected-resource\""
            if token != nil { challenge += ", error=\"invalid_token\"" }
            response.headers[.wwwAuthenticate] = challenge
            return .refused(response)
        }
    }

    static func bearer(_ header: String?) -> String? {
        guard let header, header.count > 7, header.prefix(7).lowercased() == "bearer " else { return nil }
        let token = header.dropFirst(7).trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }
}

/// Small answers shared by the routes.
enum HTTPAnswers {
    /// A JSON-RPC error object in the body, so MCP clients show the message.
    static func error(_ status: HTTPResponse.Status, _ message: String, code: Int = -32000) -> Response {
        let body: [String: Any] = ["jsonrpc": "2.0", "id": NSNull(), "error": ["code": code, "message": message]]
        let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return json(data, status: status)
    }

    static func json(_ data: Data, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "application/json"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// `http(s)://host[:port]` as the client reached us (the Host header; a loopback bind has
    /// already checked it), else the bind address.
    static func baseURL(_ request: Request, _ configuration: MCPHTTPConfiguration) -> String {
        let scheme = configuration.usesTLS ? "https" : "http"
        if let authority = request.head.authority { return "\(scheme)://\(authority)" }
        switch configuration.listener {
        case .tcp(let host, let port): return "\(scheme)://\(host.contains(":") ? "[\(host)]" : host):\(port)"
        case .unix: return "http://localhost"
        }
    }

    /// RFC 9728 protected-resource metadata for `/mcp`.
    static func resourceMetadata(_ request: Request, _ configuration: MCPHTTPConfiguration) -> Response {
        let base = baseURL(request, configuration)
        let document: [String: Any] = [
            "resource": base + "/mcp",
            "bearer_methods_supported": ["header"],
            "resource_name": "proxmox-tools",
            "resource_documentation": "Bearer tokens come from `proxmox-tools tokens add NAME --tokens FILE` on the server.",
        ]
        let data = (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return json(data)
    }
}

extension HTTPField.Name {
    static let mcpSessionID = HTTPField.Name("MCP-Session-Id")!
    static let mcpProtocolVersion = HTTPField.Name("MCP-Protocol-Version")!
}
