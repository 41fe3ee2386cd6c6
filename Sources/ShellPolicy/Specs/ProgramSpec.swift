/// Policy v3: a program's whole policy in one declarative value.
///
/// A `ProgramSpec` says how the program's own option parser reads its arguments (GNU
/// `getopt_long` with clusters, abbreviations and `--x=v`; POSIX stop-at-first-operand; Proxmox's
/// `-name value`; old-style `tar` letters; `dd`'s `key=value`), what each option does, what its
/// operands are, and what running it amounts to. `ProgramCatalog.judge` reads a spec with the one
/// shared `OptionParser`; nothing else in the policy knows a program's options.
///
/// Treat every program as a GTFOBins entry: an option that is not listed is unknown, and an
/// unknown option makes the invocation `ask`.

/// What running something amounts to, before the host's mode turns it into a verdict.
///
/// - `read-only` mode: `.read` → allow; `.change`, `.ask`, `.deny` → deny.
/// - `guarded` mode: `.read`, `.change` → allow; `.ask` → ask; `.deny` → deny.
enum EffectClass: Int, Sendable, Hashable, Comparable, CaseIterable {
    /// Reads state; changes nothing on the node, reveals no secret, sends nothing away.
    case read
    /// An everyday, recoverable change an operator makes unattended (`qm start`, `apt update`).
    case change
    /// Destructive, secret-revealing, or simply not known to be safe: a person must approve it.
    case ask
    /// What would run cannot be known before it runs (runs code, a script file, …): never runs.
    case deny

    static func < (lhs: EffectClass, rhs: EffectClass) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// An effect with the reason a person reads (nil for `.read`).
struct Effect: Sendable, Hashable {
    var kind: EffectClass
    var reason: String?

    static let read = Effect(kind: .read, reason: nil)
    static func change(_ reason: String) -> Effect { Effect(kind: .change, reason: reason) }
    static func ask(_ reason: String) -> Effect { Effect(kind: .ask, reason: reason) }
    static func deny(_ reason: String) -> Effect { Effect(kind: .deny, reason: reason) }

    /// The stricter of two effects (the first one's reason on a tie).
    func joined(_ other: Effect) -> Effect { other.kind > kind ? other : self }
}

/// How a program's own parser reads options.
enum OptionStyle: Sendable, Hashable {
    /// GNU `getopt_long`: short clusters (`-rf`, `-n5`), `--long`, `--long=v`, unambiguous
    /// abbreviations of long names, options anywhere (permutation), `--` ends options.
    case gnu
    /// Like `.gnu`, but the first operand ends the options (`+` in the optstring, POSIXLY_CORRECT):
    /// `env`, `sudo`, `nice`, `timeout`, `xargs`, `nohup`.
    case gnuStopAtOperand
    /// Long options only, also with ONE dash (`getopt_long_only`, Perl's Getopt::Long as Proxmox's CLIs
    /// use it): `-name value`, `--name value`, `--name=value`, unique prefixes (`-forc 1` is `--force 1`),
    /// options anywhere.
    case longOnly
    /// `dd`: operands are `key=value`; see `OperandSpec.keyValue`.
    case keyValue
    /// `.gnu`, and a first argument without a dash is a cluster of short letters whose values are the
    /// arguments that follow it, in order (GNU `tar`'s old style: `tar czf x.tgz dir`, `tar cfb f 20`).
    case gnuOldStyleFirst
    /// No option parsing at all: every argument is an operand and the refinement reads them
    /// (`find`'s expression, `ps`'s BSD letters, `test`'s operators).
    case operandsOnly
}

/// Whether an option takes a value, as its parser reads it.
enum OptionArgument: Sendable, Hashable {
    case none
    /// `-o FILE`, `-oFILE`, `--output FILE`, `--output=FILE`.
    case required
    /// GNU optional arguments: only attached (`-oFILE`, `--output=FILE`); `--output FILE` is no value.
    case optional
    /// Two separate arguments (`jq --arg NAME VALUE`, `--slurpfile NAME FILE`); the second is the value.
    case pair
}

/// What an option does.
enum OptionEffect: Sendable, Hashable {
    /// Changes nothing and reveals nothing (formatting, filters, verbosity).
    case safe
    /// The option's value is a file that is written (`-o FILE`); checked against the writable places.
    case writesFile(truncates: Bool)
    /// The option's value is a file that is read (`-f FILE`, `--cursor-file` read side); checked against the secret places.
    case readsFile
    /// The program runs the option's value, or code, or another program (`--to-command`, `-e CMD`): deny.
    case runs(String)
    /// The program reads and runs a file named by the option's value as code (`sed -f`, `awk -f`): deny.
    case runsFile
    /// Any other effect, with its class (e.g. `.ask("`-D` deletes …")`, `.change("…")`).
    case effect(Effect)
    /// The program changes directory first (`env -C`, `unshare --wd`): relative paths become unknown.
    case changesDirectory
}

/// One option with every name it answers to.
struct OptionSpec: Sendable, Hashable {
    /// `"-o"`, `"--output"`; for `.longOnly` programs write them with two dashes (`"--force"`).
    var names: [String]
    var argument: OptionArgument
    var effect: OptionEffect

