public import MCP

/// Sends `notifications/progress` for one `tools/call` whose client sent a `progressToken`: each
/// message is a long operation's latest log line, at most four per second (a chatty task must not
/// flood the client), with a progress count that only grows, as the specification asks.
public actor ProgressNotifier {
    private weak var server: Server?
    private let token: ProgressToken
    private let minimumInterval: Duration
    private var sent = 0
    private var lastSent: ContinuousClock.Instant?

    public init(server: Server, token: ProgressToken, minimumInterval: Duration = .milliseconds(250)) {
        self.server = server
        self.token = token
        self.minimumInterval = minimumInterval
    }

    public func send(_ message: String) async {
        let now = ContinuousClock.now
        if let lastSent, now - lastSent < minimumInterval { return }
        lastSent = now
        sent += 1
        let parameters = ProgressNotification.Parameters(progressToken: token, progress: Double(sent), message: message)
        // A client that went away does not fail the operation.
        try? await server?.notify(ProgressNotification.message(parameters))
    }
}
