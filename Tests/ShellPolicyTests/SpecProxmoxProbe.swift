import Testing
@testable import ShellPolicy

/// Reads the Proxmox, storage and services specs the way the catalog will, closely enough to test
/// their data and refinements before `OptionParser` and `ProgramCatalog.judge` land: subcommand words
/// by exact name, options by exact name (a `.longOnly` `-name` is read as `--name`), `--x=v`,
/// `.required` values from the next word, Getopt::Long's `:s` (next word unless it starts with `-`),
/// `--` ending options, `$…` words as `.unknown`, an unlisted option as an `.ask` problem.
/// Refinements run leaf first, then each parent with its subcommand word as first operand.
enum SpecProbe {
    static let catalog: [ProgramSpec] = ProxmoxSpecs.all + StorageSpecs.all + ServicesSpecs.all

    static func program(_ name: String) -> ProgramSpec? { catalog.first { $0.name == name } }

    /// The spec at `path` ("qm guest cmd").
    static func spec(_ path: String) -> ProgramSpec? {
        let words = path.split(separator: " ").map(String.init)
        guard var level = program(words[0]) else { return nil }
        for word in words.dropFirst() {
            guard let next = level.subcommands.first(where: { $0.name == word }) else { return nil }
            level = next
        }
        return level
    }

    /// The option named `name` (any of its names) of the spec at `path`.
    static func option(_ name: String, of path: String) -> OptionSpec? {
        spec(path)?.options.first { $0.names.contains(name) }
    }

    /// The class an option's declared effect has before the judge checks its paths.
    static func effectClass(_ effect: OptionEffect) -> EffectClass {
        switch effect {
        case .safe, .readsFile, .changesDirectory, .writesFile: return .read
        case .runs, .runsFile: return .deny
        case .effect(let effect): return effect.kind
        }
    }

    private static func argument(_ word: String) -> ArgumentValue {
        word.hasPrefix("$") ? .unknown(word) : .literal(word)
    }

    private static func lookup(_ word: String, in spec: ProgramSpec) -> (OptionSpec, String?)? {
        var name = word
        var attached: String?
        if let equals = word.firstIndex(of: "="), word.hasPrefix("--") || spec.style == .longOnly {
            name = String(word[..<equals])
            attached = String(word[word.index(after: equals)...])
        }
        if spec.style == .longOnly, !name.hasPrefix("--") { name = "-" + name }
        guard let option = spec.options.first(where: { $0.names.contains(name) }) else { return nil }
        return (option, attached)
    }

    /// Reads `words` at one level: options and operands until `stopAtSubcommand` finds a subcommand word.
    private static func read(_ words: inout ArraySlice<String>, spec: ProgramSpec, into parsed: inout ParsedArguments,
                             stopAtSubcommand: Bool) {
        var endOfOptions = false
        while let word = words.first {
            if !endOfOptions, word == "--" { endOfOptions = true; words.removeFirst(); continue }
            if endOfOptions || !word.hasPrefix("-") || word == "-" {
                if stopAtSubcommand { return }
                parsed.operands.append(argument(word))
                words.removeFirst()
                continue
            }
            words.removeFirst()
            guard let (option, attached) = lookup(word, in: spec) else {
                parsed.problems.append(.ask("`\(spec.name) \(word)` is not in its specification"))
                continue
            }
            var value = attached.map(argument)
            if value == nil, option.argument == .required, let next = words.first {
                value = argument(next)
                words.removeFirst()
            } else if value == nil, option.argument == .optional, spec.style == .longOnly, let next = words.first,
                      !next.hasPrefix("-") {
                value = argument(next)
                words.removeFirst()
            }
            parsed.options.append(.init(spec: option, written: word, value: value))
        }
    }

    /// The judgement of `command` ("qm guest cmd 100 ping"), folded like the catalog folds it.
    static func judge(_ command: String) -> ProgramJudgement {
        var words = ArraySlice(command.split(separator: " ").map(String.init))
        let name = words.removeFirst()
        guard var level = program(name) else {
            return ProgramJudgement(effect: .ask("unknown program \(name)"), normalized: NormalizedInvocation(program: name))
        }
        var judgement = ProgramJudgement(effect: .read, normalized: NormalizedInvocation(program: name))
        var refinements: [(SpecRefinement, ParsedArguments)] = []
        while true {
            var parsed = ParsedArguments()
            read(&words, spec: level, into: &parsed, stopAtSubcommand: !level.subcommands.isEmpty)
            fold(parsed, into: &judgement)
            if !level.subcommands.isEmpty, let word = words.first {
                guard let sub = level.subcommands.first(where: { $0.name == word }) else {
                    judgement.effect = judgement.effect.joined(level.unknownSubcommand ?? .ask("`\(word)` is not on the allow-list"))
                    return judgement
                }
                parsed.operands = words.map(argument)
                if let refine = level.refine { refinements.append((refine, parsed)) }
                judgement.normalized.subcommands.append(word)
                words.removeFirst()
                level = sub
                continue
            }
            judgement.effect = judgement.effect.joined(level.effect)
            judgement.normalized.operands = parsed.operands
            if case .readFiles = level.operands {
                judgement.paths += parsed.operands.map { PathUse(path: $0, access: .read, by: level.name) }
            }
            if let refine = level.refine { refinements.append((refine, parsed)) }
            break
        }
        for (refine, parsed) in refinements.reversed() { refine(parsed, &judgement) }
        return judgement
    }

    private static func fold(_ parsed: ParsedArguments, into judgement: inout ProgramJudgement) {
        for problem in parsed.problems { judgement.effect = judgement.effect.joined(problem) }
        for option in parsed.options {
            switch option.spec.effect {
            case .safe, .changesDirectory: break
            case .writesFile(let truncates):
                if let value = option.value { judgement.paths.append(PathUse(path: value, access: .write(truncates: truncates), by: option.written)) }
            case .readsFile:
                if let value = option.value { judgement.paths.append(PathUse(path: value, access: .read, by: option.written)) }
            case .runs(let reason): judgement.effect = judgement.effect.joined(.deny(reason))
            case .runsFile: judgement.effect = judgement.effect.joined(.deny("`\(option.written)` runs a file"))
            case .effect(let effect): judgement.effect = judgement.effect.joined(effect)
            }
        }
    }

    /// Every spec with the path that reaches it ("qm guest cmd"), depth first.
    static func walk(_ visit: (String, ProgramSpec) -> Void) {
        func descend(_ path: String, _ spec: ProgramSpec) {
            visit(path, spec)
            for sub in spec.subcommands { descend(path + " " + sub.name, sub) }
        }
        for spec in catalog { descend(spec.name, spec) }
    }
}
