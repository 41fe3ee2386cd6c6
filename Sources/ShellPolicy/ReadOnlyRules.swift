/// Read-only mode: an allow-list of read verbs and read subcommands; everything else is refused.
enum ReadOnlyRules {
    /// Verbs that only read, whatever their arguments.
    private static let readVerbs: Set<String> = [
        "pveversion", "cat", "ls", "df", "du", "free", "uptime", "uname", "ps", "ss", "dmesg", "lsblk", "lvs", "vgs", "pvs",
        "lvdisplay", "vgdisplay", "pvdisplay", "grep", "egrep", "fgrep", "zgrep", "head", "tail", "wc", "uniq", "which",
        "echo", "printf", "true", "false", ":", "test", "[", "pwd", "id", "whoami", "nproc", "lscpu", "lspci", "lsusb",
        "findmnt", "blkid", "stat", "file", "tr", "cut", "column", "nl", "tac", "rev", "paste", "join", "comm", "diff",
        "cmp", "md5sum", "sha1sum", "sha256sum", "sha512sum", "basename", "dirname", "realpath", "readlink", "seq",
        "sleep", "last", "lastlog", "w", "who", "lsmod", "zcat", "zless", "xxd", "od", "hexdump", "strings", "getent",
        "type", "cd", "pushd", "popd", "dirs", "export", "local", "declare", "typeset", "readonly", "set", "shopt",
        "unset", "read", "exit", "return", "break", "continue", "shift", "wait", "getopts", "let", "umask", "runlevel",
        "arch", "env", "printenv", "locale", "tty", "groups", "jq", "numfmt", "expr",
        "uptime", "vmstat", "iostat", "mpstat", "pidstat", "lsof", "pgrep", "pidof", "sensors", "ha-manager",
    ]
    /// Verbs allowed only with one of these subcommands (first operand).
    private static let readSubcommands: [String: Set<String>] = [
        "qm": ["list", "status", "config", "pending", "listsnapshot", "showcmd", "help"],
        "pct": ["list", "status", "config", "pending", "listsnapshot", "df", "help"],
        "pvesh": ["get", "ls", "usage", "help"],
        "pvesm": ["status", "list", "path", "help"],
        "pvecm": ["status", "nodes", "help"],
        "zpool": ["status", "list", "get", "iostat", "history", "help"],
        "pvesr": ["status", "list", "read", "help"],
        "apt": ["list", "show", "search", "policy", "depends", "rdepends", "showsrc"],
        "apt-cache": ["policy", "show", "search", "depends", "rdepends", "showpkg", "madison", "stats", "pkgnames"],
        "zfs": ["list", "get", "help"],
        "systemctl": ["status", "is-active", "is-enabled", "is-failed", "list-units", "list-unit-files", "list-timers",
                      "list-sockets", "list-jobs", "list-dependencies", "show", "cat", "is-system-running", "get-default"],
        "ha-manager": ["status", "config"],
        "timedatectl": ["status", "show", "list-timezones", "timesync-status", "show-timesync"],
        "hostnamectl": ["status", "show", "hostname"],
    ]
    private static let journalWrites: Set<String> = ["vacuum-size", "vacuum-time", "vacuum-files", "rotate", "flush", "sync",
                                                     "relinquish-var", "smart-relinquish-var", "setup-keys", "update-catalog"]

