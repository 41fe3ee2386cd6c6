import Foundation
import MCP
import Synchronization

/// JSON-RPC 2.0 checks `MCPCore` makes, on every transport, before the SDK (swift-sdk 0.12.1) sees a
/// message, for the edges the SDK gets wrong:
///
/// - a request with `"id": null` is answered with `"id": ""` (its `ID` turns null into ""): the
///   request goes on with a placeholder id, and the placeholder becomes `null` again in the answer;
/// - a float, boolean, object or array id, a missing or wrong `jsonrpc`, a `params` that is neither
///   object nor array, a message that is neither request, notification nor response: the SDK
///   answers nothing, or -32700 with a random UUID id; here -32600 with the id when it is valid,
///   else `null`;
/// - text that is not JSON: -32700 with `id: null` (not a random UUID);
/// - `tools/call` / `initialize` without usable `params`: -32602 worded by us, not -32603 with
///   Foundation's "The data isn't in the correct format";
/// - batches: an empty one is -32600 with `id: null`; invalid items get their own error inside
///   the batch's answer array instead of failing the whole batch as a parse error;
/// - after `notifications/cancelled`, a response for that request id is dropped (the spec says
///   a cancelled request gets no response), whichever way it got out of the handler.
///
/// Once the core answers a method itself (`answerDirectly`: `tools/call`, `tools/list`), a
/// single valid request for it comes back as `Decision.call` / `Decision.listTools` instead of
/// bytes to forward. Lines are decoded with `PlainJSON` (no data-URL regex per string).
///
/// It is a class with a lock because the core's message pump calls `incoming` and the core's
/// `send` (the SDK's answers) calls `outgoing`, concurrently.
final class JSONRPCGate: Sendable {
    /// What to do with one incoming line.
    struct Decision: Equatable {
        /// Bytes to hand to the SDK, if any.
        var forward: Data?
        /// An answer to write straight back, if any.
        var reply: Data?
        /// A `tools/call` for the core to answer itself (only once `answerDirectly("tools/call")`).
        var call: ToolCallRequest?
        /// The id of a `tools/list` for the core to answer itself (once `answerDirectly("tools/list")`).
        var listTools: Value?
        /// Keys of requests the line cancels (`notifications/cancelled`).
        var cancels: [String] = []
    }

    /// A valid, single (not batched) `tools/call` request.
    struct ToolCallRequest: Equatable, Sendable {
        /// The request's id as sent: a string, an integer or null.
        var id: Value
        /// `key(id)`, nil for a null id (which nobody can cancel).
        var key: String?
        var name: String
        var arguments: [String: Value]?
        /// `params._meta.progressToken`: the client wants progress notifications for this call.
        var progressToken: ProgressToken? = nil
    }

    private struct State {
        /// Placeholder ids standing in for `null`, until their response is sent.
        var nullPlaceholders: Set<String> = []
        /// Request ids the client cancelled (`s:` + string or `i:` + integer).
        var cancelled: Set<String> = []
        /// Error entries for invalid batch items, to add to the SDK's answer for the rest of that batch.
        var batchErrors: [[Value]] = []
        var counter = 0
    }

    private let state = Mutex(State())
    /// Methods whose single (unbatched) requests come back as `Decision.call`/`listTools` instead
    /// of being forwarded: the core answers them (see `MCPCore`).
    private let direct = Mutex(Set<String>())

    /// From now on, single requests for `method` ("tools/call", "tools/list") are the core's.
    func answerDirectly(_ method: String) {
        direct.withLock { _ = $0.insert(method) }
    }

    // MARK: Incoming

    func incoming(_ line: Data) -> Decision {
        guard let message = try? PlainJSON.decode(line) else {
            return Decision(reply: Self.encode(Self.error(id: .null, code: -32700,
                message: "Parse error: the line is not valid JSON (one JSON-RPC message per line, UTF-8)")))
        }
        switch message {
        case .object(let fields):
            let direct = direct.withLock { $0 }
            switch check(message, direct: direct) {
            case .pass(let rewritten):
                let cancels = Self.cancelledKey(fields).map { [$0] } ?? []
                if direct.contains("tools/call"), let call = Self.toolCall(fields) { return Decision(call: call, cancels: cancels) }
                if direct.contains("tools/list"), fields["method"] == .string("tools/list"), let id = fields["id"] {
                    return Decision(listTools: id)
                }
                return Decision(forward: rewritten.map(Self.encode) ?? line, cancels: cancels)
            case .reject(let error): return Decision(reply: Self.encode(error))
            }
        case .array(let items):
            var decision = batch(items, line: line)
            decision.cancels = items.compactMap { $0.objectValue.flatMap(Self.cancelledKey) }
            return decision
        default:
            return Decision(reply: Self.encode(Self.error(id: .null, code: -32600,
                message: "Invalid Request: a JSON-RPC message is an object (or a batch: an array of objects)")))
        }
    }

