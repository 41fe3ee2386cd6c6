/// Policy v3: what the catalog says about one invocation, for the judge to finish.

/// One argument as it is known before the command runs.
enum ArgumentValue: Sendable, Hashable {
    /// The exact text the program will receive.
    case literal(String)
    /// Only known at run time (an expansion, a glob, an `xargs` item, `find`'s `{}`); the text as written.
    case unknown(String)

    var literal: String? { if case .literal(let text) = self { return text } else { return nil } }
    var display: String { switch self { case .literal(let text), .unknown(let text): return text } }

    /// An argument only known at run time that still cannot become an option: its canonical rendering
    /// (`display`) starts with a plain character other than `-`, and every expansion in it is quoted
    /// (the renderer writes them `"${x}"` / `"$( … )"`), so word splitting cannot make a new word.
    var cannotBeOption: Bool {
        guard case .unknown(let text) = self, let first = text.utf8.first, first != UInt8(ascii: "-"),
              first != UInt8(ascii: "'"), first != UInt8(ascii: "\""), first != UInt8(ascii: "$"), first != UInt8(ascii: "~"),
              ShellRendering.isBare(first, allowEquals: false) else { return false }
        let bytes = Array(text.utf8)
        for index in bytes.indices.dropLast() where bytes[index] == UInt8(ascii: "$")
            && (bytes[index + 1] == UInt8(ascii: "{") || bytes[index + 1] == UInt8(ascii: "(")) {
            if index == 0 || bytes[index - 1] != UInt8(ascii: "\"") { return false }
        }
        return true
    }
}

/// A file an invocation opens, named by one of its arguments.
struct PathUse: Sendable, Hashable {
    enum Access: Sendable, Hashable {
        case read
        case write(truncates: Bool)
        /// The program runs the file's contents as code (a script file): the judge denies it.
        case execute
    }
    var path: ArgumentValue
    var access: Access
    /// What opens it, for messages: "`tar -f`", "`tee`".
    var by: String
}

/// A command that an invocation runs in its turn (a wrapper's payload).
enum InnerCommand: Sendable, Hashable {
    /// These words run as a command on the same host (`sudo`, `env`, `nice`, `timeout`, `xargs` with an
    /// unknown item appended, `find -exec … {} ;` with `{}` as `.unknown`).
    case argv([ArgumentValue])
    /// The argument at this index of the invocation's arguments is shell code (`sh -c CODE`, `su -c CODE`):
    /// the judge parses and checks it, and sends its canonical rendering in its place.
    case script(argumentIndex: Int)
    /// These words run inside guest `vmid` (`pct exec`, `qm guest exec`), judged like on the host.
    case guestArgv(vmid: String, [ArgumentValue])
}

/// The structured form host rules match: program, subcommand path, options by canonical name, operands.
struct NormalizedInvocation: Sendable, Hashable {
    var program: String
    /// `["snapshot"]` for `qm snapshot 100 s1`, `["guest", "exec"]` for `qm guest exec …`.
    var subcommands: [String] = []
    /// Canonical option name (the spec's first name, e.g. `--force`) → values given (nil: no value).
    var options: [String: [String?]] = [:]
    var operands: [ArgumentValue] = []
}

/// The catalog's judgement of one invocation. The judge then checks `paths` against the writable
/// and secret places, judges `inner` commands, and maps `effect` through the host's mode.
struct ProgramJudgement: Sendable, Hashable {
    var effect: Effect
    var paths: [PathUse] = []
    var inner: [InnerCommand] = []
    /// Relative paths of this invocation and its inner commands no longer mean the shell's directory.
    var changesDirectory = false
    var normalized: NormalizedInvocation
    /// `NAME=value` words a wrapper puts into its inner command's environment (`env`, `sudo`): the judge
    /// checks them like the shell's own assignments.
    var environment: [ArgumentValue] = []
}
