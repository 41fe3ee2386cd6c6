/// iproute2's `ip` and `bridge`: `PROG [OPTIONS] OBJECT [COMMAND [ARGS]]`, where options (one dash),
/// objects and commands are all matched by prefix, the first entry of iproute2's own table winning
/// (`ip a` is `address`, `ip ro` is `route`). Showing is a read; anything that changes the network can
/// cut the node off and asks; `ip netns exec`/`ip vrf exec` run an inner command.
enum IPRoute2Command {
    struct Object {
        var name: String
        /// Every command is a read (`monitor`), or every command asks (`xfrm` shows IPsec keys).
        var always: EffectClass? = nil
    }

    static let ipObjects: [Object] = [
        Object(name: "address"), Object(name: "addrlabel"), Object(name: "maddress"), Object(name: "route"),
        Object(name: "rule"), Object(name: "neighbor"), Object(name: "neighbour"), Object(name: "ntable"),
        Object(name: "ntbl"), Object(name: "link"), Object(name: "l2tp"), Object(name: "fou"), Object(name: "ila"),
        Object(name: "macsec"), Object(name: "tunnel"), Object(name: "tuntap"), Object(name: "tap"),
        Object(name: "token"), Object(name: "tcpmetrics"), Object(name: "tcp_metrics"),
        Object(name: "monitor", always: .read), Object(name: "xfrm", always: .ask), Object(name: "mroute"),
        Object(name: "mrule"), Object(name: "netns"), Object(name: "netconf"), Object(name: "vrf"), Object(name: "sr"),
        Object(name: "nexthop"), Object(name: "mptcp"), Object(name: "ioam"), Object(name: "stats"),
        Object(name: "help", always: .read),
    ]
    static let bridgeObjects: [Object] = [
        Object(name: "link"), Object(name: "fdb"), Object(name: "mdb"), Object(name: "vlan"), Object(name: "vni"),
        Object(name: "monitor", always: .read), Object(name: "help", always: .read),
    ]
    static let readCommands = ["show", "list", "lst", "get", "showdump", "identify", "pids", "help"]
    /// Commands that change something; a word that abbreviates one of them is never read as `show`.
    static let changeCommands = ["add", "change", "chg", "replace", "prepend", "append", "test", "delete", "del",
                                 "set", "flush", "save", "restore", "exec", "attach", "detach", "unset", "update",
                                 "xstats", "afstats", "property", "encap", "dumpflush"]

    static func options(bridge: Bool) -> CompiledSpec {
        typealias O = OptionSpec
        var options: [OptionSpec] = [
            .runs("-b", "--batch", because: "reads commands from a file"), .value("-n", "--netns"),
            .flag("-s", "--stats", "--statistics"), .flag("-d", "--details"), .flag("-j", "--json"), .flag("-p", "--pretty"),
            .flag("-c", "--color", "--colour"), .flag("-o", "--oneline"), .flag("-t", "--timestamp"),
            .flag("-h", "--human", "--human-readable"), .flag("-N", "--Numeric"), .flag("-4"), .flag("-6"),
            .flag("-V", "--Version"), .flag("-a", "--all"), .flag("--force"), .flag("--help"),
        ]
        options += bridge ? [.flag("--compressvlans")] : O.list([
            .value("-f", "--family"), .value("-l", "--loops"), .value("--rcvbuf", "--rc"), .flag("-r", "--resolve"),
            .flag("--ts", "--tshort"), .flag("--br", "--brief"), .flag("--iec"), .flag("-B"), .flag("-M"), .flag("-0"),
            .flag("--echo"),
        ])
        return CompiledSpec(ProgramSpec(bridge ? "bridge" : "ip", style: .longOnly, options: options))
    }

    static let ipOptions = options(bridge: false)
    static let bridgeOptions = options(bridge: true)

    /// iproute2's `matches(word, name)`: `word` is a non-empty prefix of `name`.
    static func abbreviates(_ word: String, _ name: String) -> Bool { !word.isEmpty && name.hasPrefix(word) }

    static func refinement(bridge: Bool) -> SpecRefinement {
        let compiled = bridge ? bridgeOptions : ipOptions
        let objects = bridge ? bridgeObjects : ipObjects
        return { parsed, judgement in
            let program = judgement.normalized.program
            let inner = OptionParser.parse(parsed.operands[...], compiled: compiled, stopAtOperand: true)
            SpecRefinements.fold(options: inner, program: program, into: &judgement)
            let words = inner.operands
            guard let first = words.first else { return }
            guard let objectWord = first.literal else {
                judgement.effect = judgement.effect.joined(.deny("`\(program)` object `\(OptionParserClip.clip(first.display))` is only known at run time"))
                return
            }
            guard let object = objects.first(where: { abbreviates(objectWord, $0.name) }) else {
                judgement.effect = judgement.effect.joined(.ask("`\(program) \(OptionParserClip.clip(objectWord))` is not an object it knows"))
                return
            }
            judgement.normalized.subcommands = [object.name]
            judgement.normalized.operands = Array(words.dropFirst())
            if let always = object.always {
                if always > .read { judgement.effect = judgement.effect.joined(Effect(kind: always, reason: "`\(program) \(object.name)` shows or changes secrets (IPsec keys)")) }
                return
            }
            guard words.count > 1 else { return }
            guard let command = words[1].literal else {
                judgement.effect = judgement.effect.joined(.deny("`\(program) \(object.name)` command `\(OptionParserClip.clip(words[1].display))` is only known at run time"))
                return
            }
            if (object.name == "netns" || object.name == "vrf") && abbreviates(command, "exec") && command.count >= 2 {
                judgement.normalized.subcommands.append("exec")
                if words.count > 3 { judgement.inner.append(.argv(Array(words[3...]))) }
                else { judgement.effect = judgement.effect.joined(.ask("`\(program) \(object.name) exec` needs a name and a command")) }
                return
            }
            let changing = changeCommands.first { abbreviates(command, $0) }
            let reading = readCommands.first { abbreviates(command, $0) }
            if let reading, changing == nil {
                judgement.normalized.subcommands.append(reading)
                return
            }
            judgement.normalized.subcommands.append(changing ?? command)
            judgement.effect = judgement.effect.joined(.ask("`\(program) \(object.name) \(OptionParserClip.clip(command))` changes the node's network configuration"))
        }
    }
}
