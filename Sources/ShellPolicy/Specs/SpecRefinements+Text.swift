/// Refinements for text tools whose first operand may or may not be a file.
extension SpecRefinements {
    /// `grep PATTERN FILE…`, but `grep -e P FILE…` / `grep -f F FILE…`: every operand is a file.
    static let grep: SpecRefinement = { parsed, judgement in
        let program = judgement.normalized.program
        let patternGiven = !options(parsed, named: "-e").isEmpty || !options(parsed, named: "-f").isEmpty
        for (offset, operand) in parsed.operands.enumerated() where (patternGiven || offset > 0) && operand != .literal("-") {
            judgement.paths.append(PathUse(path: operand, access: .read, by: "`\(program)`"))
        }
    }

    /// `jq FILTER FILE…` (`-f` gives the filter instead); with `--args`/`--jsonargs` the rest are values.
    static let jq: SpecRefinement = { parsed, judgement in
        let filterFromFile = !options(parsed, named: "-f").isEmpty
        let positional = !options(parsed, named: "--args").isEmpty || !options(parsed, named: "--jsonargs").isEmpty
        guard !positional else { return }
        for (offset, operand) in parsed.operands.enumerated() where (filterFromFile || offset > 0) && operand != .literal("-") {
            judgement.paths.append(PathUse(path: operand, access: .read, by: "`jq`"))
        }
    }

    /// `less +CMD`, `more +/pattern`: initial pager commands. A line number, `G`/`F`/`g` or a plain
    /// search passes; anything else could be a shell escape (`!`), a pipe (`|`) or an editor (`v`).
    static let pagerCommands: SpecRefinement = { parsed, judgement in
        for operand in parsed.operands {
            guard let text = operand.literal ?? (operand.display.hasPrefix("+") ? operand.display : nil),
                  text.hasPrefix("+") else { continue }
            let command = text.dropFirst()
            let plain = command.isEmpty || command.allSatisfy(\.isNumber) || ["G", "F", "g"].contains(command)
                || (command.hasPrefix("/") && !command.contains(where: { "!|\n\r".contains($0) }))
            if !plain || operand.literal == nil {
                judgement.effect = judgement.effect.joined(.deny("`\(judgement.normalized.program) \(OptionParserClip.clip(text))` runs a pager command that may start a shell"))
            }
        }
    }

    /// binutils read `@FILE` as more arguments from FILE.
    static let responseFiles: SpecRefinement = { parsed, judgement in
        for operand in parsed.operands {
            guard let text = operand.literal, text.hasPrefix("@"), text.count > 1 else { continue }
            judgement.paths.append(PathUse(path: .literal(String(text.dropFirst())), access: .read,
                                           by: "`\(judgement.normalized.program) @file`"))
        }
    }
}
