/// Where a command line may write without a person, and which files hold secrets.
///
/// Writes are an allow-list: the private temp dirs (the containment wall gives every unattended command
/// its own /tmp and /var/tmp), plain (non-dot) files under /root, ISO downloads. Everything else asks
/// in guarded mode and is denied in read-only mode, where only the output sinks (/dev/null, …) are open.
/// Reads of secret places (cluster keys, SSH keys, password hashes, keyrings, raw disks, other
/// processes' memory and roots) ask in guarded mode and are denied in read-only mode.
enum PathRules {
    /// A path as the judge knows it: literal, a literal start followed by run-time text, or unknown.
    enum Known: Sendable, Hashable {
        case exact(String)
        case prefix(String)
        case unknown
    }

    static let sinks: Set<String> = ["/dev/null", "/dev/stdout", "/dev/stderr", "/dev/fd/1", "/dev/fd/2", "/proc/self/fd/1",
                                     "/proc/self/fd/2"]
    static let writableDirectories = ["/tmp/", "/var/tmp/", "/root/", "/var/lib/vz/template/iso/"]
    /// Directories under which any name (even a dot-name) is private to the contained command.
    static let privateTemporary = ["/tmp/", "/var/tmp/"]
    static let writablePlaces = "/tmp, /var/tmp, plain (non-dot) files under /root, /var/lib/vz/template/iso"

    /// Secret places as patterns: `*` is any text within one path component, `**` any text at all.
    static let secretPatterns = [
        "/etc/pve/priv", "/etc/pve/priv/**", "/etc/pve/**.key", "/etc/pve/**.keyring", "/etc/pve/**/*.pw",
        "/etc/pve/**/*token*", "/var/lib/pve-cluster/**", "/root/.*", "/root/.*/**", "/home/*/.*", "/home/*/.*/**",
        "/etc/ssh/ssh_host_*key", "/etc/shadow*", "/etc/gshadow*", "/etc/ceph/*keyring*", "/etc/ceph/**/*keyring*",
        "/var/lib/ceph/**keyring*", "/etc/corosync/authkey", "/etc/ssl/private", "/etc/ssl/private/**",
        "/etc/proxmox-backup/**", "/etc/krb5.keytab", "/etc/sudoers*", "/etc/security/opasswd",
        "/proc/*/environ", "/proc/*/mem", "/proc/*/root", "/proc/*/root/**", "/proc/*/cwd", "/proc/*/cwd/**",
        "/proc/*/fd/**", "/proc/*/map_files/**", "/proc/*/task/**", "/proc/kcore", "/dev/mem", "/dev/kmem", "/dev/port",
        "/dev/sd*", "/dev/nvme*", "/dev/vd*", "/dev/zd*", "/dev/dm-*", "/dev/mapper/**", "/dev/disk/**", "/dev/pve/**",
        "/dev/rbd*", "/dev/md*", "/dev/hd*", "/dev/xvd*", "/dev/loop*", "/sys/firmware/**",
    ]
    /// Names that look like secrets wherever they are (a relative path after `cd`).
    static let secretNames = ["shadow*", "gshadow*", "*.key", "*keyring*", "authkey*", "id_*", "config.db", "environ",
                              "*.pw", "*token*", "kcore", "mem", "priv"]

    /// Lexically normalized absolute path (`//`, `/./`, `..`), or nil when it is relative and the directory unknown.
    static func absolute(_ path: String, directoryKnown: Bool) -> (path: String, climbs: Bool)? {
        let full: String
        if path.hasPrefix("/") { full = path } else if directoryKnown { full = "/root/" + path } else { return nil }
        var components: [Substring] = []
        var climbs = false
        for component in full.split(separator: "/", omittingEmptySubsequences: true) {
            if component == "." { continue }
            if component == ".." { climbs = true; if !components.isEmpty { components.removeLast() }; continue }
            components.append(component)
        }
        let joined = "/" + components.joined(separator: "/")
        return (path.hasSuffix("/") && joined != "/" ? joined + "/" : joined, climbs)
    }

