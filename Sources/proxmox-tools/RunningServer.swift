import Foundation
import Glibc
import MCP
import POSIXSupport
import ProxmoxModel
import Synchronization
import ToolKit

/// The CLI through a running server (`--server unix:PATH`): each tool call is one MCP session
/// over the server's Unix socket (Streamable HTTP: `initialize`, `notifications/initialized`,
/// `tools/call` answered as JSON, `DELETE`). The server's warm SSH sessions, policy, principal
/// (`local`) and audit log apply; the CLI prints the result exactly as it prints its own.
struct RunningServer: Sendable {
    let path: String

    static func parse(_ text: String) throws(CLIFailure) -> RunningServer {
        guard text.hasPrefix("unix:"), text.count > 5 else {
            throw CLIFailure(message: "--server wants unix:PATH, the socket of a `proxmox-tools serve --socket PATH` (got '\(text)')",
                             code: ExitStatus.usage)
        }
        return RunningServer(path: String(text.dropFirst(5)))
    }

    var name: String { "unix:\(path)" }

    /// Calls the tool `name` in a session of its own. Transport and protocol problems are
    /// `CLIFailure`s (255, or 64 for arguments the server's schema refused); a tool's own failure
    /// is an `isError` outcome, as locally.
    func call(_ name: String, _ arguments: [String: Value]) async throws(CLIFailure) -> ToolCallOutcome {
        let initialize: Value = .object([
            "jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": .object(["protocolVersion": "2025-06-18", "capabilities": .object([:]),
                               "clientInfo": .object(["name": "proxmox-tools-cli", "version": .string(ProxmoxToolsVersion.current)])]),
        ])
        let opened = try await post(initialize, session: nil)
        guard let session = opened.headers["mcp-session-id"] else {
            throw failure("answered initialize without an MCP-Session-Id (status \(opened.status))")
        }
        let outcome: Result<ToolCallOutcome, CLIFailure>
        do {
            outcome = .success(try await call(name, arguments, in: session))
        } catch {
            outcome = .failure(error)
        }
        // Ended before we return, so a loop of CLI calls never piles sessions up on the server.
        // Its own task, so an interrupted call still ends its session.
        await Task { _ = try? await exchange("DELETE", session: session, body: nil) }.value
        return try outcome.get()
    }

    private func call(_ name: String, _ arguments: [String: Value], in session: String) async throws(CLIFailure) -> ToolCallOutcome {
        _ = try await post(.object(["jsonrpc": "2.0", "method": "notifications/initialized"]), session: session)
        let answer = try await post(.object([
            "jsonrpc": "2.0", "id": 2, "method": "tools/call",
            "params": .object(["name": .string(name), "arguments": .object(arguments)]),
        ]), session: session)
        // The answer comes as an SSE stream (so that the server sees us go away if we are
        // interrupted, and stops the remote command): its last `data:` line is the response.
        let payload = answer.headers["content-type"]?.hasPrefix("text/event-stream") == true
            ? Self.lastEvent(answer.body) : answer.body
        guard case .object(let message)? = try? JSONDecoder().decode(Value.self, from: payload) else {
            throw failure("answered tools/call with something that is not JSON")
        }
        if case .object(let error)? = message["error"] {
            // The SDK words it as "Invalid params: <our message>"; print our message, as locally.
            let text = error["message"]?.stringValue ?? "the server refused the call"
            let prefix = "Invalid params: "
            throw CLIFailure(message: text.hasPrefix(prefix) ? String(text.dropFirst(prefix.count)) : text, code: ExitStatus.usage)
        }
        guard case .object(let result)? = message["result"], let structured = result["structuredContent"] else {
            throw failure("answered tools/call without a structured result")
        }
        return ToolCallOutcome(structured: structured, isError: result["isError"]?.boolValue ?? false)
    }

    private func failure(_ what: String) -> CLIFailure {
        CLIFailure(message: "the proxmox-tools server at \(name) \(what).", code: ExitStatus.failure)
    }

    /// POSTs one JSON-RPC message; anything but 200/202 is a failure with the server's message.
    private func post(_ message: Value, session: String?) async throws(CLIFailure) -> HTTPAnswer {
        let body: Data
        do { body = try JSONEncoder().encode(message) } catch { throw failure("could not be sent the request (\(error))") }
        let answer = try await exchange("POST", session: session, body: body)
        guard answer.status == 200 || answer.status == 202 else {
            let text = (try? JSONDecoder().decode(Value.self, from: answer.body)).flatMap { value -> String? in
                if case .object(let object) = value, case .object(let error)? = object["error"] { return error["message"]?.stringValue }
                return nil
            } ?? String(decoding: answer.body.prefix(300), as: UTF8.self)
            throw CLIFailure(message: "the proxmox-tools server at \(name) answered \(answer.status): \(text)", code: ExitStatus.failure)
        }
        return answer
    }

    struct HTTPAnswer {
        var status: Int
        /// Lowercased names.
        var headers: [String: String]
        var body: Data
    }

