/// Policy v3 specs: network inspection (iproute2, iputils, bind9 tools, netcat, ethtool). Looking is
/// a read; anything that changes links, routes or addresses asks, because it can cut the node off.
enum NetworkSpecs {
    typealias O = OptionSpec

    static let all: [ProgramSpec] = TransferSpecs.all + [
        ProgramSpec("ip", style: .operandsOnly, refine: IPRoute2Command.refinement(bridge: false)),
        ProgramSpec("bridge", style: .operandsOnly, refine: IPRoute2Command.refinement(bridge: true)),
        ProgramSpec("ss", options: O.list([
            .writes("-D", "--diag"), .reads("-F", "--filter"),
            .asks("-K", "--kill", because: "`ss -K` closes the sockets it matches"),
            .value("-f", "--family"), .value("-A", "--query", "--socket"), .value("-N", "--net"), .value("--bpf-map-id"),
            .optionalValue("--cgroup"),
        ], O.letters("hVHnraloempiszZbE46tuwxdSMOT0"), O.longFlags("help", "version", "no-header", "numeric", "resolve",
            "all", "listening", "options", "extended", "memory", "processes", "info", "tos", "tipc", "vsock", "xdp",
            "summary", "events", "context", "contexts", "bpf", "bpf-maps", "inet-sockets", "ipv4", "ipv6", "packet",
            "tcp", "udp", "dccp", "raw", "unix", "sctp", "mptcp", "oneline", "threads", "no-queues"))),
        ProgramSpec("ping", options: O.list([
            .asks("-f", because: "`ping -f` floods the network"),
            .value("-c"), .value("-i"), .value("-w"), .value("-W"), .value("-s"), .value("-t"), .value("-I"), .value("-l"),
            .value("-m"), .value("-M"), .value("-N"), .value("-p"), .value("-Q"), .value("-S"), .value("-T"), .value("-e"),
            .value("-F"),
        ], O.letters("46aAbBdDhLnOqrRUvVCH3"))),
        ProgramSpec("ping6", options: O.list([.value("-c"), .value("-i"), .value("-w"), .value("-W"), .value("-s"),
            .value("-I")], O.letters("46nqvD"))),
        ProgramSpec("traceroute", options: O.list([.value("-f", "--first"), .value("-g", "--gateway"), .value("-i",
            "--interface"),
            .value("-m", "--max-hops"), .value("-N", "--sim-queries"), .value("-p", "--port"), .value("-t", "--tos"),
            .value("-l", "--flowlabel"), .value("-w", "--wait"), .value("-q", "--queries"), .value("-s", "--source"),
            .value("-z", "--sendwait"), .value("-M", "--module"), .value("-O", "--options"), .value("-P", "--protocol"),
            .value("--sport"), .value("--fwmark"), .optionalValue("--back")],
            O.letters("46dFITUnreAV"), O.longFlags("debug", "dont-fragment", "icmp", "tcp", "udp", "udplite", "dccp",
            "extensions", "as-path-lookups", "mtu", "version", "help"))),
        ProgramSpec("tracepath", options: O.list([.value("-l"), .value("-m"), .value("-p")], O.letters("46bnV"))),
        ProgramSpec("mtr", options: O.list([.value("-c", "--report-cycles"), .value("-i", "--interval"),
            .value("-s", "--psize"), .value("-a", "--address"), .value("-I", "--interface"), .value("-P", "--port"),
            .value("-m", "--max-ttl"), .value("-f", "--first-ttl"), .value("-o", "--order")],
            O.letters("46rwbnzjxCtuTSeVh"), O.longFlags("report", "report-wide", "show-ips", "no-dns", "json", "xml",
            "csv", "curses", "udp", "tcp", "version", "help"))),
        ProgramSpec("dig", options: O.list([
            .asks("-f", argument: .required, because: "`dig -f` sends every line of a file as a query"),
            .asks("-k", argument: .required, because: "`dig -k` uses a TSIG key file"),
            .value("-b"), .value("-c"), .value("-m"), .value("-p"), .value("-q"), .value("-t"), .value("-x"), .value("-y"),
        ], O.letters("46hiruv"))),
        ProgramSpec("host", options: O.list([.value("-c"), .value("-m"), .value("-N"), .value("-p"), .value("-R"),
            .value("-t"), .value("-W")], O.letters("46aACdlrsTUvVw"))),
        // nslookup reads `-type=mx`-style words itself; queries read from input are still only queries.
        ProgramSpec("nslookup", style: .operandsOnly),
        ProgramSpec("nc", options: O.list([
            .runs("-e", because: "runs a program with the connection as its input and output"),
            .runs("-c", because: "runs shell code with the connection as its input and output"),
            .writes("-o"),
            .asks("-l", because: "`nc -l` listens for connections"),
            .value("-I"), .value("-i"), .value("-M"), .value("-m"), .value("-O"), .value("-P"), .value("-p"), .value("-q"),
            .value("-s"), .value("-T"), .value("-V"), .value("-W"), .value("-w"), .value("-X"), .value("-x"),
        ], O.letters("46bCDdFhkNnrStUuvZz")), refine: SpecRefinements.netcat),
        ProgramSpec("ethtool", style: .operandsOnly, refine: SpecRefinements.ethtool),
    ]
}

extension SpecRefinements {
    /// `nc -z` only probes; any other `nc` sends its input to the other end.
    static let netcat: SpecRefinement = { parsed, judgement in
        if options(parsed, named: "-z").isEmpty {
            judgement.effect = judgement.effect.joined(.ask("`nc` sends its input to the other end"))
        }
    }

    /// `ethtool [-i|-S|-k|…] DEV`: the listed modes only show; every other mode changes the device
    /// (`-s`, `-K`, `-E` writes EEPROM, `-f` flashes firmware, `-t` runs a self-test that drops the link).
    static let ethtool: SpecRefinement = { parsed, judgement in
        let showing: Set<String> = ["-i", "--driver", "-S", "--statistics", "-k", "--show-features", "--show-offload",
            "-a", "--show-pause", "-c", "--show-coalesce", "-g", "--show-ring", "-l", "--show-channels", "-m",
            "--dump-module-eeprom", "--module-info", "-T", "--show-time-stamping", "-d", "--register-dump", "-e",
            "--eeprom-dump", "-P", "--show-permaddr", "-u", "--show-ntuple", "-n", "--show-nfc", "-x", "--show-rxfh-indir",
            "--show-rxfh", "--show-eee", "--show-priv-flags", "--show-fec", "--show-tunnels", "--show-module",
            "--show-pse", "--show-mm", "--show-plca", "--json", "-I", "--include-statistics", "-h", "--help",
            "--version", "-Q", "--per-queue", "--phy-statistics", "--cable-test-tdr"]
        for operand in parsed.operands {
            guard let word = operand.literal else {
                judgement.effect = judgement.effect.joined(.ask("an `ethtool` argument only known at run time may change the device"))
                return
            }
            if word.hasPrefix("-") && !showing.contains(word) {
                judgement.effect = judgement.effect.joined(.ask("`ethtool \(OptionParserClip.clip(word))` changes the network device"))
            }
        }
        if parsed.operands.contains(.literal("--cable-test-tdr")) {
            judgement.effect = judgement.effect.joined(.ask("`ethtool --cable-test-tdr` drops the link while it tests"))
        }
    }
}
