import Synchronization

/// Policy v3: every known program's spec, and the catalog's judgement of one invocation.
///
/// The module-wide surface of the spec work:
/// - `ProgramCatalog.judge(program:arguments:) -> ProgramJudgement` — looks the program up by basename,
///   reads its arguments with `OptionParser`, descends into subcommands, folds option and operand
///   effects into `effect`, `paths`, `inner`, `changesDirectory` and `environment`, applies each level's
///   `refine`, and fills `normalized`. An unknown program is `.ask`. The judge then checks the paths,
///   the inner commands and the environment words.
/// - `ProgramCatalog.spec(named:) -> ProgramSpec?` (by basename), `ProgramCatalog.names`, and
///   `ProgramCatalog.judge(_ spec:arguments:)` for a spec outside the catalog.
/// - `OptionParser.parse(_:spec:) -> ParsedArguments` — one spec's reading of an argv; stops with a
///   `.deny` problem beyond `OptionParser.optionBudget` options.
/// - Added to the fixed types: `OptionStyle.gnuOldStyleFirst` (tar letters), `.operandsOnly` (the
///   refinement reads everything); `OptionArgument.pair` (`jq --arg N V`); `ParsedArguments.operandIndices`,
///   `.possiblePaths`, `Option.index`/`.valueIndex`; `ProgramJudgement.environment`.
/// - Refinements other spec files can reuse: `SpecRefinements` (`fold`, `apply`, `options(_:named:)`,
///   `firstOperandAmong`, `assignmentsThenCommand`, `innerCommand`), `SedScriptScan`, `AwkProgramScan`,
///   `ProcessTargets`, `FindExpressionScan`, `IPRoute2Command`, `TextSearch`; `OptionSpec` builders
///   (`.flag`, `.value`, `.writes`, `.reads`, `.runs`, `.asks`, `.changes`, `letters`, `longFlags`, `list`).
/// Lookup is one dictionary access (built once); a judgement is linear in the size of the arguments.
enum ProgramCatalog {
    /// Generic programs first; a later file naming the same program does not replace it (a test
    /// checks that no two specs share a name).
    static let all: [ProgramSpec] = CoreutilsSpecs.all + FileToolSpecs.all + TextSpecs.all + ProcessSpecs.all
        + WrapperSpecs.all + ShellSpecs.all + NetworkSpecs.all + HardwareSpecs.all + ArchiveSpecs.all
        + SessionSpecs.all + ProxmoxSpecs.all + StorageSpecs.all + ServicesSpecs.all + FirewallDiskSpecs.all

    /// A program's spec, compiled on its first use: compiling all of them (every long option's
    /// prefixes, every subcommand) took ~70 ms and ~14 MB, paid by each CLI call that judged one.
    private final class Entry: Sendable {
        let spec: ProgramSpec
        private let built = Mutex<CompiledSpec?>(nil)

        init(_ spec: ProgramSpec) { self.spec = spec }

        var compiled: CompiledSpec {
            built.withLock { built in
                if let built { return built }
                let compiled = CompiledSpec(spec)
                built = compiled
                return compiled
            }
        }
    }

    private static let table: [String: Entry] = {
        var table: [String: Entry] = [:]
        for spec in all where table[spec.name] == nil { table[spec.name] = Entry(spec) }
        return table
    }()

    static var names: [String] { table.keys.sorted() }

    static func spec(named program: String) -> ProgramSpec? { table[basename(program)]?.spec }

    static func judge(program: String, arguments: [ArgumentValue]) -> ProgramJudgement {
        let name = basename(program)
        guard let compiled = table[name]?.compiled else {
            return ProgramJudgement(effect: .ask("`\(name)` is not on the allow-list of known programs"),
                                    normalized: NormalizedInvocation(program: name, operands: arguments))
        }
        return judge(compiled, name: name, arguments: arguments)
    }

    /// One spec's judgement, outside the catalog (tests, specs built at run time).
    static func judge(_ spec: ProgramSpec, arguments: [ArgumentValue]) -> ProgramJudgement {
        judge(CompiledSpec(spec), name: spec.name, arguments: arguments)
    }

    static func judge(_ compiled: CompiledSpec, name: String, arguments: [ArgumentValue]) -> ProgramJudgement {
        var judgement = ProgramJudgement(effect: .read, normalized: NormalizedInvocation(program: name))
        var refinements: [(SpecRefinement, ParsedArguments)] = []
        var level = compiled
        var start = arguments.startIndex
        var path = name
        while true {
            let hasSubcommands = !level.subcommands.isEmpty
            let parsed = OptionParser.parse(arguments[start...], compiled: level, stopAtOperand: hasSubcommands)
            SpecRefinements.fold(options: parsed, program: path, into: &judgement)
            if hasSubcommands, let word = parsed.operands.first {
                guard let literal = word.literal else {
                    judgement.effect = judgement.effect.joined(.deny("`\(path)` subcommand `\(OptionParserClip.clip(word.display))` is only known at run time"))
                    judgement.normalized.operands = parsed.operands
                    break
                }
                guard let sub = level.subcommands[literal] else {
                    let fallback = level.spec.unknownSubcommand ?? .ask("`\(path) \(OptionParserClip.clip(literal))` is not on the allow-list")
                    judgement.effect = judgement.effect.joined(fallback)
                    judgement.normalized.operands = parsed.operands
                    break
                }
                if let refine = level.spec.refine { refinements.append((refine, parsed)) }
                judgement.normalized.subcommands.append(literal)
                path += " " + literal
                level = sub
                start = parsed.operandIndices[0] + 1
                continue
            }
            judgement.effect = judgement.effect.joined(level.spec.effect)
            SpecRefinements.fold(operands: level.spec.operands, parsed: parsed, from: 0, program: path, into: &judgement)
            judgement.normalized.operands = parsed.operands
            if let refine = level.spec.refine { refinements.append((refine, parsed)) }
            break
        }
        for (refine, parsed) in refinements.reversed() { refine(parsed, &judgement) }
        return judgement
    }

    static func basename(_ program: String) -> String {
        guard let slash = program.lastIndex(of: "/") else { return program }
        return String(program[program.index(after: slash)...])
    }
}

/// Keeps messages short when an argument is huge.
enum OptionParserClip {
    static func clip(_ text: String) -> String {
        text.utf8.count <= 40 ? text : String(text.prefix(40)) + "…"
    }
}