    /// One HTTP/1.1 exchange on a fresh connection (`Connection: close`), the blocking socket
    /// calls on a thread of their own.
    private func exchange(_ method: String, session: String?, body: Data?) async throws(CLIFailure) -> HTTPAnswer {
        var head = "\(method) /mcp HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
            + "Accept: application/json, text/event-stream\r\nContent-Type: application/json\r\n"
        if let session { head += "MCP-Session-Id: \(session)\r\n" }
        head += "Content-Length: \(body?.count ?? 0)\r\n\r\n"
        let request = Data(head.utf8) + (body ?? Data())
        let path = path, name = name
        let descriptor = Descriptor()
        let result: Result<Data, CLIFailure> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                do {
                    try DedicatedThread.start(name: "server-client") {
                        continuation.resume(returning: Self.blockingExchange(path: path, name: name, request: request, descriptor: descriptor))
                    }
                } catch {
                    continuation.resume(returning: .failure(CLIFailure(message: "cannot reach \(name): \(error)", code: ExitStatus.failure)))
                }
            }
        } onCancel: {
            // Interrupted (SIGINT/SIGTERM): the server sees its stream dropped and stops the call.
            descriptor.shutDown()
        }
        return try Self.parse(result.get(), from: name)
    }

    private static func blockingExchange(path: String, name: String, request: Data, descriptor: Descriptor) -> Result<Data, CLIFailure> {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return .failure(CLIFailure(message: "cannot reach \(name): socket: \(String(cString: strerror(errno)))", code: ExitStatus.failure)) }
        descriptor.set(fd)
        defer { descriptor.closeIt() }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            return .failure(CLIFailure(message: "the socket path \(path) is too long for a Unix socket", code: ExitStatus.usage))
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else {
            let reason = String(cString: strerror(errno))
            return .failure(CLIFailure(message: "no proxmox-tools server at \(name) (\(reason)). Start one with "
                + "`proxmox-tools serve --socket \(path)`, or drop --server (and PROXMOX_TOOLS_SERVER) to connect to the nodes directly.",
                code: ExitStatus.failure))
        }
        var offset = 0
        while offset < request.count {
            let n = request[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return .failure(CLIFailure(message: "\(name) closed the connection while the request was sent", code: ExitStatus.failure)) }
            offset += n
        }
        var answer = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            answer.append(contentsOf: buffer[0..<n])
        }
        return .success(answer)
    }

    /// Status line, headers and body (de-chunked) of a response read to EOF.
    static func parse(_ data: Data, from name: String) throws(CLIFailure) -> HTTPAnswer {
        let separator = Data("\r\n\r\n".utf8)
        guard let split = data.range(of: separator) else {
            throw CLIFailure(message: "the proxmox-tools server at \(name) closed the connection without an answer", code: ExitStatus.failure)
        }
        let lines = String(decoding: data[..<split.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let words = lines.first?.split(separator: " ") ?? []
        guard words.count >= 2, let status = Int(words[1]) else {
            throw CLIFailure(message: "the server at \(name) does not speak HTTP (\(lines.first ?? ""))", code: ExitStatus.failure)
        }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Data(data[split.upperBound...])
        if headers["transfer-encoding"]?.lowercased() == "chunked" { body = dechunked(body) }
        return HTTPAnswer(status: status, headers: headers, body: body)
    }

    static func dechunked(_ data: Data) -> Data {
        var rest = data[...]
        var body = Data()
        let crlf = Data("\r\n".utf8)
        while let lineEnd = rest.range(of: crlf) {
            let sizeText = String(decoding: rest[..<lineEnd.lowerBound], as: UTF8.self)
            guard let size = Int(sizeText.split(separator: ";").first.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? "", radix: 16),
                  size > 0 else { break }
            let start = lineEnd.upperBound
            let end = rest.index(start, offsetBy: min(size, rest.distance(from: start, to: rest.endIndex)))
            body.append(rest[start..<end])
            rest = rest[end...].dropFirst(2)
        }
        return body
    }

    /// The payload of the last `data:` line of an SSE body.
    static func lastEvent(_ body: Data) -> Data {
        let text = String(decoding: body, as: UTF8.self)
        let last = text.split(separator: "\n").last { $0.hasPrefix("data:") }
        return Data((last?.dropFirst(5).drop { $0 == " " }).map(String.init)?.utf8 ?? "".utf8)
    }
}

/// The socket of one exchange, so that cancellation can shut it down from another thread.
private final class Descriptor: Sendable {
    private let state = Mutex<(fd: Int32, cancelled: Bool)>((-1, false))

    func set(_ fd: Int32) {
        let cancelled = state.withLock { state in
            state.fd = fd
            return state.cancelled
        }
        if cancelled { shutdown(fd, Int32(SHUT_RDWR)) }
    }

    func shutDown() {
        state.withLock { state in
            state.cancelled = true
            if state.fd >= 0 { shutdown(state.fd, Int32(SHUT_RDWR)) }
        }
    }

    func closeIt() {
        state.withLock { state in
            if state.fd >= 0 { close(state.fd) }
            state.fd = -1
        }
    }
}
