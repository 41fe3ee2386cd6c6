/// Where a write lands, as far as can be told without touching the host.
enum PathClass: Equatable {
    /// `/dev/null`, `/dev/stderr`, `/dev/fd/N`, …: nothing is stored.
    case sink
    /// Anywhere else that is not protected.
    case ordinary
    /// A protected location; the text says what it is.
    case protected(String)
    /// A path that cannot be located statically (relative after `cd`, `..` from an unknown place).
    case unknown(String)
}

/// Classifies write targets (redirections, `tee`, `cp`/`mv` destinations, …).
enum WritePaths {
    private static let sinks: Set<String> = ["/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom", "/dev/stdout",
                                             "/dev/stderr", "/dev/stdin", "/dev/tty", "/dev/kmsg"]
    private static let sinkDirectories = ["/dev/fd/", "/dev/pts/", "/dev/shm/", "/proc/self/fd/"]
    /// Protected roots, most specific first.
    private static let protectedRoots: [(root: String, what: String)] = [
        ("/etc/pve", "the cluster configuration under /etc/pve"),
        ("/var/lib/pve-cluster", "the cluster database under /var/lib/pve-cluster"),
        ("/var/lib/vz", "guest images and backups under /var/lib/vz"),
        ("/proc/sysrq-trigger", "the kernel's SysRq trigger, which can reboot or crash the host"),
        ("/sys", "kernel and device settings under /sys"),
        ("/dev", "a device under /dev"),
        ("/etc", "system configuration under /etc"),
        ("/boot", "the boot files under /boot"),
        ("/root/.ssh", "root's SSH keys"),
        ("/root/.bashrc", "root's shell start-up file"), ("/root/.profile", "root's shell start-up file"),
        ("/root/.bash_profile", "root's shell start-up file"), ("/root/.bash_login", "root's shell start-up file"),
        ("/var/lib", "system and package state under /var/lib"), ("/var/spool/cron", "crontabs under /var/spool/cron"),
        ("/run", "runtime state under /run (e.g. /run/nologin locks out logins)"),
        ("/usr", "system programs under /usr"), ("/bin", "system programs under /bin"), ("/sbin", "system programs under /sbin"),
        ("/lib", "system libraries under /lib"), ("/lib64", "system libraries under /lib64"),
    ]
    /// Roots that even an appending write (`>>`) must not touch.
    private static let appendProtected: Set<String> = ["/etc/pve", "/var/lib/pve-cluster", "/proc/sysrq-trigger", "/sys", "/dev", "/root/.ssh"]

    /// Files a shell runs at login, for relative and `~` paths (absolute ones are protected roots).
    private static let startUpFiles: Set<String> = [".bashrc", ".profile", ".bash_profile", ".bash_login", ".bash_logout", ".zshrc"]

