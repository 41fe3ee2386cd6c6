import Foundation
public import MCP
import Synchronization
import ToolKit

/// What a `ToolCallHandler` answers.
public enum ToolCallAnswer: Sendable {
    /// A `CallTool.Result`, as JSON (`ToolCallOutcome.mcpResult`).
    case result(Data)
    /// A JSON-RPC error (a protocol mistake such as an unknown tool).
    case error(MCPError)
    /// Nothing: the client cancelled the request.
    case noResponse
}

/// Runs one `tools/call` (tool name, arguments, `_meta.progressToken`) for `MCPCore`.
public typealias ToolCallHandler = @Sendable (_ name: String, _ arguments: [String: Value]?, _ progressToken: ProgressToken?) async -> ToolCallAnswer

/// The `tools/call`s and `tools/list`s `MCPCore` answers itself: the handlers, and the calls in
/// flight by request key, so `notifications/cancelled` can cancel them.
final class DirectToolCalls: Sendable {
    private let handler: ToolCallHandler?
    private let makeList: (@Sendable () -> Data)?
    private let list = Mutex<Data?>(nil)
    private let running = Mutex<[String: Task<Void, Never>]>([:])
    /// Calls started whose answer has not yet been handed over, and who waits for none to be left.
    private let unanswered = Mutex<(count: Int, waiters: [CheckedContinuation<Void, Never>])>((0, []))

    init(handler: ToolCallHandler?, makeList: (@Sendable () -> Data)?) {
        self.handler = handler
        self.makeList = makeList
    }

    /// The `tools/list` response for request `id`.
    func listResponse(id: Value) -> Data? {
        let result = list.withLock { list -> Data? in
            if list == nil { list = makeList?() }
            return list
        }
        return result.flatMap { Self.response(id: id, answer: .result($0)) }
    }

    /// Runs `call` in a task of its own and hands `respond` the response, if any.
    func start(_ call: JSONRPCGate.ToolCallRequest, respond: @escaping @Sendable (Data) async -> Void) {
        guard let handler else { return }
        unanswered.withLock { $0.count += 1 }
        running.withLock { running in
            let task = Task { [self] in
                // Issue 19: what the call sends meanwhile (progress, elicitation) names its request,
                // so the HTTP wire can put it on that request's own SSE stream.
                let answer = await RelatedRequest.$key.withValue(call.key) {
                    await handler(call.name, call.arguments, call.progressToken)
                }
                if let key = call.key { finished(key) }
                if let message = Self.response(id: call.id, answer: answer) { await respond(message) }
                answered()
            }
            // A client that reuses the id of a call still running: the earlier one can no longer be cancelled by id.
            if let key = call.key { running[key] = task }
        }
    }

    private func finished(_ key: String) {
        _ = running.withLock { $0.removeValue(forKey: key) }
    }

    private func answered() {
        let waiters = unanswered.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.count -= 1
            guard state.count == 0 else { return [] }
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns when every call started has handed its answer (or its silence) over.
    func waitUntilAnswered() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = unanswered.withLock { state -> Bool in
                if state.count == 0 { return true }
                state.waiters.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }

    func cancel(_ key: String) {
        running.withLock { $0[key] }?.cancel()
    }

    /// `{"id":…,"jsonrpc":"2.0","result":…}` (or `"error"`), keys sorted as the SDK writes them.
    static func response(id: Value, answer: ToolCallAnswer) -> Data? {
        var message = Data(#"{"#.utf8)
        switch answer {
        case .noResponse:
            return nil
        case .error(let error):
            message.append(contentsOf: #""error":"#.utf8)
            message.append((try? JSONValueCoding.compactJSON(error)) ?? Data(#"{"code":-32603,"message":"Internal error"}"#.utf8))
            message.append(contentsOf: #","id":"#.utf8)
            appendID(id, to: &message)
            message.append(contentsOf: #","jsonrpc":"2.0"}"#.utf8)
        case .result(let result):
            message.append(contentsOf: #""id":"#.utf8)
            appendID(id, to: &message)
            message.append(contentsOf: #","jsonrpc":"2.0","result":"#.utf8)
            message.append(result)
            message.append(UInt8(ascii: "}"))
        }
        return message
    }

    private static func appendID(_ id: Value, to message: inout Data) {
        switch id {
        case .int(let number): message.append(contentsOf: String(number).utf8)
        case .string(let text): JSONValueCoding.appendQuoted(text, to: &message)
        default: message.append(contentsOf: "null".utf8)
        }
    }
}
