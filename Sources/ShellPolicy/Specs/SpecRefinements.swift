/// Folding a parse into a judgement, shared by the catalog and by refinements that re-read arguments.
enum SpecRefinements {
    /// Option effects, problems and possible paths of one parse.
    static func fold(options parsed: ParsedArguments, program: String, into judgement: inout ProgramJudgement) {
        for problem in parsed.problems { judgement.effect = judgement.effect.joined(problem) }
        judgement.paths += parsed.possiblePaths
        for option in parsed.options {
            let canonical = option.spec.names.first ?? option.written
            judgement.normalized.options[canonical, default: []].append(option.value?.display)
            if option.spec.effect == .safe { continue }
            apply(option.spec.effect, value: option.value, what: "`\(program) \(OptionParserClip.clip(option.written))`", into: &judgement)
        }
    }

    /// What one option (or `key=` operand) does with its value.
    static func apply(_ effect: OptionEffect, value: ArgumentValue?, what: String, into judgement: inout ProgramJudgement) {
        switch effect {
        case .safe:
            break
        case .writesFile(let truncates):
            // `-o -` is standard output, not a file named `-`.
            if let value, value != .literal("-") { judgement.paths.append(PathUse(path: value, access: .write(truncates: truncates), by: what)) }
        case .readsFile:
            if let value, value != .literal("-") { judgement.paths.append(PathUse(path: value, access: .read, by: what)) }
        case .runs(let why):
            judgement.effect = judgement.effect.joined(.deny("\(what) \(why)"))
        case .runsFile:
            if let value { judgement.paths.append(PathUse(path: value, access: .execute, by: what)) }
            judgement.effect = judgement.effect.joined(.deny("\(what) runs a file's contents as code"))
        case .effect(let effect):
            judgement.effect = judgement.effect.joined(effect)
        case .changesDirectory:
            judgement.changesDirectory = true
        }
    }

    /// Operands from `from` on, as `spec` says they are.
    static func fold(operands spec: OperandSpec, parsed: ParsedArguments, from: Int, program: String,
                     into judgement: inout ProgramJudgement) {
        let operands = parsed.operands
        guard from < operands.count else { return }
        switch spec {
        case .values:
            break
        case .readFiles:
            for operand in operands[from...] where operand != .literal("-") {
                judgement.paths.append(PathUse(path: operand, access: .read, by: "`\(program)`"))
            }
        case .writeFiles(let truncates):
            for operand in operands[from...] {
                judgement.paths.append(PathUse(path: operand, access: .write(truncates: truncates), by: "`\(program)`"))
            }
        case .skipping(let count, let then):
            fold(operands: then, parsed: parsed, from: from + count, program: program, into: &judgement)
        case .command:
            judgement.inner.append(.argv(Array(operands[from...])))
        case .script:
            judgement.inner.append(.script(argumentIndex: parsed.operandIndices[from]))
        case .keyValue(let keys):
            for operand in operands[from...] { keyValue(operand, keys: keys, program: program, into: &judgement) }
        }
    }

    private static func keyValue(_ operand: ArgumentValue, keys: [String: OptionEffect], program: String,
                                 into judgement: inout ProgramJudgement) {
        guard let text = operand.literal else {
            for key in keys.keys.sorted() {
                let effect = keys[key] ?? .safe
                switch effect {
                case .writesFile, .readsFile:
                    apply(effect, value: operand, what: "`\(program) \(key)=` (an operand only known at run time)", into: &judgement)
                default:
                    apply(effect, value: nil, what: "`\(program) \(key)=` (an operand only known at run time)", into: &judgement)
                }
            }
            return
        }
        guard let equals = text.firstIndex(of: "=") else {
            judgement.effect = judgement.effect.joined(.ask("`\(program)` operand `\(OptionParserClip.clip(text))` is not `key=value`"))
            return
        }
        let key = String(text[..<equals])
        guard let effect = keys[key] else {
            judgement.effect = judgement.effect.joined(.ask("`\(program)` operand `\(OptionParserClip.clip(key))=` is not in its specification"))
            return
        }
        judgement.normalized.options[key, default: []].append(String(text[text.index(after: equals)...]))
        apply(effect, value: .literal(String(text[text.index(after: equals)...])), what: "`\(program) \(key)=`", into: &judgement)
    }
}

/// Short builders, so that a spec reads like its man page's option list.
extension OptionSpec {
    static func flag(_ names: String...) -> OptionSpec { OptionSpec(names) }
    static func value(_ names: String...) -> OptionSpec { OptionSpec(names, .required) }
    static func optionalValue(_ names: String...) -> OptionSpec { OptionSpec(names, .optional) }
    static func writes(_ names: String..., argument: OptionArgument = .required, truncates: Bool = true) -> OptionSpec {
        OptionSpec(names, argument, .writesFile(truncates: truncates))
    }
    static func reads(_ names: String..., argument: OptionArgument = .required) -> OptionSpec {
        OptionSpec(names, argument, .readsFile)
    }
    static func runs(_ names: String..., argument: OptionArgument = .required, because why: String) -> OptionSpec {
        OptionSpec(names, argument, .runs(why))
    }
    static func asks(_ names: String..., argument: OptionArgument = .none, because why: String) -> OptionSpec {
        OptionSpec(names, argument, .effect(.ask(why)))
    }
    static func changes(_ names: String..., argument: OptionArgument = .none, because why: String) -> OptionSpec {
        OptionSpec(names, argument, .effect(.change(why)))
    }
    /// Many short flags at once: `flags("abcd")` is `-a`, `-b`, `-c`, `-d`, each on its own.
    static func letters(_ letters: String) -> [OptionSpec] { letters.map { OptionSpec(["-\($0)"]) } }
    /// Many safe long flags at once.
    static func longFlags(_ names: String...) -> [OptionSpec] { names.map { OptionSpec(["--\($0)"]) } }
    /// Many safe long options that take a value.
    static func longValues(_ names: String...) -> [OptionSpec] { names.map { OptionSpec(["--\($0)"], .required) } }
    /// Groups of options as one list (one call instead of `+` chains, which the type checker finds slow).
    static func list(_ groups: [OptionSpec]...) -> [OptionSpec] { groups.flatMap { $0 } }
    static let helpAndVersion: [OptionSpec] = [.flag("--help"), .flag("--version")]
}
