/// How `kill` and the by-name killers choose their victims, read as they read it — without ever
/// compiling the user's text as a regular expression (Swift's Regex recursed on `[[[…` and
/// backtracked forever on `(.+)+#`; glibc reads the same text differently anyway).
enum ProcessTargets {
    /// A PID exactly as a positive decimal the kernel would not read as a group, init or everyone:
    /// no sign, no blank, no leading zero (`01` is 1, `' 1'` is 1 to strtol), more than 1.
    static func isPlainPID(_ text: String) -> Bool {
        guard let first = text.utf8.first, first != UInt8(ascii: "0"), text.utf8.count <= 10,
              text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return false }
        return (Int(text) ?? 0) > 1
    }

    /// A process name with no regular-expression syntax at all: what you see is what matches.
    static func isPlainName(_ text: String) -> Bool {
        guard !text.isEmpty, text.utf8.count <= 64, text.utf8.first != UInt8(ascii: "-") else { return false }
        return text.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "@")
        }
    }

    /// Processes whose loss stops every guest, the cluster, or the way in.
    static let protectedNames = ["kvm", "qemu-system-x86_64", "qemu-system-aarch64", "pvedaemon", "pveproxy", "pvestatd",
                                 "pve-firewall", "pve-ha-lrm", "pve-ha-crm", "pvescheduler", "pmxcfs", "corosync",
                                 "sshd", "systemd", "init", "lxc-start", "ceph-osd", "ceph-mon", "ceph-mgr", "spiceproxy",
                                 "dbus-daemon", "systemd-journald", "systemd-logind", "zed", "iscsid", "multipathd"]

    /// `pkill NAME` matches NAME anywhere in the process name, so `pkill em` reaches `systemd`.
    static func protectedMatch(_ name: String, substring: Bool) -> String? {
        substring ? protectedSubstrings[name] : (protectedExact.contains(name) ? name : nil)
    }

    private static let protectedExact = Set(protectedNames)
    /// Every substring of every protected name → that name: one look-up per pattern, no search.
    private static let protectedSubstrings: [String: String] = {
        var table: [String: String] = [:]
        for name in protectedNames {
            let characters = Array(name)
            for start in characters.indices {
                for end in (start + 1)...characters.count where table[String(characters[start..<end])] == nil {
                    table[String(characters[start..<end])] = name
                }
            }
        }
        return table
    }()
}

extension SpecRefinements {
    /// `kill [-SIG | -s SIG | -n NUM] [--] PID…`, as procps `kill` and bash's builtin read it.
    static let kill: SpecRefinement = { parsed, judgement in
        let words = parsed.operands
        var index = 0
        var signal: String? = nil
        var listing = false
        var optionsDone = false
        while index < words.count {
            guard let word = words[index].literal else {
                judgement.effect = judgement.effect.joined(.deny("`kill` target `\(OptionParserClip.clip(words[index].display))` is only known at run time (it could be -1: every process)"))
                return
            }
            if optionsDone || !word.hasPrefix("-") || word == "-" { break }
            index += 1
            switch word {
            case "--": optionsDone = true
            case "-l", "-L", "--list", "--table": listing = true
            case "-s", "-n", "--signal":
                guard index < words.count, let value = words[index].literal else {
                    judgement.effect = judgement.effect.joined(.deny("`kill \(word)` has no signal it can read"))
                    return
                }
                signal = value
                index += 1
            default:
                // `-9`, `-KILL`, `-SIGKILL`: a signal, and only in the first position.
                guard signal == nil, index == 1 else {
                    judgement.effect = judgement.effect.joined(.deny("`kill \(OptionParserClip.clip(word))` could name a process group or every process"))
                    return
                }
                signal = String(word.dropFirst())
            }
        }
        // `kill -l [SIGNAL]` only names signals.
        if listing { return }
        let targets = words[index...]
        guard !targets.isEmpty else {
            judgement.effect = judgement.effect.joined(.ask("`kill` without a PID"))
            return
        }
        for target in targets {
            guard let text = target.literal, ProcessTargets.isPlainPID(text) else {
                let shown = OptionParserClip.clip(target.display)
                judgement.effect = judgement.effect.joined(.deny("`kill` target `\(shown)` is not a plain PID above 1 (the kernel reads it as init, a process group, or every process)"))
                return
            }
        }
        if signal == "0" { return }
        judgement.effect = judgement.effect.joined(.ask("`kill` sends a signal to \(targets.map { $0.display }.prefix(5).joined(separator: " "))"))
    }

    /// `pkill`/`killall`/`pgrep`: names only, matched without a regex engine.
    static func killByName(substring: Bool, kills: Bool) -> SpecRefinement {
        { parsed, judgement in
            let program = judgement.normalized.program
            let verb = kills ? "signals" : "lists"
            if kills && parsed.operands.isEmpty {
                judgement.effect = judgement.effect.joined(.ask("`\(program)` without a name"))
            }
            for operand in parsed.operands {
                guard let name = operand.literal else {
                    judgement.effect = judgement.effect.joined(Effect(kind: kills ? .deny : .read,
                        reason: "`\(program)` name `\(OptionParserClip.clip(operand.display))` is only known at run time"))
                    continue
                }
                guard ProcessTargets.isPlainName(name) else {
                    if kills { judgement.effect = judgement.effect.joined(.ask("`\(program) \(OptionParserClip.clip(name))` uses pattern syntax; it \(verb) whatever that matches")) }
                    continue
                }
                let exact = !substring || parsed.options.contains { $0.spec.names.contains("-x") }
                if kills, let hit = ProcessTargets.protectedMatch(name, substring: !exact) {
                    judgement.effect = judgement.effect.joined(.deny("`\(program) \(name)` reaches `\(hit)`, which stops guests, the cluster or remote access"))
                }
            }
            if kills {
                judgement.effect = judgement.effect.joined(.ask("`\(program)` sends a signal to every process it matches"))
            }
        }
    }
}