    /// What writing `target` amounts to (`by` names the writer for the message).
    static func write(_ target: Known, by: String, mode: PolicyMode, directoryKnown: Bool) -> Effect {
        func outside(_ shown: String) -> Effect {
            mode == .readOnly
                ? .deny("\(by) writes `\(shown)`; read-only mode writes nothing but /dev/null")
                : .ask("\(by) writes `\(shown)`, outside the places written without asking (\(writablePlaces))")
        }
        switch target {
        case .exact(let path):
            guard let (normalized, climbs) = absolute(path, directoryKnown: directoryKnown) else {
                return outside(path + "` (relative to a directory changed earlier on the line")
            }
            if sinks.contains(normalized) { return .read }
            if mode == .readOnly { return outside(path) }
            if climbs { return outside(path) }
            return isWritable(normalized) ? .change("writes \(normalized)") : outside(path)
        case .prefix(let prefix):
            guard mode != .readOnly, let (normalized, climbs) = absolute(prefix, directoryKnown: directoryKnown), !climbs,
                  let slash = normalized.lastIndex(of: "/") else { return outside(prefix + "…") }
            let directory = String(normalized[...slash])
            let partial = normalized[normalized.index(after: slash)...]
            if privateTemporary.contains(where: { directory.hasPrefix($0) }) { return .change("writes under \(directory)") }
            // The run-time text could start with `.` or `/`: only a plain start known to us keeps it in the directory.
            if !partial.isEmpty, !partial.hasPrefix("."), isWritable(directory + partial) {
                return .change("writes under \(directory)")
            }
            return outside(prefix + "…")
        case .unknown:
            // Nobody could see what they would approve.
            return .deny("\(by) writes to a path only known at run time, so nobody can see what they would approve")
        }
    }

    /// Plain places written without asking: the private temp dirs (anything under them), non-dot
    /// components under /root and the ISO directory.
    static func isWritable(_ path: String) -> Bool {
        if privateTemporary.contains(where: { path.hasPrefix($0) && path.count > $0.count }) { return true }
        for directory in ["/root/", "/var/lib/vz/template/iso/"] where path.hasPrefix(directory) {
            let rest = path.dropFirst(directory.count)
            return !rest.isEmpty && !rest.hasSuffix("/") && rest.split(separator: "/").allSatisfy { !$0.hasPrefix(".") }
        }
        return false
    }

    /// What reading `target` amounts to: `.read`, or a secret place (ask; read-only: deny).
    static func read(_ target: Known, by: String, mode: PolicyMode, directoryKnown: Bool) -> Effect {
        func secret(_ shown: String) -> Effect {
            let message = "\(by) reads `\(shown)`, which is or may be a secret place (keys, password hashes, keyrings, raw disks, other processes); secrets stay on the node"
            return mode == .readOnly ? .deny(message) : .ask(message)
        }
        switch target {
        case .exact(let path):
            if path.hasPrefix("-") && path == "-" { return .read }
            if let (normalized, _) = absolute(path, directoryKnown: directoryKnown) {
                return secretPatterns.contains { matches(normalized, $0) } ? secret(path) : .read
            }
            let components = path.split(separator: "/")
            let suspicious = components.contains { $0.hasPrefix(".") && $0 != "." && $0 != ".." }
                || components.contains { component in secretNames.contains { matches(String(component), $0) } }
            return suspicious ? secret(path) : .read
        case .prefix(let prefix):
            guard let (normalized, climbs) = absolute(prefix, directoryKnown: directoryKnown), !climbs else { return secret(prefix + "…") }
            return secretPatterns.contains { couldMatch(prefix: normalized, $0) } ? secret(prefix + "…") : .read
        case .unknown:
            return secret("a path only known at run time")
        }
    }

    /// Whole-string match of `pattern` (`*` within a component, `**` anything). Iterative, O(n·m).
    static func matches(_ text: String, _ pattern: String) -> Bool {
        let states = run(Array(text.utf8.prefix(4096)), Array(pattern.utf8))
        return states.contains(pattern.utf8.count)
    }

    /// Whether some text starting with `prefix` could match `pattern`.
    static func couldMatch(prefix: String, _ pattern: String) -> Bool {
        !run(Array(prefix.utf8.prefix(4096)), Array(pattern.utf8)).isEmpty
    }

    /// The pattern positions reachable after consuming `text` (a tiny NFA: no backtracking, no recursion).
    private static func run(_ text: [UInt8], _ pattern: [UInt8]) -> Set<Int> {
        let star = UInt8(ascii: "*"), slash = UInt8(ascii: "/")
        func closure(_ states: Set<Int>) -> Set<Int> {
            var result = states
            for state in states {
                var index = state
                while index < pattern.count, pattern[index] == star {
                    index += 1
                    result.insert(index)
                }
            }
            return result
        }
        var states = closure([0])
        for byte in text {
            var next: Set<Int> = []
            for state in states where state < pattern.count {
                if pattern[state] == star {
                    let double = state + 1 < pattern.count && pattern[state + 1] == star
                    if double || byte != slash { next.insert(state) }
                    if double { next.insert(state + 1) }
                } else if pattern[state] == byte {
                    next.insert(state + 1)
                }
            }
            states = closure(next)
            if states.isEmpty { break }
        }
        return states
    }
}