    private func batch(_ items: [Value], line: Data) -> Decision {
        guard !items.isEmpty else {
            return Decision(reply: Self.encode(Self.error(id: .null, code: -32600, message: "Invalid Request: the batch is empty")))
        }
        var passed: [Value] = [], errors: [Value] = [], rewritten = false, hasRequest = false
        for item in items {
            switch check(item) {
            case .pass(let replaced):
                passed.append(replaced ?? item)
                rewritten = rewritten || replaced != nil
                if item.objectValue?["id"] != nil && item.objectValue?["method"] != nil { hasRequest = true }
            case .reject(let error):
                errors.append(error)
            }
        }
        if passed.isEmpty { return Decision(reply: Self.encode(.array(errors))) }
        let forward = errors.isEmpty && !rewritten ? line : Self.encode(.array(passed))
        if errors.isEmpty { return Decision(forward: forward) }
        // The SDK answers a batch with one array: add our errors to it. A batch of notifications
        // gets no answer from the SDK, so ours goes out now.
        guard hasRequest else { return Decision(forward: forward, reply: Self.encode(.array(errors))) }
        state.withLock { $0.batchErrors.append(errors) }
        return Decision(forward: forward)
    }

    private enum Check {
        /// Valid; the replacement message when it had to change (null id → placeholder).
        case pass(Value?)
        case reject(Value)
    }

    /// The request key a valid `notifications/cancelled` names.
    private static func cancelledKey(_ fields: [String: Value]) -> String? {
        guard fields["id"] == nil, fields["method"] == .string("notifications/cancelled") else { return nil }
        return key(fields["params"]?.objectValue?["requestId"])
    }

    /// The `tools/call` request in `fields`, once `check` passed it.
    private static func toolCall(_ fields: [String: Value]) -> ToolCallRequest? {
        guard fields["method"] == .string("tools/call"), let id = fields["id"],
              case .object(let params)? = fields["params"], case .string(let name)? = params["name"] else { return nil }
        let progressToken: ProgressToken? = switch params["_meta"]?.objectValue?["progressToken"] {
        case .string(let token)?: .string(token)
        case .int(let token)?: .integer(token)
        default: nil
        }
        return ToolCallRequest(id: id, key: key(id), name: name, arguments: params["arguments"]?.objectValue,
                               progressToken: progressToken)
    }

    /// Whether the client cancelled the request with `key` (then its response must not be sent);
    /// forgets the cancellation.
    func takeCancellation(_ key: String?) -> Bool {
        guard let key else { return false }
        return state.withLock { $0.cancelled.remove(key) != nil }
    }

    /// `direct`: the message is not part of a batch, and requests for these methods are answered
    /// by the core (which answers a null id itself: no placeholder).
    private func check(_ message: Value, direct: Set<String> = []) -> Check {
        guard case .object(var fields) = message else {
            return .reject(Self.error(id: .null, code: -32600, message: "Invalid Request: a batch item must be an object"))
        }
        let id = fields["id"]
        switch id {
        case nil, .null?, .string?, .int?, .data?: break
        case .bool?, .double?, .array?, .object?:
            return .reject(Self.error(id: .null, code: -32600,
                message: "Invalid Request: id must be a string, an integer or null, not \(Self.kind(of: id!))"))
        }
        let echo = id ?? .null
        guard fields["jsonrpc"] == .string("2.0") else {
            return .reject(Self.error(id: echo, code: -32600, message: "Invalid Request: \"jsonrpc\" must be \"2.0\""))
        }
        guard let method = fields["method"] else {
            // A response to a request of ours (ping, elicitation).
            guard id != nil, fields["result"] != nil || fields["error"] != nil else {
                return .reject(Self.error(id: echo, code: -32600,
                    message: "Invalid Request: a message needs \"method\" (request, notification) or \"result\"/\"error\" (response)"))
            }
            return .pass(nil)
        }
        guard case .string(let name) = method else {
            return .reject(Self.error(id: echo, code: -32600, message: "Invalid Request: \"method\" must be a string"))
        }
        let params = fields["params"]
        switch params {
        case nil, .object?, .array?: break
        default:
            return .reject(Self.error(id: echo, code: -32600,
                message: "Invalid Request: \"params\" must be an object or an array, not \(Self.kind(of: params!))"))
        }
        guard let id else {
            if name == "notifications/cancelled", let key = Self.key(params?.objectValue?["requestId"]) {
                state.withLock { _ = $0.cancelled.insert(key) }
            }
            return .pass(nil)
        }
        if let problem = Self.paramsProblem(method: name, params: params) {
            return .reject(Self.error(id: echo, code: -32602, message: "Invalid params: \(problem)"))
        }
        if let key = Self.key(id) {
            // A client may reuse the id of a request it cancelled earlier.
            state.withLock { _ = $0.cancelled.remove(key) }
        }
        guard id == .null else { return .pass(nil) }
        if direct.contains(name) { return .pass(nil) }
        let placeholder = state.withLock { state -> String in
            state.counter += 1
            let placeholder = "proxmox-tools/null-id/\(state.counter)/\(UUID().uuidString)"
            state.nullPlaceholders.insert(placeholder)
            return placeholder
        }
        fields["id"] = .string(placeholder)
        return .pass(.object(fields))
    }