    /// Why `invocation` is not a read, or nil when it is.
    static func denial(_ invocation: Invocation) -> String? {
        let verb = invocation.verb
        let notListed = "`\(verb)` is not on the read-only allow-list"
        // `--version`/`--help` alone only print, whatever the program.
        if invocation.arguments.count == 1, let only = invocation.arguments[0].staticValue, only == "--version" || only == "--help" {
            return nil
        }
        if let allowed = readSubcommands[verb] {
            let operands = invocation.operands(withValue: verb == "systemctl" ? OptionsWithValues(short: "tHMpnoP", long: ["type", "host", "machine", "property", "lines", "output", "state"]) : .none)
            guard let first = operands.first else { return ["systemctl", "timedatectl", "hostnamectl"].contains(verb) ? nil : notListed }
            guard let sub = first.staticValue else { return "`\(verb)` is given the subcommand `\(first.raw)`, only known at run time" }
            return allowed.contains(sub) ? nil : "`\(verb) \(sub)` is not on the read-only allow-list"
        }
        switch verb {
        case "top":
            return invocation.hasOption(short: ["b"], long: ["batch"]) ? nil : "`top` is only allowed in batch mode (`top -bn1`)"
        case "ip": return ipDenial(invocation)
        case "journalctl":
            return invocation.hasOption(long: journalWrites) ? "`journalctl` with this option changes the journal" : nil
        case "dmesg":
            return invocation.hasOption(short: ["c", "C", "n", "D", "E"], long: ["clear", "read-clear", "console-level", "console-off", "console-on"])
                ? "`dmesg` with this option changes the kernel log" : nil
        case "sort":
            return invocation.hasOption(short: ["o"], long: ["output"]) ? "`sort -o` writes a file" : nil
        case "uniq":
            return invocation.operands().count > 1 ? "`uniq IN OUT` writes a file" : nil
        case "awk", "gawk", "mawk", "nawk": return ProgramRules.awkDenial(invocation, readOnly: true)
        case "sed": return ProgramRules.sedDenial(invocation, readOnly: true)
        case "hostname":
            return invocation.operands().isEmpty && !invocation.hasOption(short: ["F", "b"], long: ["file", "boot"]) ? nil : "`hostname NAME` changes the host name"
        case "date":
            let setsClock = invocation.hasOption(short: ["s"], long: ["set"])
                || invocation.operands(withValue: OptionsWithValues(short: "dfrI", long: ["date", "file", "reference"]))
                    .contains { !($0.staticValue ?? "+").hasPrefix("+") }
            return setsClock ? "`date` with a date argument sets the clock" : nil
        case "find":
            let actions: Set<String> = FindExpression.runActions.union(FindExpression.writeActions).union(["-delete"])
            return invocation.arguments.contains { actions.contains($0.staticValue ?? "") } ? "`find` with `-exec`/`-delete`/`-fprint` is not a read" : nil
        case "mount":
            return invocation.arguments.isEmpty ? nil : "`mount` with arguments mounts file systems"
        case "fdisk", "sfdisk":
            return invocation.hasOption(short: ["l"], long: ["list"]) ? nil : notListed
        case "ceph": return cephDenial(invocation)
        case "corosync-quorumtool":
            return optionLetters(invocation, allowed: "slipHVhao") ? nil : "`corosync-quorumtool` with this option changes quorum"
        case "iptables", "ip6tables", "iptables-legacy", "ip6tables-legacy", "iptables-nft", "ip6tables-nft":
            let lists = invocation.hasOption(short: ["L", "S"], long: ["list", "list-rules"])
            let withTable = invocation.operands(withValue: OptionsWithValues(short: "tLSW", long: ["table", "wait", "list", "list-rules"]))
            return lists && withTable.isEmpty && optionLetters(invocation, allowed: "LSnvxtw", long: ["list", "list-rules", "numeric", "verbose",
                                                                                                    "exact", "table", "line-numbers", "wait"])
                ? nil : "`\(verb)` other than `-L`/`-S` changes the firewall"
        case "nft":
            let operands = invocation.operands()
            return operands.first?.staticValue == "list" && !invocation.hasOption(short: ["f", "i"], long: ["file", "interactive"])
                ? nil : "`nft` other than `nft list` changes the firewall"
        case "dpkg", "dpkg-query":
            return optionLetters(invocation, allowed: "lLsSpW", long: ["list", "listfiles", "status", "search", "print-avail",
                                                                     "get-selections", "show", "showformat", "print-architecture",
                                                                     "audit", "no-pager"])
                ? nil : "`\(verb)` other than a query changes packages"
        case "crontab":
            return invocation.arguments.allSatisfy({ ["-l", "-u"].contains($0.staticValue) || !($0.staticValue ?? "-").hasPrefix("-") })
                && invocation.hasOption(short: ["l"]) ? nil : "`crontab` other than `-l` changes the crontab"
        case "pveversion":
            return nil
        case "ss":
            return invocation.hasOption(short: ["K"], long: ["kill"]) ? "`ss -K` closes connections" : nil
        case "xxd":
            return invocation.operands(withValue: OptionsWithValues(short: "cgloqs", long: ["cols", "groupsize", "len", "offset", "seek"])).count > 1
                ? "`xxd IN OUT` writes a file" : nil
        case "smartctl":
            return invocation.hasOption(short: ["t", "s", "o", "S", "X"], long: ["test", "smart", "offlineauto", "saveauto", "abort", "set"])
                ? "`smartctl` with this option changes the drive" : nil
        default:
            return readVerbs.contains(verb) ? nil : notListed
        }
    }

