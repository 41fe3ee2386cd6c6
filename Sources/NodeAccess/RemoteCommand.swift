public import SSH
import ProxmoxModel
import ShellPolicy

/// A command as it is sent to a node, composed in layers around the caller's text: the frame
/// header, containment (the second wall) when the policy let the command through unattended,
/// the watchdog, and the command. Later layers (`sudo`, `pct exec`) go between containment and
/// the watchdog, so the watchdog always runs as the user and in the place of the command it stops.
///
/// The composed text, line by line:
/// ```
/// : proxmox-tools frame B A wall=W      ← header: the command is what is left after the first B
///                                          lines and before the last A lines (W: none|guarded|read-only)
/// [containment line ending in 3<<'END'] ← only when contained: the rest up to END goes to fd 3
/// watchdog line
/// the command (any number of lines)
/// [END]                                 ← only when contained
/// ```
/// The header is a shell no-op (`:`); the simulator reads it to log the caller's command alone.
public struct RemoteCommand: Sendable, Hashable {
    /// The text the caller's call runs: the policy's canonical rendering, or a helper's fixed command.
    public var command: String
    /// nil: runs as it is (an approved `ask`, an `unrestricted` host, a fixed helper command).
    public var containment: ContainmentProfile?

    public init(_ command: String, containment: ContainmentProfile? = nil) {
        self.command = command
        self.containment = containment
    }

    public init(_ command: String, containment: Containment) {
        self.init(command, containment: ContainmentProfile(containment))
    }

    /// The longest caller's command (UTF-8 bytes); what is wrapped around it fits in the rest of
    /// one exec request (`ExecRequest.maximumBytes`).
    public static let maximumCommandBytes = SessionDriver.maximumCommandBytes

    /// The remote side of "stopping means stopped". The command's stdin is kept open (the command
    /// itself reads /dev/null, like `ssh -n`) and a watchdog in the command's own process group
    /// (sshd makes the login shell a session leader) waits for EOF on it. EOF comes when we stop
    /// the command (timeout, cancellation, shutdown) or when the connection is gone for any reason,
    /// our process killed with -9 included: the watchdog then sends TERM to the whole group, and
    /// KILL one second later. If the command already finished, the watchdog just exits: the shell is
    /// gone (`/proc/$$/stat` cannot be read) or a zombie (state `Z`: its output ended, and with it
    /// the channel, before sshd reaped it; `kill -0` would still succeed on it and TERM the
    /// children a finished command left behind, which ssh leaves alone). `disown` takes it out of the shell's job table, so a plain `wait` in the command
    /// does not wait for it (bash, the login shell of Proxmox nodes). It costs one fork, about 1 ms
    /// of the node's CPU per command.
    static let watchdog =
        "(trap '' TERM; read -r _; read -r _ _ s _ </proc/$$/stat && [ \"$s\" != Z ] && { kill -TERM -- -$$; sleep 1; kill -KILL -- -$$; }) <&0 >/dev/null 2>&1 & disown; exec </dev/null"

    /// How a stop reaches the watchdog.
    static let teardown: [TeardownStep] = [.closeInput]

    /// The exec request for this command on `host`. Throws `command_too_long` (nothing is sent)
    /// when the caller's command is over `maximumCommandBytes`.
    public func execRequest(for host: InventoryHost) throws(Failure) -> ExecRequest {
        let bytes = command.utf8.count
        if bytes > Self.maximumCommandBytes {
            throw Failure(.commandTooLong, "the command is \(bytes) bytes; one SSH exec request carries at most \(Self.maximumCommandBytes). "
                          + "Nothing was sent to \(host.alias). Copy a script to the node and run it instead.")
        }
        return composed
    }

    /// The composed text and its teardown, whatever the command's length.
    public var composed: ExecRequest {
        guard let containment else {
            return ExecRequest(command: "\(Self.header(before: 2, after: 0, wall: "none"))\n\(Self.watchdog)\n\(command)",
                               teardown: Self.teardown)
        }
        let delimiter = Self.delimiter(for: command)
        let lines = [Self.header(before: 3, after: 1, wall: containment.name),
                     ContainmentScript.line(containment, delimiter: delimiter), Self.watchdog, command, delimiter]
        return ExecRequest(command: lines.joined(separator: "\n"), teardown: Self.teardown)
    }

    /// What `check` runs to time a round trip: `true`, behind the watchdog like every command.
    static let probe = RemoteCommand("true").composed

    static func header(before: Int, after: Int, wall: String) -> String {
        ": proxmox-tools frame \(before) \(after) wall=\(wall)"
    }

    /// A here-document delimiter no line of the command equals (bash ends the document there).
    static func delimiter(for command: String) -> String {
        let lines = Set(command.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        var delimiter = "PROXMOX_TOOLS_END"
        while lines.contains(delimiter) { delimiter += "_" }
        return delimiter
    }
}
