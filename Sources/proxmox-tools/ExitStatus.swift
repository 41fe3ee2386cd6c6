import NodeAccess

/// Every exit status the CLI uses, in one place (the README's "Exit statuses follow ssh" paragraph
/// lists the same; `policy` adds 125 for ask).
enum ExitStatus {
    /// A bad flag, argument or JSON input: nothing was done.
    static let usage: Int32 = 64
    /// Something failed before, around or instead of the command (connection, key, audit, parse).
    static let failure: Int32 = 255
    /// A person said no, or a check did not pass (`hosts trust` not confirmed, `serve` could not start).
    static let declined: Int32 = 1
    /// `policy`: a person must approve it.
    static let ask: Int32 = 125
    /// The policy refused the command (or it needs approval and nobody can be asked).
    static let blocked: Int32 = 126
    /// The command ran past its timeout and was stopped.
    static let timedOut: Int32 = 124

    /// A signal that interrupted the CLI: 128 + N, as shells report it.
    static func signal(_ number: Int32) -> Int32 { 128 + number }

    /// `run`'s status for a result, ssh's habits: the remote command's own exit status passes
    /// through; 255 is the tool's own failure.
    static func of(_ result: CommandResult) -> Int32 {
        if result.blocked == true { return blocked }
        if result.timedOut { return timedOut }
        if let code = result.exitCode { return code }
        if result.exitSignal != nil { return failure }
        return result.success ? 0 : failure
    }
}
