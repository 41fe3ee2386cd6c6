/// Guarded mode's allow-list: the programs, subcommands and options known to be safe to run
/// without asking. Everything read-only allows is on it; so are the everyday guest lifecycle,
/// snapshots and backups to a storage, restarting named services, package installation, and
/// writes to ordinary files. Anything not on it is `ask`.
///
/// Called only after the fail-closed rules, the host's `deny:` rules and the destructive classes
/// (`GuardedRules`) found nothing, so the destructive forms of listed programs are already handled.
enum GuardedAllowList {
    /// nil when `invocation` is known to be safe; otherwise why a person must approve it.
    static func notSafe(_ invocation: Invocation, changesDirectory: Bool) -> String? {
        let verb = invocation.verb
        let values = invocation.arguments.map(\.staticValue)
        let notListed = "`\(verb)` is not on the guarded allow-list of known-safe commands"
        if ReadOnlyRules.denial(invocation) == nil { return nil }
        switch verb {
        case "qm", "pct":
            guard let sub = values.first ?? nil else { return notListed }
            return guestSubcommands.contains(sub) ? nil : "`\(verb) \(sub)` is not on the guarded allow-list of known-safe commands"
        case "vzdump":
            guard invocation.hasProxmoxOption(["storage"]) else { return "`vzdump` without `--storage` writes where the policy cannot tell" }
            return invocation.hasProxmoxOption(["remove", "dumpdir", "prune-backups"])
                ? "`vzdump` with `--remove`/`--prune-backups`/`--dumpdir` deletes or writes outside a storage" : nil
        case "pvesh": return apiNotSafe(invocation)
        case "systemctl": return serviceNotSafe(invocation)
        case "apt", "apt-get":
            let operands = invocation.operands()
            guard let sub = operands.first?.staticValue else { return notListed }
            switch sub {
            case "update": return nil
            case "install":
                let packages = operands.dropFirst().filter { !($0.staticValue ?? "").hasPrefix("-") || $0.staticValue == nil }
                let plain = packages.allSatisfy { word in
                    guard let name = word.staticValue else { return false }
                    return !name.contains("/") && !name.hasSuffix(".deb") && !name.hasPrefix("-") && !name.hasSuffix("-")
                }
                return plain ? nil : "`\(verb) install` of a local file or a removal (`name-`) is not on the guarded allow-list"
            default: return "`\(verb) \(sub)` is not on the guarded allow-list of known-safe commands"
            }
        case "kill", "pkill", "killall",  // aimed at protected processes → HostAvailabilityRules asks
             "fdisk", "gdisk", "cfdisk", "cgdisk", "sfdisk", "parted", "wipefs", "dd", "find",  // only their read forms got here
             "crontab", "at", "screen", "tmux", "man",
             "tee", "touch", "mkdir", "cp":  // what they write was classified with the redirections
            return nil
        case "tar": return archiveNotSafe(invocation)
        case "gzip", "gunzip", "bzip2", "bunzip2", "xz", "unxz", "lzma", "pigz", "lzip":
            let keeps = invocation.hasOption(short: ["c", "l", "t", "k"], long: ["stdout", "to-stdout", "list", "test", "keep"])
            return keeps || invocation.operands().isEmpty ? nil : "`\(verb) FILE` replaces FILE (deletes its input)"
        case "zstd", "unzstd", "lz4":
            return invocation.hasOption(long: ["rm"]) ? "`\(verb) --rm` deletes its input" : nil
        case "unzip":
            return invocation.hasOption(short: ["l", "t", "p", "v", "Z"]) ? nil : "`unzip` extracts files, possibly over existing ones"
        case "python", "python3":
            return values.count == 3 && values[0] == "-m" && values[1] == "json.tool" || values == ["-m", "json.tool"] ? nil : notListed
        case "curl":
            if invocation.hasOption(short: ["O", "J"], long: ["remote-name", "remote-name-all", "remote-header-name", "output-dir"]) {
                return "`curl -O` names the file it writes after the URL, in a directory the policy cannot vouch for"
            }
            if let method = OptionScanner.value(of: "X", long: "request", in: invocation.arguments) {
                guard let word = method, let name = word.staticValue?.uppercased(), ["GET", "HEAD"].contains(name) else {
                    return "`curl -X` with a method other than GET changes things on the server (e.g. the Proxmox API on :8006)"
                }
            }
            return invocation.hasOption(short: ["d", "F", "T", "K"], long: ["data", "data-binary", "data-raw", "data-urlencode",
                                                                             "data-ascii", "form", "form-string", "upload-file",
                                                                             "json", "config"])
                ? "`curl` with data or an upload sends changes to a server" : nil
        case "wget":
            if invocation.hasOption(short: ["P", "N", "r", "m", "x", "k"], long: ["directory-prefix", "timestamping", "recursive", "mirror",
                                                                                "force-directories", "convert-links", "backups"]) {
                return "`wget` with `-P`/`-N`/`-r` writes or overwrites files the policy cannot see in advance"
            }
            return invocation.hasOption(short: ["e"], long: ["post-data", "post-file", "method", "body-data", "body-file", "execute"])
                ? "`wget` with a body, a method or `-e` changes things on a server or runs wgetrc commands" : nil
        case "ping", "ping6", "traceroute", "tracepath", "mtr", "dig", "host", "nslookup", "arping", "ethtool", "lsattr",
             "pveperf", "pvesubscription", "pveam", "sha224sum", "sha384sum", "b2sum":
            return lookNotSafe(invocation)
        default:
            return notListed
        }
    }