    /// What the SDK would reject with a Foundation decoding message.
    private static func paramsProblem(method: String, params: Value?) -> String? {
        switch method {
        case "tools/call":
            guard case .object(let fields)? = params else {
                return "tools/call needs params {\"name\": TOOL, \"arguments\": {…}}"
            }
            guard case .string? = fields["name"] else {
                return "tools/call needs params.name, the tool's name (see tools/list)"
            }
            switch fields["arguments"] {
            case nil, .null?, .object?: return nil
            default: return "tools/call params.arguments must be an object"
            }
        case "initialize":
            guard case .object(let fields)? = params, case .string? = fields["protocolVersion"],
                  case .object(let client)? = fields["clientInfo"], case .string? = client["name"],
                  case .string? = client["version"] else {
                return "initialize needs params {\"protocolVersion\", \"capabilities\", \"clientInfo\": {\"name\", \"version\"}}"
            }
            return nil
        default:
            return nil
        }
    }

    // MARK: Outgoing

    /// The bytes to send for `data` from the SDK, or nil to send nothing.
    func outgoing(_ data: Data) -> Data? {
        let (placeholders, anyCancelled, anyBatchErrors) = state.withLock {
            ($0.nullPlaceholders, !$0.cancelled.isEmpty, !$0.batchErrors.isEmpty)
        }
        var data = Self.rewordingDecodingErrors(data)
        if placeholders.isEmpty && !anyCancelled && !anyBatchErrors { return data }
        if anyBatchErrors, data.first == UInt8(ascii: "["),
           case .array(let answers)? = try? PlainJSON.decode(data),
           let errors = state.withLock({ $0.batchErrors.isEmpty ? nil : $0.batchErrors.removeFirst() }) {
            data = Self.encode(.array(answers + errors))
        }
        for placeholder in placeholders {
            let quoted = Data("\"\(placeholder)\"".utf8)
            guard data.range(of: quoted) != nil else { continue }
            data = Self.replacing(quoted, with: Data("null".utf8), in: data)
            state.withLock { _ = $0.nullPlaceholders.remove(placeholder) }
        }
        if anyCancelled, data.first == UInt8(ascii: "{"),
           let envelope = try? JSONDecoder().decode(Envelope.self, from: data),
           envelope.method == nil, let key = Self.key(envelope.id) {
            let dropped = state.withLock { $0.cancelled.remove(key) != nil }
            if dropped { return nil }
        }
        return data
    }

    /// The SDK answers params it cannot decode with -32603 and Foundation's "The data isn't in the
    /// correct format"; that is the caller's mistake (-32602), said in words that help.
    private static func rewordingDecodingErrors(_ data: Data) -> Data {
        // Error answers are small; a large result is never one, and is not scanned.
        guard data.count < 1 << 16, data.range(of: Data(#""code":-32603"#.utf8)) != nil,
              case .object(var fields)? = try? PlainJSON.decode(data),
              case .object(let error)? = fields["error"],
              let message = error["message"]?.stringValue, message.contains("correct format") else { return data }
        fields["error"] = ["code": -32602, "message": "Invalid params: the request's params do not have the shape its method needs (see the MCP schema for that method)"]
        return encode(.object(fields))
    }

    private struct Envelope: Decodable {
        var id: Value?
        var method: String?
    }

    // MARK: Helpers

    private static func key(_ id: Value?) -> String? { RelatedRequest.key(id) }

    private static func kind(of value: Value) -> String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .int: "an integer"
        case .double: "a number with a fraction"
        case .string, .data: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    static func error(id: Value, code: Int, message: String) -> Value {
        ["jsonrpc": "2.0", "id": id, "error": ["code": .int(code), "message": .string(message)]]
    }

    static func encode(_ value: Value) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)) ?? Data(#"{"jsonrpc":"2.0","id":null,"error":{"code":-32603,"message":"Internal error"}}"#.utf8)
    }

    private static func replacing(_ target: Data, with replacement: Data, in data: Data) -> Data {
        var result = Data()
        var rest = data[...]
        while let range = rest.range(of: target) {
            result.append(rest[rest.startIndex..<range.lowerBound])
            result.append(replacement)
            rest = rest[range.upperBound...]
        }
        result.append(rest)
        return result
    }
}
