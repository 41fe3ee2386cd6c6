import Testing
@testable import ShellPolicy

/// Reads the Proxmox, storage and services specs the way the catalog will, closely enough to test
/// their data and refinements before `OptionParser` and `ProgramCatalog.judge` land: subcommand words
/// by exact name; options by name or unique prefix of a long name (a `.longOnly` `-name` is read as
/// `--name`), short clusters (`-ll`, `-Ho name`), `--x=v`, `.required` values from the next word,
/// Getopt::Long's `:s` (next word unless it starts with `-`), `--` ending options; `$…` words are
/// `.unknown` and, where an option could be, cost the strictest effect any option has; an unlisted or
/// ambiguous option is an `.ask` problem. Refinements run leaf first, then each parent with its
/// subcommand word as first operand. (Checked against the catalog's own parser: same verdicts.)
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
        if let option = spec.options.first(where: { $0.names.contains(name) }) { return (option, attached) }
        guard name.hasPrefix("--") else { return nil }
        let candidates = spec.options.filter { $0.names.contains { $0.hasPrefix("--") && $0.hasPrefix(name) } }
        return candidates.count == 1 ? (candidates[0], attached) : nil
    }

    /// `-abc`, `-Ho name`: letters until one takes a value (the rest of the word, or the next word).
    private static func cluster(_ word: String, in spec: ProgramSpec, words: inout ArraySlice<String>,
                                into parsed: inout ParsedArguments) -> Bool {
        guard spec.style != .longOnly, !word.hasPrefix("--"), word.count > 2 else { return false }
        var letters = word.dropFirst()
        var found: [ParsedArguments.Option] = []
        while let letter = letters.first {
            letters = letters.dropFirst()
            guard let option = spec.options.first(where: { $0.names.contains("-\(letter)") }) else { return false }
            if option.argument == .none {
                found.append(.init(spec: option, written: "-\(letter)", value: nil))
                continue
            }
            if !letters.isEmpty {
                found.append(.init(spec: option, written: "-\(letter)", value: argument(String(letters))))
            } else if option.argument == .required, let next = words.first {
                found.append(.init(spec: option, written: "-\(letter)", value: argument(next)))
                words.removeFirst()
            } else {
                found.append(.init(spec: option, written: "-\(letter)", value: nil))
            }
            break
        }
        parsed.options += found
        return true
    }

    /// Reads `words` at one level: options and operands until `stopAtSubcommand` finds a subcommand word.
    private static func read(_ words: inout ArraySlice<String>, spec: ProgramSpec, into parsed: inout ParsedArguments,
                             stopAtSubcommand: Bool) {
        var endOfOptions = false
        while let word = words.first {
            if !endOfOptions, word == "--" { endOfOptions = true; words.removeFirst(); continue }
            if !endOfOptions, case .unknown = argument(word), let strictest = strictestOption(of: spec) {
                parsed.problems.append(strictest)
            }
            if endOfOptions || !word.hasPrefix("-") || word == "-" {
                if stopAtSubcommand { return }
                parsed.operands.append(argument(word))
                words.removeFirst()
                continue
            }
            words.removeFirst()
            guard let (option, attached) = lookup(word, in: spec) else {
                if !cluster(word, in: spec, words: &words, into: &parsed) {
                    parsed.problems.append(.ask("`\(spec.name) \(word)` is not in its specification"))
                }
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

    /// What an argument only known at run time could do if it turned out to be an option.
    private static func strictestOption(of spec: ProgramSpec) -> Effect? {
        let effects = spec.options.map { option -> Effect in
            switch option.effect {
            case .runs(let reason): return .deny(reason)
            case .runsFile: return .deny("`\(option.names[0])` runs a file")
            case .effect(let effect): return effect
            case .safe, .readsFile, .writesFile, .changesDirectory: return .read
            }
        }
        let strictest = effects.reduce(Effect.read) { $0.joined($1) }
        return strictest.kind == .read ? nil : strictest
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
                if case .unknown = argument(word) {
                    judgement.effect = judgement.effect.joined(.deny("the subcommand `\(word)` is only known at run time"))
                    return judgement
                }
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

    /// The files a command opens, as "read FILE", "write FILE" (appending or creating) or "truncate FILE".
    static func files(_ command: String) -> [String] {
        judge(command).paths.map { use in
            switch use.access {
            case .read: return "read \(use.path.display)"
            case .write(truncates: false): return "write \(use.path.display)"
            case .write(truncates: true): return "truncate \(use.path.display)"
            case .execute: return "execute \(use.path.display)"
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