    init(_ names: [String], _ argument: OptionArgument = .none, _ effect: OptionEffect = .safe) {
        self.names = names
        self.argument = argument
        self.effect = effect
    }
}

/// What a program's operands (non-option arguments) are.
enum OperandSpec: Sendable, Hashable {
    /// Values that name no file (`echo` text, a VMID, a unit name, a pattern).
    case values
    /// Files that are read (`cat`, `grep` after its pattern — see `skipping`).
    case readFiles
    /// Files that are written (`touch`, `tee`), truncating or not.
    case writeFiles(truncates: Bool)
    /// The first `count` operands are values, the rest follow `then` (`grep PATTERN FILE…`).
    indirect case skipping(Int, then: OperandSpec)
    /// The operands, from the first one, are a command this program runs (`nice`, `timeout 5 CMD`
    /// after `skipping`); the judge checks that command as if it were typed.
    case command
    /// One operand is shell code that is run (`sh -c CODE`); the judge parses, checks and re-renders it.
    case script
    /// `key=value` operands (`dd if=… of=…`), each key with its effect.
    case keyValue([String: OptionEffect])
}

/// The arguments as a spec's option parser read them.
struct ParsedArguments: Sendable, Hashable {
    struct Option: Sendable, Hashable {
        var spec: OptionSpec
        /// As written: `-o`, `--out` (an abbreviation), `-forc`.
        var written: String
        var value: ArgumentValue?
        /// Where the option was written in the judged invocation's arguments.
        var index: Int = 0
        /// Where its value is, when it is a separate argument (nil: attached or no value).
        var valueIndex: Int? = nil
    }
    var options: [Option] = []
    var operands: [ArgumentValue] = []
    /// What made the parse uncertain (an unknown or ambiguous option, an argument only known at run
    /// time where an option could be): each already an effect (`.ask` or `.deny`) with its reason.
    var problems: [Effect] = []
    /// Where each operand is in the judged invocation's arguments (parallel to `operands`).
    var operandIndices: [Int] = []
    /// Files an argument only known at run time could name through one of the spec's options
    /// (`grep $X` could be `grep -f/etc/shadow`): the judge checks them like any other path.
    var possiblePaths: [PathUse] = []
}

/// Code a spec needs beyond declarations (a `sed` script, an `awk` program, `kill` PIDs, an API path):
/// it reads the parsed arguments and may make the judgement stricter, never laxer than the spec says.
typealias SpecRefinement = @Sendable (ParsedArguments, inout ProgramJudgement) -> Void

/// A program, or a subcommand of one (`qm list`, `zfs get`).
struct ProgramSpec: Sendable {
    /// The basename (`qm`), or the subcommand word (`list`).
    var name: String
    var style: OptionStyle = .gnu
    var options: [OptionSpec] = []
    var operands: OperandSpec = .values
    /// What running it with known-safe options amounts to.
    var effect: Effect = .read
    /// When non-empty, the first operand names a subcommand; options before it are this spec's.
    var subcommands: [ProgramSpec] = []
    /// A first operand that names no listed subcommand (nil: "`prog sub` is not on the allow-list" → ask).
    var unknownSubcommand: Effect? = nil
    var refine: SpecRefinement? = nil
    /// Long option names match whatever their case (Perl's Getopt::Long default `ignore_case`, which
    /// Proxmox's CLIs keep: `--HOOKSCRIPT` is `--hookscript`). Option names in the spec are lower case.
    var ignoresCase = false

    init(_ name: String, style: OptionStyle = .gnu, options: [OptionSpec] = [], operands: OperandSpec = .values,
         effect: Effect = .read, subcommands: [ProgramSpec] = [], unknownSubcommand: Effect? = nil,
         refine: SpecRefinement? = nil) {
        self.name = name
        self.style = style
        self.options = options
        self.operands = operands
        self.effect = effect
        self.subcommands = subcommands
        self.unknownSubcommand = unknownSubcommand
        self.refine = refine
    }
}
