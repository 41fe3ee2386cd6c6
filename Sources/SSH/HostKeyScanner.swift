import Foundation
import POSIXSupport

/// Fetches a node's host key without trusting or authenticating anything (for `hosts trust`).
public enum HostKeyScanner {
    /// Connects, completes the key exchange, and returns the key the node offered. Runs the
    /// blocking libssh2 calls on a thread of its own, never on Swift's cooperative pool.
    public static func scan(_ target: SSHTarget, preferredKeyTypes: [String] = []) async throws(SSHError) -> HostKeyInfo {
        let result: Result<HostKeyInfo, SSHError> = await onDedicatedThread(name: "ssh key scan") {
            do throws(SSHError) {
                let session = try SSHSession.handshake(target, preferredKeyTypes: preferredKeyTypes)
                defer { session.disconnect(reason: "host key scan") }
                guard let key = session.hostKey else {
                    return .failure(.handshakeFailed(endpoint: target.endpoint, detail: "the server sent no host key"))
                }
                return .success(key)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}

/// Runs a blocking body on a new thread and awaits its result; fails with `.resourceExhausted`
/// when no thread can be started.
func onDedicatedThread<T: Sendable>(name: String, _ body: @escaping @Sendable () -> Result<T, SSHError>) async -> Result<T, SSHError> {
    await withCheckedContinuation { continuation in
        do throws(ResourceExhaustion) {
            try DedicatedThread.start(name: name) { continuation.resume(returning: body()) }
        } catch {
            continuation.resume(returning: .failure(SSHError(error)))
        }
    }
}
