/// Refinements several specs share: operands whose meaning depends on their position or on an option.
extension SpecRefinements {
    /// Operands written by the program itself (`tee`, `cp FILE… DEST`) come first in `paths`; the
    /// program's name is how they are recognised.
    static func isOperandUse(_ use: PathUse, of program: String) -> Bool { use.by == "`\(program)`" }

    /// `uniq INPUT OUTPUT`: the second operand is written.
    static let secondOperandIsOutput: SpecRefinement = { parsed, judgement in
        guard parsed.operands.count >= 2 else { return }
        let output = parsed.operands[1]
        if let index = judgement.paths.firstIndex(where: { $0.path == output && $0.access == .read }) {
            judgement.paths.remove(at: index)
        }
        judgement.paths.append(PathUse(path: output, access: .write(truncates: true), by: "`\(judgement.normalized.program)` output"))
        judgement.effect = judgement.effect.joined(.change("`\(judgement.normalized.program)` writes its output file"))
    }

    /// `tee -a`: the files are appended to, not truncated.
    static let appendKeepsContents: SpecRefinement = { parsed, judgement in
        guard parsed.options.contains(where: { $0.spec.names.contains("-a") }) else { return }
        judgement.paths = judgement.paths.map { use in
            guard case .write = use.access, use.by == "`tee`" else { return use }
            return PathUse(path: use.path, access: .write(truncates: false), by: use.by)
        }
    }

    /// `date MMDDhhmm` sets the clock; `date +FORMAT` only prints.
    static let dateSetsClock: SpecRefinement = { parsed, judgement in
        for operand in parsed.operands where !(operand.literal?.hasPrefix("+") ?? false) {
            judgement.effect = judgement.effect.joined(.ask("`date \(OptionParserClip.clip(operand.display))` sets the system clock"))
        }
    }

    /// Any operand changes something (`hostname NAME`).
    static func operandsAsk(_ why: String) -> SpecRefinement {
        { parsed, judgement in
            if !parsed.operands.isEmpty { judgement.effect = judgement.effect.joined(.ask("`\(judgement.normalized.program) …` \(why)")) }
        }
    }

    /// `cp SRC… DEST`, `ln TARGET… LINK`: without `-t`, the last operand is written; the others are read
    /// (`cp`) or only named (`ln`, whose targets are not opened).
    static func lastOperandIsTarget(readsSources: Bool) -> SpecRefinement {
        { parsed, judgement in
            let program = judgement.normalized.program
            let hasTargetOption = parsed.options.contains { $0.spec.names.contains("-t") }
            var sources = parsed.operands[...]
            if !hasTargetOption, let last = sources.last {
                if sources.count == 1 && program == "ln" {
                    // `ln -s TARGET` makes a link named after TARGET in the current directory.
                    let link: ArgumentValue = last.literal.map { .literal("./" + ProgramCatalog.basename($0)) } ?? .unknown("./" + last.display)
                    judgement.paths.append(PathUse(path: link, access: .write(truncates: false), by: "`ln`"))
                } else {
                    sources = sources.dropLast()
                    judgement.paths.append(PathUse(path: last, access: .write(truncates: true), by: "`\(program)`"))
                }
            }
            if readsSources {
                for source in sources where source != .literal("-") {
                    judgement.paths.append(PathUse(path: source, access: .read, by: "`\(program)`"))
                }
            }
        }
    }

    /// Every option that has a given name, in order.
    static func options(_ parsed: ParsedArguments, named name: String) -> [ParsedArguments.Option] {
        parsed.options.filter { $0.spec.names.contains(name) }
    }
}