    /// Every option word is made of these short letters or long names (values of `-t`/`-u` allowed).
    private static func optionLetters(_ invocation: Invocation, allowed: String, long: Set<String> = []) -> Bool {
        invocation.arguments.allSatisfy { word in
            guard let value = word.staticValue else { return false }
            if value.hasPrefix("--") { return OptionScanner.abbreviates(String(value.dropFirst(2).prefix { $0 != "=" }), oneOf: long) }
            if value.hasPrefix("-"), value.count > 1 { return value.dropFirst().allSatisfy { allowed.contains($0) } }
            return true
        }
    }

    /// `ceph -s`, `ceph health [detail]`, `ceph osd tree`, `ceph df`, … (with `-f json`).
    private static func cephDenial(_ invocation: Invocation) -> String? {
        var words: [String] = []
        var index = 0
        let args = invocation.arguments
        while index < args.count {
            guard let value = args[index].staticValue else { return "`ceph` is given `\(args[index].raw)`, only known at run time" }
            if ["-f", "--format"].contains(value) { index += 2; continue }
            if value.hasPrefix("--format=") { index += 1; continue }
            words.append(value)
            index += 1
        }
        let reads: Set<String> = ["-s", "--status", "status", "health", "health detail", "osd tree", "df", "df detail", "osd df",
                                  "osd df tree", "osd stat", "mon stat", "pg stat", "versions", "version", "osd pool ls",
                                  "osd pool ls detail", "quorum_status", "mon dump", "osd dump", "fs status", "-v", "osd perf",
                                  "mgr stat", "osd pool stats", "crash ls", "health detail"]
        return reads.contains(words.joined(separator: " ")) ? nil : "`ceph \(words.joined(separator: " "))` is not on the read-only allow-list"
    }

    /// `ip addr|route|link|neigh|rule` with no action or a show-style action.
    private static func ipDenial(_ invocation: Invocation) -> String? {
        let safeGlobals: Set<String> = ["-4", "-6", "-0", "-j", "-json", "-p", "-pretty", "-br", "-brief", "-s", "-stats", "-d",
                                        "-details", "-c", "-color", "-o", "-oneline", "-h", "-human", "-r", "-resolve", "-t"]
        var words = invocation.arguments[...]
        while let first = words.first?.staticValue, first.hasPrefix("-") {
            guard safeGlobals.contains(first) || first.hasPrefix("-color=") || first.hasPrefix("-c=") else {
                return "`ip \(first)` is not on the read-only allow-list"
            }
            words = words.dropFirst()
        }
        guard let objectWord = words.first else { return nil }
        guard let object = objectWord.staticValue else { return "`ip` is given `\(objectWord.raw)`, only known at run time" }
        let objects = ["address", "route", "link", "neighbour", "neighbor", "rule", "maddress"]
        guard objects.contains(where: { $0.hasPrefix(object) }) else { return "`ip \(object)` is not on the read-only allow-list" }
        guard let action = words.dropFirst().first else { return nil }
        let actions: Set<String> = ["show", "list", "ls", "lst", "sh", "get"]
        guard let value = action.staticValue, actions.contains(value) || value.hasPrefix("dev") else {
            return "`ip \(object) \(action.display)` is not on the read-only allow-list"
        }
        return nil
    }
}
