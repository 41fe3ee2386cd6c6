import CLibSSH2

/// Process-wide libssh2 state.
enum LibSSH2 {
    /// `libssh2_init` must run once before any session, and is not thread-safe itself: a Swift
    /// `static let` is initialized exactly once, thread-safely.
    static let initialized: Bool = {
        libssh2_init(0) == 0
    }()

    static func lastError(_ session: OpaquePointer) -> (code: Int32, message: String) {
        var message: UnsafeMutablePointer<CChar>?
        var length: Int32 = 0
        let code = libssh2_session_last_error(session, &message, &length, 0)
        return (code, message.map { String(cString: $0) } ?? "libssh2 error \(code)")
    }
}
