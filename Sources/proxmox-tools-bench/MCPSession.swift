import Glibc
import Foundation
import MCP
import SystemPackage
import MCPStdio

/// A `proxmox-tools serve` child process and an MCP `Client` talking to it over its stdin/stdout.
final class MCPSession: Sendable {
    let server: ChildProcess
    let client: Client
    /// Process start → `initialize` answered.
    let initializeMilliseconds: Double
    /// The SDK's `StdioTransport` never closes its descriptors; we close the server's stdin ourselves.
    private let sdkWriteFD: Int32?
    let logFile: String
    /// Ends the client when the server dies: the SDK's `Client` would otherwise wait forever for the
    /// answers (and spin in its receive loop once the stream has ended).
    private let monitor: Task<Void, Never>

    /// Which client-side transport to use; see `LineTransport` (ProxmoxTools) for why the default is not the SDK's.
    enum ClientTransport: String, Sendable {
        case pipe
        case sdkStdio = "sdk-stdio"
    }

    private init(server: ChildProcess, client: Client, initializeMilliseconds: Double, sdkWriteFD: Int32?,
                 logFile: String) {
        self.server = server
        self.client = client
        self.initializeMilliseconds = initializeMilliseconds
        self.sdkWriteFD = sdkWriteFD
        self.logFile = logFile
        monitor = Task {
            while !Task.isCancelled && server.isRunning {
                try? await Task.sleep(for: .milliseconds(100))
            }
            // disconnect() fails every pending request, so a crashed server shows as an error.
            if !Task.isCancelled { await client.disconnect() }
        }
    }

    /// Runs `body` with a started session and stops the session afterwards, also when `body` throws.
    static func with<T>(server path: String, hostsDir: String, logFile: String, transport kind: ClientTransport = .pipe,
                        _ body: (MCPSession) async throws -> T) async throws -> T {
        let session = try await start(server: path, hostsDir: hostsDir, logFile: logFile, transport: kind)
        do {
            let result = try await body(session)
            await session.stop()
            return result
        } catch {
            await session.stop()
            throw error
        }
    }

    /// Starts `server serve --hosts-dir hostsDir` (its stderr appended to `logFile`) and initializes.
    static func start(server path: String, hostsDir: String, logFile: String,
                      transport kind: ClientTransport = .pipe, extraArguments: [String] = []) async throws -> MCPSession {
        let toServer = try Pipe()
        let fromServer = try Pipe()
        let logFD = open(logFile, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard logFD >= 0 else { throw BenchError("cannot write the server log \(logFile): \(String(cString: strerror(errno)))") }
        let clock = ContinuousClock()
        let start = clock.now
        let child = try ChildProcess.spawn(
            [path, "serve", "--hosts-dir", hostsDir] + extraArguments,
            stdin: .descriptor(toServer.readEnd), stdout: .descriptor(fromServer.writeEnd), stderr: .descriptor(logFD))
        close(toServer.readEnd)
        close(fromServer.writeEnd)
        close(logFD)
        let transport: any Transport = switch kind {
        case .pipe: LineTransport(readFD: fromServer.readEnd, writeFD: toServer.writeEnd, closeOnDisconnect: true)
        case .sdkStdio: StdioTransport(input: FileDescriptor(rawValue: fromServer.readEnd),
                                        output: FileDescriptor(rawValue: toServer.writeEnd))
        }
        let client = Client(name: "proxmox-tools-bench", version: "1.0")
        do {
            try await client.connect(transport: transport)
        } catch {
            kill(child.pid, SIGKILL)
            _ = child.wait()
            let log = readTextFile(logFile).map { String($0.suffix(800)) } ?? ""
            throw BenchError("'\(path) serve --hosts-dir \(hostsDir)' did not answer initialize: \(error)\nserver log: \(log)")
        }
        return MCPSession(server: child, client: client, initializeMilliseconds: (clock.now - start).milliseconds,
                          sdkWriteFD: kind == .sdkStdio ? toServer.writeEnd : nil, logFile: logFile)
    }

    /// One `tools/call`, timed in-process around the request and its response.
    func call(_ tool: String, _ arguments: [String: Value]) async throws -> (milliseconds: Double, result: CallTool.Result) {
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let context = try await client.send(CallTool.request(.init(name: tool, arguments: arguments)))
            let result = try await context.value
            return ((clock.now - start).milliseconds, result)
        } catch {
            guard server.isRunning else {
                throw BenchError("the server (pid \(server.pid)) exited during \(tool) — crashed? From its log \(logFile):\n\(crashExcerpt())")
            }
            throw error
        }
    }

    /// The part of the server log that says why it ended: the crashed thread's frames, else the tail.
    private func crashExcerpt() -> String {
        let log = readTextFile(logFile) ?? ""
        if let crash = log.range(of: "crashed:", options: .backwards) {
            return String(log[crash.lowerBound...].prefix(1500))
        }
        return String(log.suffix(1500))
    }

    /// Like `call`, but a result with `isError: true` (or a node that failed in a fan-out) stops the row:
    /// a fast error is not a fast call.
    func callSucceeding(_ tool: String, _ arguments: [String: Value]) async throws -> Double {
        let (milliseconds, result) = try await call(tool, arguments)
        if result.isError == true || Self.hasFailedNode(result.structuredContent) {
            let text = result.content.compactMap { content -> String? in
                if case .text(let text, _, _) = content { return text }
                return nil
            }.joined(separator: "\n")
            throw BenchError("\(tool) \(arguments) failed: \(text.prefix(800))")
        }
        return milliseconds
    }

    /// True when a fan-out result lists a node with `ok: false`.
    private static func hasFailedNode(_ value: Value?) -> Bool {
        switch value {
        case .object(let object):
            if case .bool(false) = object["ok"] { return true }
            return object.values.contains { hasFailedNode($0) }
        case .array(let array):
            return array.contains { hasFailedNode($0) }
        default:
            return false
        }
    }

    /// Closes the server's stdin and waits (up to 5 s) for it to exit; then SIGTERM, then SIGKILL.
    /// Returns the exit status so a row can say if the server did not exit cleanly.
    @discardableResult
    func stop() async -> Int32 {
        monitor.cancel()
        await client.disconnect()
        if let sdkWriteFD { close(sdkWriteFD) }
        for _ in 0..<500 {
            if let status = server.poll() { return status }
            try? await Task.sleep(for: .milliseconds(10))
        }
        kill(server.pid, SIGTERM)
        for _ in 0..<200 {
            if let status = server.poll() { return status }
            try? await Task.sleep(for: .milliseconds(10))
        }
        kill(server.pid, SIGKILL)
        return server.wait()
    }
}
