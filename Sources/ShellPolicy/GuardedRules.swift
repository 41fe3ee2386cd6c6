/// Guarded mode's deny classes for one command: guest/volume destruction, file and disk
/// destruction, package removal, cluster membership, and commands whose effect cannot be seen
/// (the host-availability class lives in `HostAvailabilityRules`).
enum GuardedRules {
    /// Why `invocation` is refused in guarded mode, or nil.
    static func denial(_ invocation: Invocation) -> String? {
        let verb = invocation.verb
        if let reason = HostAvailabilityRules.denial(invocation) { return reason }
        if verb == "mkfs" || verb.hasPrefix("mkfs.") || ["mke2fs", "mkswap", "mkdosfs", "mkntfs", "mkexfatfs"].contains(verb) {
            return "`\(verb)` creates a filesystem, destroying what was on the device"
        }
        switch verb {
        case "rm", "unlink", "srm", "wipe": return "`\(verb)` deletes files"
        case "rmdir": return "`rmdir` deletes directories"
        case "shred", "truncate": return "`\(verb)` destroys file contents"
        case "blkdiscard": return "`blkdiscard` discards every block of a device"
        case "wipefs":
            return invocation.hasOption(short: ["a", "o"], long: ["all", "offset"])
                ? "`wipefs -a` erases filesystem and partition signatures" : nil
        case "dd": return ddDenial(invocation)
        case "sgdisk":
            return invocation.hasOption(short: ["Z", "z", "o", "d", "n", "l", "R", "G", "g", "m"],
                                        long: ["zap-all", "zap", "clear", "delete", "new", "load-backup", "replicate",
                                               "randomize-guids", "mbrtogpt", "gpttombr"])
                ? "`sgdisk` with these options rewrites or erases the partition table" : nil
        case "sfdisk":
            return invocation.hasOption(short: ["l", "d", "J", "s", "V", "g"], long: ["list", "dump", "json", "show-size", "verify",
                                                                                     "show-geometry", "help", "version"])
                ? nil : "`sfdisk` rewrites partition tables"
        case "fdisk", "gdisk", "cfdisk", "cgdisk":
            return invocation.hasOption(short: ["l"], long: ["list"]) ? nil
                : "`\(verb)` edits partition tables (reading its commands from stdin)"
        case "parted":
            let destructive: Set<String> = ["rm", "mklabel", "mktable", "mkpart", "mkpartfs", "resizepart", "resize", "mkfs", "rescue", "move", "cp"]
            if invocation.hasOption(short: ["l"], long: ["list"]) { return nil }
            let words = invocation.operands().map(\.display)
            return words.count > 1 && words.allSatisfy({ !destructive.contains($0) }) ? nil : "`parted` edits partition tables"
        case "find":
            return invocation.arguments.contains { $0.staticValue == "-delete" } ? "`find -delete` deletes files" : nil
        case "zfs":
            return subcommand(invocation, deny: ["destroy": "`zfs destroy` destroys datasets and snapshots"])
        case "zpool":
            return subcommand(invocation, deny: ["destroy": "`zpool destroy` destroys a storage pool",
                                                 "labelclear": "`zpool labelclear` erases a disk's pool label",
                                                 "create": "`zpool create` initialises disks, destroying their contents"])
        case "lvremove", "vgremove", "pvremove": return "`\(verb)` removes LVM volumes and their data"
        case "pvcreate": return "`pvcreate` initialises a disk for LVM, destroying its contents"
        case "qm", "pct": return guestDenial(invocation)
        case "qmrestore":
            return invocation.hasOption(long: ["force"]) ? "`qmrestore --force` overwrites an existing guest" : nil
        case "pvesm":
            return subcommand(invocation, deny: ["free": "`pvesm free` deletes a volume"])
        case "pvesh": return apiDenial(invocation)
        case "pveceph", "ceph", "ceph-volume":
            let destructive: Set<String> = ["destroy", "purge", "rm", "delete", "zap", "remove"]
            return invocation.arguments.contains { $0.staticValue.map(destructive.contains) ?? true }
                ? "`\(verb)` with `destroy`/`purge`/`rm`/`zap` destroys Ceph data (or an argument is only known at run time)" : nil
        case "cryptsetup":
            return subcommand(invocation, deny: ["erase": "`cryptsetup erase` destroys the keys of an encrypted disk",
                                                 "luksErase": "`cryptsetup luksErase` destroys the keys of an encrypted disk"])
        case "fallocate":
            return invocation.hasOption(short: ["p", "c", "z", "d"], long: ["punch-hole", "collapse-range", "zero-range", "dig-holes"])
                ? "`fallocate` with hole-punching options destroys file contents" : nil
        case "rsync":
            return invocation.arguments.contains { ($0.staticValue ?? "").hasPrefix("--delete") || $0.staticValue == "--remove-source-files" }
                ? "`rsync --delete` deletes files" : nil
        case "chmod", "chown", "chgrp", "chattr", "setfacl":
            return recursiveSystemChange(invocation)
        case "apt", "apt-get", "aptitude": return packageDenial(invocation)
        case "dpkg":
            return invocation.hasOption(short: ["r", "P"], long: ["remove", "purge"]) ? "`dpkg -r`/`-P` removes packages" : nil
        case "pvecm":
            return subcommand(invocation, deny: ["delnode": "`pvecm delnode` removes a node from the cluster",
                                                 "expected": "`pvecm expected` overrides the cluster's quorum"])
        default:
            return ExecutionRules.denial(invocation)
        }
    }

