/// Policy v3 specs: time, certificates and corosync (`chronyc`, `openssl`, `corosync-cfgtool`,
/// `corosync-quorumtool`, `corosync-cmapctl`).
///
/// Sources read: chrony `client.c` (`getopt(argc, argv, "+46acdef:h:mnNp:v")`: options stop at the
/// command; no command = a prompt reading its input; `-m` makes every argument a command; which
/// commands change the daemon), openssl `apps/x509.c` and `apps/lib/opt.c` (`-name` or `--name`, exact;
/// `-engine`/`-provider*` load code, `-out`/`-signkey`/`-CAkey` write or use keys),
/// corosync `tools/corosync-cfgtool.c`, `tools/corosync-quorumtool.c`, `tools/corosync-cmapctl.c`
/// (their getopt strings).
extension ServicesSpecs {
    private static func flag(_ names: String..., effect: OptionEffect = .safe) -> OptionSpec { OptionSpec(names, .none, effect) }
    private static func value(_ names: String..., effect: OptionEffect = .safe) -> OptionSpec { OptionSpec(names, .required, effect) }

    private static let chronycOptions: [OptionSpec] = [
        flag("-4"), flag("-6"), flag("-a"), flag("-c"), flag("-d"), flag("-e"), value("-f"), flag("-n"), flag("-N"),
        flag("-v"), value("-p"),
        value("-h", effect: .effect(.ask("`chronyc -h` talks to another host's chronyd"))),
        flag("-m", effect: .effect(.ask("`chronyc -m` runs every argument as a command"))),
    ]

    static let chronyc = ProgramSpec("chronyc", style: .gnuStopAtOperand, options: chronycOptions, subcommands:
        ["tracking", "sources", "sourcestats", "activity", "ntpdata", "serverstats", "clients", "authdata", "selectdata",
         "rtcdata", "smoothing", "waitsync", "sourcename", "help"].map {
            ProgramSpec($0, style: .gnuStopAtOperand, options: [flag("-v"), flag("-a")])
        } + [ProgramSpec("manual", subcommands: [ProgramSpec("list")])]
        + ["makestep", "burst", "online", "offline", "add", "delete", "settime", "local", "maxdelay", "maxdelayratio",
           "maxdelaydevratio", "maxpoll", "minpoll", "minstratum", "polltarget", "reload", "dump", "writertc", "trimrtc",
           "cyclelogs", "refresh", "reset", "shutdown", "allow", "deny", "cmdallow", "cmddeny", "reselect",
           "reselectdist", "smoothtime", "rekey"].map {
            ProgramSpec($0, style: .gnuStopAtOperand, effect: .ask("`chronyc \($0)` changes chronyd or the clock"))
        },
        refine: { parsed, judgement in
            if parsed.operands.isEmpty, !parsed.options.contains(where: { $0.spec.names.first == "-v" }) {
                judgement.effect = judgement.effect.joined(.deny("`chronyc` without a command reads commands from its input"))
            }
        })

    private static let x509Options: [OptionSpec] = [
        "--noout", "--text", "--subject", "--issuer", "--dates", "--startdate", "--enddate", "--serial", "--fingerprint", "--sha256",
        "--sha1", "--sha384", "--sha512", "--md5", "--purpose", "--email", "--ocsp_uri", "--ocspid", "--pubkey", "--modulus",
        "--hash", "--subject_hash", "--issuer_hash", "--alias", "--trustout", "--nocert", "--help",
    ].map { OptionSpec([$0]) } + [
        OptionSpec(["--in"], .required, .readsFile), OptionSpec(["--inform"], .required), OptionSpec(["--ext"], .required),
        OptionSpec(["--nameopt"], .required), OptionSpec(["--certopt"], .required), OptionSpec(["--checkend"], .required),
        OptionSpec(["--outform"], .required),
        OptionSpec(["--out"], .required, .writesFile(truncates: true)),
        OptionSpec(["--engine", "--provider", "--provider-path", "--provparam"], .required, .runs("openssl `-engine`/`-provider` loads a shared library")),
        OptionSpec(["--signkey", "--key", "--CAkey", "--CA", "--req", "--x509toreq", "--passin", "--set_serial", "--days", "--new",
                    "--force_pubkey", "--extfile"], .required,
                   .effect(.ask("openssl `x509` signing and key options use private keys"))),
    ]

    static let openssl = ProgramSpec("openssl", style: .longOnly, subcommands: [
        ProgramSpec("x509", style: .longOnly, options: x509Options, refine: { parsed, judgement in
            if !parsed.options.contains(where: { $0.spec.names.first == "--noout" }) {
                judgement.effect = judgement.effect.joined(.ask("`openssl x509` without `-noout`"))
            }
        }),
        ProgramSpec("version", style: .longOnly, options: ["--a", "--v", "--b", "--o", "--f", "--p", "--d", "--e", "--c", "--r", "--m", "--help"].map { OptionSpec([$0]) }),
    ])

    static let corosyncCfgtool = ProgramSpec("corosync-cfgtool", options: [
        flag("-s"), flag("-n"), flag("-b"), value("-a"), value("-i"), flag("-h"),
        flag("-R", effect: .effect(.ask("`corosync-cfgtool -R` reloads corosync.conf on every node"))),
        flag("-H", effect: .effect(.ask("`corosync-cfgtool -H` shuts corosync down"))),
        value("-k", effect: .effect(.ask("`corosync-cfgtool -k` kills a node"))),
        value("-r", effect: .effect(.ask("`corosync-cfgtool -r` resets a link's state"))),
    ])

    static let corosyncQuorumtool = ProgramSpec("corosync-quorumtool", options: [
        flag("-s"), flag("-l"), flag("-m"), flag("-a"), flag("-i"), flag("-H"), flag("-f"), value("-o"), flag("-p"),
        value("-n"), flag("-h"), flag("-V"),
        value("-e", effect: .effect(.ask("`corosync-quorumtool -e` changes the expected votes"))),
        value("-v", effect: .effect(.ask("`corosync-quorumtool -v` changes a node's votes"))),
        flag("-c", effect: .effect(.ask("`corosync-quorumtool -c` cancels the quorum device"))),
    ])

    static let corosyncCmapctl = ProgramSpec("corosync-cmapctl", options: [
        value("-g"), flag("-b"), value("-m"), value("-t"), value("-T"), flag("-C"), flag("-h"),
        flag("-s", effect: .effect(.ask("`corosync-cmapctl -s` changes a runtime key"))),
        value("-d", effect: .effect(.ask("`corosync-cmapctl -d` deletes a runtime key"))),
        value("-D", effect: .effect(.ask("`corosync-cmapctl -D` deletes runtime keys"))),
        value("-p", effect: .effect(.ask("`corosync-cmapctl -p` loads runtime keys from a file"))),
    ])
}
