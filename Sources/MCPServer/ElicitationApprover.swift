import MCP
import ToolKit

/// Asks the MCP client's user to approve a command with one form-mode `elicitation/create`.
/// Used only when the client declared the `elicitation` capability in `initialize`.
struct ElicitationApprover: CommandApprover {
    /// Sends the request; the server is held weakly so a pending question does not keep it alive.
    let send: @Sendable (String, Elicitation.RequestSchema) async throws -> CreateElicitation.Result

    init(server: Server) {
        send = { [weak server] message, schema in
            guard let server else { throw MCPError.internalError("the MCP server has stopped") }
            return try await server.requestElicitation(message: message, requestedSchema: schema)
        }
    }

    init(send: @escaping @Sendable (String, Elicitation.RequestSchema) async throws -> CreateElicitation.Result) {
        self.send = send
    }

    /// `{"type":"object","properties":{"approve":{"type":"boolean","title":"Run this command"}},"required":["approve"]}`
    static let schema = Elicitation.RequestSchema(
        properties: ["approve": .object(["type": .string("boolean"), "title": .string("Run this command")])],
        required: ["approve"])

    func approve(_ request: ApprovalRequest) async -> ApprovalAnswer {
        let message = request.message
        return await ApprovalAnswer.within(request.timeout) { [send] in
            do {
                let result = try await send(message, Self.schema)
                switch result.action {
                case .accept: return result.content?["approve"]?.boolValue == true ? .approved : .declined
                case .decline: return .declined
                case .cancel: return .cancelled
                }
            } catch {
                return .noAnswer("the client could not ask (\(error))")
            }
        }
    }
}
