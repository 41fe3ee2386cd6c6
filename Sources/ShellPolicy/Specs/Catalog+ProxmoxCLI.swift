/// Policy v3: how Proxmox's own CLIs read their arguments, as spec-building helpers.
///
/// Sources read: pve-common `src/PVE/CLIHandler.pm` (`resolve_cmd`, `$expand_command_name`,
/// `$handle_cmd`, `$handle_simple_cmd`) and `src/PVE/JSONSchema.pm` (`get_options`).
/// - Options: `Getopt::Long` with `prefix_pattern=(--|-)`, unique prefixes, options anywhere. A boolean
///   property is `name:s` (its value is the next word unless that starts with `-`: `.optional`, which
///   the `.longOnly` parser reads that way); every other property is `name=s` (`.required`).
/// - Subcommands: a word that names no command is expanded when it is the unique prefix of one
///   (`qm dest 100` is `qm destroy 100`, `qm mon 100` is `qm monitor 100`); aliases
///   (`qm agent` → `guest cmd`) are exact names only and never prefix targets. `help` is added to
///   every program's top level.
/// - Leftover operands beyond the command's positional parameters are refused ("too many arguments"),
///   so a refinement may read operands by position.
enum PVECLI {
    /// A boolean API property: `--name`, `--name 1`, `--name=0`.
    static func flag(_ name: String, _ effect: OptionEffect = .safe) -> OptionSpec {
        OptionSpec(["--\(name)"], .optional, effect)
    }

    /// Any other API property (string, integer, enum, list): `--name VALUE`.
    static func value(_ name: String, _ effect: OptionEffect = .safe) -> OptionSpec {
        OptionSpec(["--\(name)"], .required, effect)
    }

    /// The standard output options (`PVE::RESTHandler::standard_output_options`) of commands that print.
    static let output: [OptionSpec] = [
        value("output-format"), flag("noheader"), flag("noborder"), flag("quiet"), value("human-readable"),
    ]

    /// Option lists joined, the first declaration of a name winning (API schemas merge the same way).
    static func merged(_ lists: [OptionSpec]...) -> [OptionSpec] {
        var seen = Set<String>()
        return lists.joined().filter { option in option.names.allSatisfy { seen.insert($0).inserted } }
    }

    /// One command with its API parameters (the node and the positional ones excluded).
    static func command(_ name: String, _ options: [OptionSpec] = [], effect: Effect = .read,
                        refine: SpecRefinement? = nil) -> ProgramSpec {
        perl(ProgramSpec(name, style: .longOnly, options: options, effect: effect, refine: refine))
    }

    /// A spec read the way PVE's `get_options` reads arguments (Getopt::Long, `ignore_case` on).
    static func perl(_ spec: ProgramSpec) -> ProgramSpec {
        var spec = spec
        spec.ignoresCase = true
        return spec
    }

    /// A command group (`qm guest …`, `qm disk …`).
    static func group(_ name: String, _ subcommands: [ProgramSpec]) -> ProgramSpec {
        perl(ProgramSpec(name, style: .longOnly, subcommands: subcommands))
    }

    /// A whole CLI: adds `help`, the unique-prefix spellings of every command, and the aliases
    /// (alias → the canonical words it stands for, e.g. `"agent": ["guest", "cmd"]`). Every command's
    /// judgement names its canonical subcommand path, whatever spelling was typed.
    static func program(_ name: String, _ commands: [ProgramSpec], aliases: [String: [String]] = [:],
                        refine: SpecRefinement? = nil) -> ProgramSpec {
        let help = command("help", [flag("verbose")])
        let expanded = expand(commands + [help], path: [], reserved: Set(aliases.keys))
        var level = expanded
        for (alias, target) in aliases.sorted(by: { $0.key < $1.key }) {
            guard var spec = find(target, in: expanded) else {
                preconditionFailure("\(name): alias \(alias) names no command \(target)")
            }
            spec.name = alias
            level.append(spec)
        }
        return perl(ProgramSpec(name, style: .longOnly, subcommands: level, refine: refine))
    }

    /// A CLI without subcommands (`vzdump`, `qmrestore`): `help` as its first word is special there.
    static func simple(_ name: String, _ options: [OptionSpec], effect: Effect,
                       refine: SpecRefinement? = nil) -> ProgramSpec {
        perl(ProgramSpec(name, style: .longOnly, options: options, effect: effect, refine: refine))
    }

    private static func expand(_ commands: [ProgramSpec], path: [String], reserved: Set<String> = []) -> [ProgramSpec] {
        var level: [ProgramSpec] = commands.map { command in
            var command = command
            let canonical = path + [command.name]
            if command.subcommands.isEmpty {
                let inner = command.refine
                command.refine = { parsed, judgement in
                    judgement.normalized.subcommands = canonical
                    inner?(parsed, &judgement)
                }
            } else {
                command.subcommands = expand(command.subcommands, path: canonical)
            }
            return command
        }
        let names = Set(commands.map(\.name))
        for command in level {
            for length in stride(from: command.name.count - 1, through: 1, by: -1) {
                let prefix = String(command.name.prefix(length))
                guard !names.contains(prefix), !reserved.contains(prefix), names.filter({ $0.hasPrefix(prefix) }).count == 1 else { continue }
                var spelling = command
                spelling.name = prefix
                level.append(spelling)
            }
        }
        return level
    }

    private static func find(_ path: [String], in level: [ProgramSpec]) -> ProgramSpec? {
        guard let first = path.first, let spec = level.first(where: { $0.name == first }) else { return nil }
        return path.count == 1 ? spec : find(Array(path.dropFirst()), in: spec.subcommands)
    }

    // MARK: Refinement helpers

    /// Options as parsed, by canonical name without dashes (`"skiplock"`).
    static func optionNames(_ parsed: ParsedArguments) -> [String] {
        parsed.options.map { String(($0.spec.names.first ?? $0.written).drop(while: { $0 == "-" })) }
    }

    /// Whether a boolean option is on as `PVE::JSONSchema` reads it: no value, or `1`/`yes`/`true`/`on`.
    static func isTrue(_ option: ParsedArguments.Option) -> Bool {
        guard let value = option.value else { return true }
        guard let text = value.literal else { return false }
        return ["1", "yes", "true", "on"].contains(text.lowercased())
    }

    /// The first option given with this canonical name (`"storage"`).
    static func option(_ name: String, in parsed: ParsedArguments) -> ParsedArguments.Option? {
        parsed.options.first(where: { $0.spec.names.first == "--\(name)" })
    }
}