    /// Subcommands of `qm`/`pct` on the allow-list: reading, the everyday lifecycle, migrating,
    /// and taking (not rolling back or deleting) a snapshot.
    static let guestSubcommands: Set<String> = [
        "list", "status", "config", "pending", "listsnapshot", "showcmd", "help", "df", "cpusets",
        "start", "shutdown", "stop", "reboot", "suspend", "resume", "migrate", "snapshot", "wait",
    ]

    private static func lookNotSafe(_ invocation: Invocation) -> String? {
        switch invocation.verb {
        case "ethtool":
            let values = invocation.arguments.map(\.staticValue)
            let shows: Set<String?> = ["-i", "-k", "-S", "-a", "-g", "-l", "-m", "-T", "-P", "-c", "--driver", "--show-features",
                                       "--statistics", "--show-pause", "--show-ring", "--show-channels", "--show-coalesce"]
            let reads = (values.count == 1 && !(values[0] ?? "-").hasPrefix("-")) || (values.count == 2 && shows.contains(values[0]))
            return reads ? nil : "`ethtool` with these options can change the interface"
        case "pveam":
            return ["list", "available"].contains(invocation.operands().first?.staticValue ?? "") ? nil
                : "`pveam` other than list/available changes templates"
        case "pvesubscription":
            return invocation.operands().first?.staticValue == "get" ? nil : "`pvesubscription` other than get changes the subscription"
        default:
            return nil
        }
    }

    /// `pvesh create|set` on a guest's lifecycle or snapshot endpoint; every other write asks.
    private static func apiNotSafe(_ invocation: Invocation) -> String? {
        let operands = invocation.operands()
        guard let method = operands.first?.staticValue, let path = operands.dropFirst().first?.staticValue else {
            return "`pvesh` without a static method and path is not on the guarded allow-list"
        }
        let parts = path.split(separator: "/").map(String.init)
        let isGuest = parts.count >= 5 && parts[0] == "nodes" && ["qemu", "lxc"].contains(parts[2])
        if method == "create", isGuest, parts.count == 6, parts[4] == "status",
           ["start", "stop", "shutdown", "reboot", "suspend", "resume"].contains(parts[5]) { return nil }
        if method == "create", isGuest, parts.count == 5, ["snapshot", "migrate"].contains(parts[4]) { return nil }
        return "`pvesh \(method) \(path)` writes through the API and is not on the guarded allow-list"
    }

    /// `systemctl restart|reload|try-restart` of named services; starting units and targets asks.
    private static func serviceNotSafe(_ invocation: Invocation) -> String? {
        let operands = invocation.operands(withValue: OptionsWithValues(short: "tHMpnoP", long: ["type", "host", "machine", "property", "lines", "output", "state"]))
        guard let sub = operands.first?.staticValue else { return "`systemctl` without a subcommand" }
        guard ["restart", "try-restart", "reload", "reload-or-restart", "try-reload-or-restart"].contains(sub) else {
            return "`systemctl \(sub)` is not on the guarded allow-list of known-safe commands"
        }
        let units = operands.dropFirst()
        guard !units.isEmpty else { return "`systemctl \(sub)` without a unit" }
        for unit in units {
            guard let name = unit.staticValue else { return "`systemctl \(sub)` is given a unit only known at run time" }
            let isService = !name.contains(".") || name.hasSuffix(".service")
            let base = name.hasSuffix(".service") ? String(name.dropLast(8)) : name
            // Restarting these can cut the node off the network or trigger fencing.
            let cutsOff: Set<String> = ["networking", "network", "systemd-networkd", "NetworkManager", "watchdog-mux", "ifupdown2-pre"]
            if !isService || base.hasPrefix("systemd-") || cutsOff.contains(base) || name.contains("*") || name.hasPrefix("-") {
                return "`systemctl \(sub) \(name)` is not a named service on the guarded allow-list"
            }
        }
        return nil
    }

    /// `tar` creating or listing; extracting only with `-C` into an ordinary directory, never
    /// over the system, and never with `--remove-files`/`-P`/`--overwrite`/`--unlink-first`.
    private static func archiveNotSafe(_ invocation: Invocation) -> String? {
        var letters = Set<Character>()
        if let first = invocation.arguments.first?.staticValue, !first.hasPrefix("-") { letters.formUnion(first) }  // `tar xzf`
        func has(_ short: Set<Character>, _ long: Set<String>) -> Bool {
            !letters.isDisjoint(with: short) || invocation.hasOption(short: short, long: long)
        }
        if has([], ["remove-files", "overwrite", "unlink-first", "recursive-unlink", "absolute-names"]) || has(["P", "U"], []) {
            return "`tar` with `--remove-files`, `--overwrite` or `-P` deletes or overwrites files"
        }
        guard has(["x"], ["extract", "get"]) else { return nil }
        guard let directory = OptionScanner.value(of: "C", long: "directory", in: invocation.arguments).flatMap({ $0 })?.staticValue else {
            return "`tar -x` without `-C DIR` extracts into the current directory, which the policy cannot vouch for"
        }
        switch WritePaths.classify(directory, relativeIsUnknown: true) {
        case .ordinary where WritePaths.systemArea(directory) == nil && WritePaths.normalize(directory) != "/root":
            return nil
        default:
            return "`tar -x -C \(directory)` extracts onto a system or unknown location"
        }
    }
}
