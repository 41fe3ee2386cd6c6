import Foundation
import Hummingbird
import NIOCore
import MCPServer
import ToolKit
import ProxmoxModel

extension MCPHTTPServer {
    /// What a POST carries, read once: the messages as they came, which are requests (and their
    /// ids), and whether one is `initialize` or `tools/call`.
    struct Posted {
        var messages: [Data] = []
        var requests: [(key: String, id: Data)] = []
        var initializes = false
        var callsTools = false
    }

    func post(_ request: Request, _ context: MCPRequestContext) async throws -> Response {
        let principal: Principal
        switch admission.admit(request, context) {
        case .refused(let response): return response
        case .admitted(let admitted): principal = admitted
        }
        guard inFlight.acquire(principal.name) else {
            var response = HTTPAnswers.error(.tooManyRequests,
                "\(principal.name) already has \(inFlight.limit) requests in flight; wait for one to finish.")
            response.headers[.retryAfter] = "1"
            return response
        }
        // Released when the answer has been written: at once for JSON, at the end of an SSE stream.
        var releaseHere = true
        defer { if releaseHere { inFlight.release(principal.name) } }

        let limit = configuration.maxBodyBytes
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
            return HTTPAnswers.error(.contentTooLarge, "the request body is over \(limit >> 20) MiB.")
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: limit)
        } catch {
            return HTTPAnswers.error(.contentTooLarge, "the request body is over \(limit >> 20) MiB.")
        }
        guard let posted = Self.read(Data(buffer: body)) else {
            return HTTPAnswers.error(.badRequest, "the body is not a JSON-RPC message (or an array of them).", code: -32700)
        }

        let session: MCPSession
        var headers: HTTPFields = [:]
        if let id = request.headers[.mcpSessionID] {
            guard let found = sessions.session(id), found.principal.name == principal.name else {
                return HTTPAnswers.error(.notFound, "no such MCP session (it ended or expired); start a new one with initialize.")
            }
            session = found
        } else {
            guard posted.initializes else {
                return HTTPAnswers.error(.badRequest, "missing MCP-Session-Id header; start a session with initialize first.")
            }
            let limit = configuration.maxSessionsPerPrincipal
            guard sessions.sessions(of: principal.name) < limit else { return tooManySessions(principal, limit) }
            do {
                session = try await MCPSession.start(principal: principal, registry: registry, context: self.context, logger: logger)
            } catch {
                return HTTPAnswers.error(.internalServerError, "could not start an MCP session: \(error)", code: -32603)
            }
            guard sessions.add(session, limit: limit) else {
                await session.close()
                return tooManySessions(principal, limit)
            }
            logger.info("session started", metadata: ["session": "\(session.id.prefix(8))", "principal": "\(principal.name)"])
        }
        headers[.mcpSessionID] = session.id

        session.began()
        guard let (streamID, stream) = await session.transport.submit(posted.messages, requests: posted.requests) else {
            session.ended()
            if posted.requests.isEmpty { return Response(status: .accepted, headers: headers) }
            return HTTPAnswers.error(.notFound, "the MCP session has ended.")
        }
        let accept = request.headers[.accept] ?? ""
        guard posted.callsTools, accept.contains("text/event-stream") || !accept.contains("application/json") else {
            // JSON: only the answers (nothing else can travel in one JSON body).
            var answers: [Data] = []
            for await message in stream where !OutgoingMessage.responseKeys(message).isEmpty { answers.append(message) }
            session.ended()
            return HTTPAnswers.json(Self.joined(answers, batch: posted.requests.count > 1 || answers.count > 1), headers: headers)
        }
        releaseHere = false
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-store"
        let (limiter, name, transport) = (inFlight, principal.name, session.transport)
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            defer {
                limiter.release(name)
                session.ended()
            }
            let delivered = await SSEWriter.write(stream, to: &writer)
            if !delivered { await transport.dropped(streamID) }
        })
    }

    func tooManySessions(_ principal: Principal, _ limit: Int) -> Response {
        var response = HTTPAnswers.error(.tooManyRequests,
            "\(principal.name) already has \(limit) MCP sessions open; end one (DELETE /mcp with its MCP-Session-Id) "
            + "or let an idle one expire.")
        response.headers[.retryAfter] = "\(Int(configuration.sessionIdleTimeout.components.seconds))"
        return response
    }

    func get(_ request: Request, _ context: MCPRequestContext) async -> Response {
        switch admission.admit(request, context) {
        case .refused(let response): return response
        case .admitted(let principal):
            guard (request.headers[.accept] ?? "").contains("text/event-stream") else {
                return HTTPAnswers.error(.methodNotAllowed, "GET /mcp opens an SSE stream: send Accept: text/event-stream.")
            }
            guard let id = request.headers[.mcpSessionID], let session = sessions.session(id), session.principal.name == principal.name else {
                return HTTPAnswers.error(.notFound, "no such MCP session (it ended or expired).")
            }
            guard let stream = await session.transport.openStandalone() else {
                return HTTPAnswers.error(.conflict, "this session already has its GET stream open.")
            }
            let transport = session.transport
            var headers: HTTPFields = [.contentType: "text/event-stream", .cacheControl: "no-store"]
            headers[.mcpSessionID] = id
            session.began()
            return Response(status: .ok, headers: headers, body: ResponseBody { writer in
                defer { session.ended() }
                _ = await SSEWriter.write(stream, to: &writer)
                await transport.standaloneClosed()
            })
        }
    }

    func delete(_ request: Request, _ context: MCPRequestContext) async -> Response {
        switch admission.admit(request, context) {
        case .refused(let response): return response
        case .admitted(let principal):
            guard let id = request.headers[.mcpSessionID], let session = sessions.session(id), session.principal.name == principal.name,
                  let removed = sessions.remove(id) else {
                return HTTPAnswers.error(.notFound, "no such MCP session (it ended or expired).")
            }
            logger.info("session ended by the client", metadata: ["session": "\(id.prefix(8))", "principal": "\(principal.name)"])
            await removed.close()
            return Response(status: .ok)
        }
    }

    /// The POSTed body as messages; nil when it is not JSON-RPC. Each message is passed on as
    /// its own bytes (the core judges it; a batch stays one message, as on stdio).
    static func read(_ body: Data) -> Posted? {
        guard let object = try? JSONSerialization.jsonObject(with: body) else { return nil }
        var posted = Posted()
        let items: [[String: Any]]
        if let single = object as? [String: Any] {
            items = [single]
        } else if let batch = object as? [Any], !batch.isEmpty, let objects = batch as? [[String: Any]] {
            items = objects
        } else {
            return nil
        }
        posted.messages = [body]
        for item in items {
            guard let method = item["method"] as? String else { continue }
            if method == "initialize" { posted.initializes = true }
            if method == "tools/call" { posted.callsTools = true }
            if let id = item["id"], let key = RelatedRequest.key(for: id),
               let idJSON = try? JSONSerialization.data(withJSONObject: id, options: [.fragmentsAllowed]) {
                posted.requests.append((key, idJSON))
            }
        }
        return posted
    }

    static func joined(_ answers: [Data], batch: Bool) -> Data {
        guard batch else { return answers.first ?? Data("{}".utf8) }
        var data = Data("[".utf8)
        for (index, answer) in answers.enumerated() {
            if index > 0 { data.append(UInt8(ascii: ",")) }
            data.append(answer)
        }
        data.append(UInt8(ascii: "]"))
        return data
    }
}