    /// `.`/`..`/`//` resolved for an absolute path; nil for a relative one.
    static func normalize(_ path: String) -> String? {
        guard path.hasPrefix("/") else { return nil }
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == ".." { _ = parts.popLast(); continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    static func classify(_ path: String, relativeIsUnknown: Bool, appending: Bool = false) -> PathClass {
        if startUpFiles.contains(String(path.split(separator: "/").last ?? "")), !path.hasPrefix("/") {
            return .protected("a shell start-up file, which runs at the next login")
        }
        if path.hasPrefix("~") {
            if path.contains("/.ssh") { return .protected("SSH keys under ~/.ssh") }
            return path.contains("..") ? .unknown("`\(path)` climbs out of a home directory") : .ordinary
        }
        guard let absolute = normalize(path) else {
            if path.hasPrefix(".ssh/") || path == ".ssh" { return .protected("root's SSH keys") }
            if relativeIsUnknown { return .unknown("`\(path)` is relative to a directory changed by `cd`") }
            return path.split(separator: "/").contains("..") ? .unknown("`\(path)` climbs out of the working directory") : .ordinary
        }
        if sinks.contains(absolute) || sinkDirectories.contains(where: { absolute.hasPrefix($0) }) { return .sink }
        if absolute == "/" { return .protected("the root directory") }
        for (root, what) in protectedRoots where absolute == root || absolute.hasPrefix(root + "/") {
            if appending, !appendProtected.contains(root) { return .ordinary }
            return .protected(what)
        }
        return .ordinary
    }

    /// System areas where even an append changes how the host behaves (`>> /etc/sudoers`), or nil.
    static func systemArea(_ path: String) -> String? {
        guard let absolute = normalize(path) else { return nil }
        let areas = [("/etc", "system configuration under /etc"), ("/boot", "the boot files under /boot"),
                     ("/usr", "system programs under /usr"), ("/lib", "system libraries under /lib"),
                     ("/bin", "system programs under /bin"), ("/sbin", "system programs under /sbin"),
                     ("/var/lib", "system state under /var/lib"), ("/var/spool/cron", "crontabs under /var/spool/cron"),
                     ("/run", "runtime state under /run (e.g. /run/nologin locks out logins)"), ("/root/.ssh", "root's SSH keys"),
                     ("/root/.bashrc", "root's shell start-up file"), ("/root/.profile", "root's shell start-up file")]
        return areas.first { absolute == $0.0 || absolute.hasPrefix($0.0 + "/") }?.1
    }

    /// Files a program opens for writing through its arguments.
    static func targets(of invocation: Invocation) -> [(word: ShellWord, truncates: Bool)] {
        let args = invocation.arguments
        switch invocation.verb {
        case "tee":
            let append = invocation.hasOption(short: ["a"], long: ["append"])
            return invocation.operands(withValue: OptionsWithValues(long: ["output-error"])).map { ($0, !append) }
        case "cp", "install", "rsync", "scp":
            let withValue = OptionsWithValues(short: "tSmogeT", long: ["target-directory", "suffix", "mode", "owner", "group", "rsh"])
            if let target = OptionScanner.value(of: "t", long: "target-directory", in: args), let word = target { return [(word, true)] }
            let operands = invocation.operands(withValue: withValue)
            guard operands.count >= 2, let last = operands.last else { return [] }
            if let value = last.staticValue, value.contains(":"), !value.hasPrefix("/") { return [] }  // a remote destination
            return [(last, true)]
        case "mv", "ln":
            // `mv` removes its sources and overwrites the destination; a link can redirect later writes.
            // GNU tools take options after operands too, so `-t DIR` may come anywhere.
            let directory = OptionScanner.value(of: "t", long: "target-directory", in: args).flatMap { $0 }.map { [($0, true)] } ?? []
            return directory + invocation.operands(withValue: OptionsWithValues(short: "tS", long: ["target-directory", "suffix"]))
                .filter { !($0.staticValue ?? "").hasPrefix("-") }.map { ($0, true) }
        case "sort":
            return (OptionScanner.value(of: "o", long: "output", in: args)?.map { [($0, true)] } ?? [])
        case "touch":
            // Creating an empty file can still matter (`/etc/nologin` locks out logins): classified like an append.
            return invocation.operands(withValue: OptionsWithValues(short: "dtr", long: ["date", "reference", "time"])).map { ($0, false) }
        case "tar":
            // `tar -cf FILE`, `tar czf FILE …` (old style: the letters, then the values in order), `--file=FILE`.
            var letters = ""
            if let first = args.first?.staticValue, !first.hasPrefix("-") { letters = first }
            let creates = letters.contains("c") || letters.contains("r") || letters.contains("u")
                || invocation.hasOption(short: ["c", "r", "u", "A"], long: ["create", "append", "update", "catenate", "concatenate"])
            guard creates else { return [] }
            if letters.contains("f"), args.count > 1 { return [(args[1], true)] }
            return OptionScanner.value(of: "f", long: "file", in: args).flatMap { $0 }.map { [($0, true)] } ?? []
        case "uniq":
            let operands = invocation.operands(withValue: OptionsWithValues(short: "fsw", long: ["skip-fields", "skip-chars", "check-chars"]))
            return operands.count >= 2 ? [(operands[1], true)] : []
        case "curl":
            return (OptionScanner.value(of: "o", long: "output", in: args)?.map { [($0, true)] } ?? [])
        case "wget":
            return (OptionScanner.value(of: "O", long: "output-document", in: args)?.map { [($0, true)] } ?? [])
        default:
            return []
        }
    }
}