    /// The first operand as a subcommand; a subcommand only known at run time fails closed.
    static func subcommand(_ invocation: Invocation, deny: [String: String]) -> String? {
        guard let word = invocation.operands().first else { return nil }
        guard let sub = word.staticValue else {
            return "`\(invocation.verb)` is given the subcommand `\(word.raw)`, only known at run time"
        }
        return deny[sub]
    }

    private static func ddDenial(_ invocation: Invocation) -> String? {
        for word in invocation.arguments {
            guard let value = word.staticValue else { return "`dd` is given `\(word.raw)`, only known at run time" }
            if value.hasPrefix("of="), !["of=/dev/null", "of=/dev/stdout"].contains(value) {
                return "`dd of=` overwrites `\(value.dropFirst(3))`"
            }
        }
        return nil
    }

    private static func guestDenial(_ invocation: Invocation) -> String? {
        let verb = invocation.verb
        guard let first = invocation.arguments.first else { return nil }
        guard let sub = first.staticValue else {
            return "`\(verb)` is given the subcommand `\(first.raw)`, only known at run time"
        }
        let second = invocation.arguments.dropFirst().first
        switch sub {
        case "destroy": return "`\(verb) destroy` destroys a guest and its disks"
        case "unlink": return "`qm unlink` deletes guest disks"
        case "disk" where second?.staticValue == nil: return "`qm disk` is given a subcommand only known at run time"
        case "disk" where second?.staticValue == "unlink": return "`qm disk unlink` deletes guest disks"
        case "monitor", "terminal", "enter", "console":
            return "`\(verb) \(sub)` reads commands from stdin, which cannot be checked"
        case "set":
            let deletes = OptionScanner.value(of: nil, long: "delete", in: invocation.arguments)
            if let deletes, let word = deletes, word.staticValue.map({ $0.contains("unused") }) ?? true {
                return "`\(verb) set --delete unusedN` deletes an unused disk volume"
            }
            return nil
        case "restore":
            return invocation.hasOption(long: ["force"]) ? "`pct restore --force` overwrites an existing guest" : nil
        default: return nil
        }
    }

    private static func apiDenial(_ invocation: Invocation) -> String? {
        let operands = invocation.operands()
        guard let method = operands.first else { return nil }
        guard let verb = method.staticValue else { return "`pvesh` is given the method `\(method.raw)`, only known at run time" }
        switch verb {
        case "delete": return "`pvesh delete` deletes API objects (guests, volumes, storage, nodes)"
        case "create", "set":
            guard let pathWord = operands.dropFirst().first else { return nil }
            guard let path = pathWord.staticValue else {
                return "`pvesh \(verb)` is given the path `\(pathWord.raw)`, only known at run time"
            }
            let parts = path.split(separator: "/").map(String.init)
            if parts.count == 3, parts[0] == "nodes", parts[2] == "status" {
                return "`pvesh \(verb) /nodes/…/status` reboots or shuts down the node"
            }
            if parts.count >= 3, parts[0] == "nodes", parts[2] == "disks" {
                return "`pvesh \(verb) /nodes/…/disks/…` initialises or wipes disks"
            }
            if parts.count == 3, parts[0] == "nodes", parts[2] == "execute" {
                return "`pvesh \(verb) /nodes/…/execute` runs a batch of API calls that cannot be checked"
            }
            return nil
        default: return nil
        }
    }

    private static func packageDenial(_ invocation: Invocation) -> String? {
        let operands = invocation.operands(withValue: OptionsWithValues(short: "oct", long: ["option", "config-file", "target-release"]))
        guard let first = operands.first else { return nil }
        guard let sub = first.staticValue else {
            return "`\(invocation.verb)` is given the subcommand `\(first.raw)`, only known at run time"
        }
        if ["remove", "purge", "autoremove", "autopurge"].contains(sub) {
            return "`\(invocation.verb) \(sub)` removes packages"
        }
        // `apt install foo-` removes foo.
        if sub == "install", let removed = operands.dropFirst().first(where: { ($0.staticValue ?? "").hasSuffix("-") && !($0.staticValue ?? "").hasPrefix("-") }) {
            return "`\(invocation.verb) install \(removed.display)` removes the package `\(removed.display.dropLast())`"
        }
        return nil
    }

    private static func recursiveSystemChange(_ invocation: Invocation) -> String? {
        guard invocation.hasOption(short: ["R"], long: ["recursive"]) else { return nil }
        let systemRoots: Set<String> = ["/", "/bin", "/boot", "/dev", "/etc", "/lib", "/lib64", "/proc", "/root", "/sbin", "/sys",
                                        "/usr", "/var", "/var/lib", "/var/lib/vz", "/etc/pve", "/home"]
        for word in invocation.operands() {
            guard let value = word.staticValue else {
                return "`\(invocation.verb) -R` is given `\(word.raw)`, only known at run time"
            }
            if let normalized = WritePaths.normalize(value), systemRoots.contains(normalized) {
                return "`\(invocation.verb) -R` on `\(normalized)` changes every system file below it"
            }
        }
        return nil
    }
}
