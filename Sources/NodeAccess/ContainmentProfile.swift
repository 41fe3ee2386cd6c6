import ShellPolicy

/// What the containment wrapper (the second wall) makes of the node for one command: a private
/// mount namespace where everything is read-only except `writable`, a private temp dir, secrets
/// and control sockets covered, capabilities dropped from the bounding set, and `no_new_privs`.
///
/// Paths are absolute; a `*` in a component matches names not starting with a dot (as a shell glob
/// does). Only paths that exist on the node are touched; a path that does not exist needs nothing.
public struct ContainmentProfile: Sendable, Hashable {
    /// Shown in the frame header of the composed command (`wall=guarded`).
    public var name: String
    /// Directories that stay writable (as `nodev`, `nosuid`): their own bind mounts.
    public var writable: [String]
    /// Directories (among `writable`) whose existing dot entries stay read-only: `/root/.bashrc`,
    /// `/root/.config` and so on. The kernel cannot refuse *new* dot files in a writable directory.
    public var dotEntriesReadOnly: [String]
    /// One fresh tmpfs, mounted on the first and bound onto the others: nothing written there is
    /// seen outside, and it is gone when the command's last process ends.
    public var privateTemp: [String]
    /// Covered so they cannot be read: a directory by an empty read-only tmpfs, a file by `/dev/null`.
    public var secrets: [String]
    /// Control sockets and FIFOs covered by `/dev/null` (connecting fails).
    public var hidden: [String]
    /// Removed from the capability bounding set (numbers from linux/capability.h): a root command
    /// keeps only what is left once it execs.
    public var droppedCapabilities: [Int]

    public init(name: String, writable: [String] = [], dotEntriesReadOnly: [String] = [],
                privateTemp: [String] = ["/tmp", "/var/tmp", "/dev/shm"], secrets: [String] = Self.standardSecrets,
                hidden: [String] = [], droppedCapabilities: [Int] = Self.standardDroppedCapabilities) {
        self.name = name
        self.writable = writable
        self.dotEntriesReadOnly = dotEntriesReadOnly
        self.privateTemp = privateTemp
        self.secrets = secrets
        self.hidden = hidden
        self.droppedCapabilities = droppedCapabilities
    }

    /// The standard profile of a policy containment; nil for `.none`.
    public init?(_ containment: Containment) {
        switch containment {
        case .none: return nil
        case .guarded: self = .guarded
        case .readOnly: self = .readOnly
        }
    }

    /// Guarded `allow`: the policy's writable places, as the node's own directories (a file written
    /// to /tmp by one call is there for the next): /tmp, /var/tmp, plain files under /root and ISO
    /// downloads. /dev/shm stays private.
    public static let guarded = ContainmentProfile(
        name: "guarded", writable: ["/tmp", "/var/tmp", "/root", "/var/lib/vz/template/iso"],
        dotEntriesReadOnly: ["/root"], privateTemp: ["/dev/shm"])

    /// Read-only `allow`: nothing persists (/tmp, /var/tmp and /dev/shm are one private tmpfs, gone
    /// with the command), and systemd/D-Bus/init cannot be asked to do anything.
    public static let readOnly = ContainmentProfile(name: "read-only", hidden: standardHiddenSockets)

    /// Credentials a command the policy let through unattended must not read. PVE keeps the cluster's
    /// private keys, `authorized_keys`, token, TFA, storage passwords and Ceph's admin keyring in
    /// pmxcfs' `priv/`; each node's TLS keys in `nodes/NODE/`; corosync its own `authkey`.
    /// (Patterns keep the list short: it travels in every contained exec request.) `*shadow*` is
    /// shadow, gshadow and their `-` backups; `nodes/*/*.key` pve-ssl.key and pveproxy-ssl.key.
    public static let standardSecrets = [
        "/etc/*shadow*", "/etc/ssh/ssh_host_*_key", "/root/.ssh", "/etc/pve/priv", "/etc/pve/*.key",
        "/etc/pve/nodes/*/*.key", "/etc/corosync/authkey", "/etc/ceph/*.keyring", "/var/lib/ceph/*/*/keyring",
    ]

    /// systemd's private manager socket (what `systemctl` uses as root), the system bus, the
    /// SysV init FIFO (a runlevel written there reboots), and the service notification socket.
    public static let standardHiddenSockets = [
        "/run/systemd/private", "/run/dbus/system_bus_socket", "/run/initctl", "/run/systemd/notify",
    ]

    /// CAP_SYS_BOOT (22), CAP_SYS_MODULE (16), CAP_SYS_ADMIN (21), CAP_SYS_RAWIO (17), CAP_SYS_TIME
    /// (25); and what would open a way around the mount namespace: CAP_SYS_PTRACE (19:
    /// `/proc/PID/root` of a process outside, the watchdog's parent sshd for one),
    /// CAP_DAC_READ_SEARCH (2: `open_by_handle_at` reaches covered files), CAP_PERFMON (38) and
    /// CAP_BPF (39: `bpf_probe_write_user` into other processes).
    public static let standardDroppedCapabilities = [22, 16, 21, 17, 25, 19, 2, 38, 39]

    /// Every path as the wrapper script takes it; checked so a path can sit in a Perl string
    /// inside a single-quoted shell word as it is.
    var allPaths: [String] { writable + dotEntriesReadOnly + privateTemp + secrets + hidden }

    static func isPlainPath(_ path: String) -> Bool {
        path.hasPrefix("/") && path.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "/"), UInt8(ascii: "."), UInt8(ascii: "_"),
                 UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: "+"):
                return true
            default:
                return false
            }
        }
    }
}
