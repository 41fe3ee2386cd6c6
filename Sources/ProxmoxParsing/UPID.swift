/// A Proxmox task ID: `UPID:<node>:<pid %08X>:<pstart %08X>:<starttime %08X>:<type>:<id>:<user>:`
/// (pve-common `PVE::Tools::upid_encode`/`upid_decode`; pstart may have 9 hex digits after a
/// long uptime). It is validated strictly because it goes into a `pvesh` path.
public struct UPID: Sendable, Hashable, CustomStringConvertible {
    public var text: String
    public var node: String
    public var pid: Int
    public var startTime: Int
    public var type: String
    public var id: String
    public var user: String

    public var description: String { text }

    /// Node names are DNS labels; type, id and user are what Proxmox puts there (`vzdump`,
    /// `101`, `root@pam!token`, `offsite\x3av\x2ddaily` for job ids escaped by systemd rules).
    /// Nothing that a shell treats specially inside single quotes can pass.
    private static var pattern: Regex<(Substring, Substring, Substring?, Substring, Substring, Substring, Substring, Substring, Substring)> { /^UPID:([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?):([0-9A-F]{8}):([0-9A-F]{8,9}):([0-9A-F]{8}):([A-Za-z0-9_.-]{1,64}):([A-Za-z0-9_.@\\-]{0,128}):([A-Za-z0-9_.@!-]{1,128}):$/ }

    public init?(_ text: String) {
        guard text.count <= 400, let match = text.wholeMatch(of: Self.pattern),
              let pid = Int(match.3, radix: 16), let start = Int(match.5, radix: 16) else { return nil }
        self.text = text
        node = String(match.1)
        self.pid = pid
        startTime = start
        type = String(match.6)
        id = String(match.7)
        user = String(match.8)
    }

    /// What a valid UPID looks like, for error messages.
    public static let example = "UPID:pve1:0025C1A0:06266BF4:692EACBE:vzdump:201:root@pam:"
}
