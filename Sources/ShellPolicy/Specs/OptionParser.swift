/// Reads arguments the way the program's own option parser does (see `OptionStyle`), so that the
/// policy and the program agree on which word is an option, which is its value and which is an operand.
/// One pass over the arguments; every argument costs one table look-up or one pass over the spec's
/// long names.
enum OptionParser {
    /// More options than any real command line has: beyond it the parse stops and denies, so that a
    /// 100 KB cluster (`-aaaa…`) costs a bounded amount of work.
    static let optionBudget = 4_096

    static func parse(_ arguments: [ArgumentValue], spec: ProgramSpec) -> ParsedArguments {
        parse(arguments[...], compiled: CompiledSpec(spec), stopAtOperand: !spec.subcommands.isEmpty)
    }

    /// Parses `arguments` (a slice whose indices are the invocation's argument positions). With
    /// `stopAtOperand`, the first operand and everything after it are operands (a subcommand follows).
    static func parse(_ arguments: ArraySlice<ArgumentValue>, compiled: CompiledSpec, stopAtOperand: Bool) -> ParsedArguments {
        var reader = Reader(arguments: arguments, compiled: compiled)
        let spec = compiled.spec
        switch spec.style {
        case .operandsOnly:
            reader.restAreOperands(from: arguments.startIndex)
            return reader.parsed
        case .gnuOldStyleFirst:
            reader.oldStyleLetters()
        case .gnu, .gnuStopAtOperand, .longOnly, .keyValue:
            break
        }
        let stops = stopAtOperand || spec.style == .gnuStopAtOperand
        while reader.index < arguments.endIndex, !reader.exhausted {
            let position = reader.index
            reader.index += 1
            guard let text = arguments[position].literal else {
                // `pve*` or `/var/log/$(date +%F)`-style words start with a plain character and expand without word
                // splitting: they are operands, never options.
                if arguments[position].cannotBeOption {
                    reader.operand(at: position)
                    if stops { reader.restAreOperands(from: reader.index); break }
                    continue
                }
                reader.runtimeArgument(at: position, written: arguments[position].display)
                if stops { reader.restAreOperands(from: reader.index); break }
                continue
            }
            if text == "--" { reader.restAreOperands(from: reader.index); break }
            if text == "-" || !text.hasPrefix("-") || (spec.style == .keyValue && text.contains("=")) {
                reader.operand(at: position)
                if stops { reader.restAreOperands(from: reader.index); break }
                continue
            }
            if spec.style == .longOnly {
                reader.longOption(text.hasPrefix("--") ? text.dropFirst(2) : text.dropFirst(1), written: text, at: position, longOnly: true)
            } else if text.hasPrefix("--") {
                reader.longOption(text.dropFirst(2), written: text, at: position, longOnly: false)
            } else {
                reader.cluster(text, at: position)
            }
        }
        return reader.parsed
    }

    private struct Reader {
        let arguments: ArraySlice<ArgumentValue>
        let compiled: CompiledSpec
        var index: Int
        var parsed = ParsedArguments()
        private var reportedRuntime = false
        private(set) var exhausted = false

        init(arguments: ArraySlice<ArgumentValue>, compiled: CompiledSpec) {
            self.arguments = arguments
            self.compiled = compiled
            self.index = arguments.startIndex
        }

        var program: String { compiled.spec.name }

        mutating func operand(at position: Int) {
            parsed.operands.append(arguments[position])
            parsed.operandIndices.append(position)
        }

        mutating func restAreOperands(from start: Int) {
            var position = start
            while position < arguments.endIndex { operand(at: position); position += 1 }
            index = arguments.endIndex
        }

        /// Only the first problems are kept (and any stricter one): 10 000 unknown options make one verdict.
        mutating func problem(_ effect: Effect) {
            if parsed.problems.count < 8 || !parsed.problems.contains(where: { $0.kind >= effect.kind }) {
                parsed.problems.append(effect)
            }
        }

        mutating func unknownOption(_ written: String) {
            problem(.ask("`\(program)` option `\(Self.clip(written))` is not in its specification"))
        }

        /// An expansion where an option could be may become any option, even several words: it costs
        /// the strictest thing the spec's options could do, and it may also be operands.
        mutating func runtimeArgument(at position: Int, written: String) {
            operand(at: position)
            guard !reportedRuntime else { return }
            reportedRuntime = true
            if let effect = compiled.runtimeArgument { problem(effect) }
            for access in compiled.runtimePathAccesses {
                parsed.possiblePaths.append(PathUse(path: .unknown(written), access: access,
                                                    by: "`\(program)` (an option only known at run time)"))
            }
        }

        mutating func record(_ option: Int, written: String, value: ArgumentValue?, at position: Int, valueIndex: Int?) {
            guard parsed.options.count < OptionParser.optionBudget else {
                if !exhausted {
                    exhausted = true
                    parsed.problems.append(.deny("`\(program)` has more than \(OptionParser.optionBudget) options; the policy reads no further"))
                }
                return
            }
            parsed.options.append(ParsedArguments.Option(spec: compiled.spec.options[option], written: written,
                                                         value: value, index: position, valueIndex: valueIndex))
        }

        /// The separate value of a required argument: the next argument, whatever it looks like.
        mutating func nextValue(for written: String, option: Int, at position: Int) {
            if index < arguments.endIndex {
                record(option, written: written, value: arguments[index], at: position, valueIndex: index)
                index += 1
            } else {
                problem(.ask("`\(program) \(Self.clip(written))` needs a value; the program would refuse it"))
            }
        }

        mutating func nextPair(for written: String, option: Int, at position: Int) {
            if index + 1 < arguments.endIndex {
                record(option, written: written, value: arguments[index + 1], at: position, valueIndex: index + 1)
                index += 2
            } else {
                index = arguments.endIndex
                problem(.ask("`\(program) \(Self.clip(written))` needs two values; the program would refuse it"))
            }
        }

        mutating func longOption(_ body: Substring, written: String, at position: Int, longOnly: Bool) {
            let name: Substring
            let attached: Substring?
            if let equals = body.firstIndex(of: "=") {
                name = body[..<equals]
                attached = body[body.index(after: equals)...]
            } else {
                name = body
                attached = nil
            }
            guard !name.isEmpty else { return unknownOption(written) }
            let match: CompiledSpec.LongMatch
            // `getopt_long_only` reads a one-dash word naming a short option as that option, before prefixes.
            if longOnly, !written.hasPrefix("--"), name.count == 1, let letter = name.first,
               let short = compiled.shortOptions[letter], compiled.longOptions[String(name)] == nil {
                match = .option(short)
            } else {
                match = compiled.matchLong(String(name))
            }
            switch match {
            case .none:
                unknownOption(written)
            case .ambiguous(let candidates):
                let list = candidates.prefix(4).map { "--\($0)" }.joined(separator: ", ")
                problem(.ask("`\(program) \(Self.clip(written))` is ambiguous (\(list)); the program would refuse it"))
            case .option(let option):
                let writtenName = written[..<(written.firstIndex(of: "=") ?? written.endIndex)]
                switch compiled.spec.options[option].argument {
                case .none:
                    if attached != nil {
                        problem(.ask("`\(program) \(writtenName)` takes no value; the program would refuse `\(Self.clip(written))`"))
                    } else {
                        record(option, written: written, value: nil, at: position, valueIndex: nil)
                    }
                case .required:
                    if let attached {
                        record(option, written: String(writtenName), value: .literal(String(attached)), at: position, valueIndex: nil)
                    } else {
                        nextValue(for: written, option: option, at: position)
                    }
                case .pair:
                    if attached != nil {
                        problem(.ask("`\(program) \(writtenName)` takes two separate values; the program would refuse `\(Self.clip(written))`"))
                    } else {
                        nextPair(for: written, option: option, at: position)
                    }
                case .optional:
                    if let attached {
                        record(option, written: String(writtenName), value: .literal(String(attached)), at: position, valueIndex: nil)
                    } else if longOnly, index < arguments.endIndex, !(arguments[index].literal?.hasPrefix("-") ?? false),
                              !(arguments[index].display.hasPrefix("-")) {
                        // Perl's Getopt::Long (`name:s`) takes the next word when it does not look like an option.
                        record(option, written: written, value: arguments[index], at: position, valueIndex: index)
                        index += 1
                    } else {
                        record(option, written: written, value: nil, at: position, valueIndex: nil)
                    }
                }
            }
        }

        /// `-abc`, `-n5`, `-n 5`: letters until one takes a value, which is the rest or the next argument.
        mutating func cluster(_ text: String, at position: Int) {
            var rest = text.dropFirst()
            while let letter = rest.first, !exhausted {
                rest = rest.dropFirst()
                guard let option = compiled.shortOptions[letter], let written = compiled.shortWritten[letter] else {
                    unknownOption("-\(letter)")
                    // The program stops at the first unknown letter; what follows is not read as options.
                    return
                }
                switch compiled.spec.options[option].argument {
                case .none:
                    record(option, written: written, value: nil, at: position, valueIndex: nil)
                case .required:
                    if rest.isEmpty {
                        nextValue(for: written, option: option, at: position)
                    } else {
                        record(option, written: written, value: .literal(String(rest)), at: position, valueIndex: nil)
                    }
                    return
                case .optional:
                    record(option, written: written, value: rest.isEmpty ? nil : .literal(String(rest)), at: position, valueIndex: nil)
                    return
                case .pair:
                    if rest.isEmpty { nextPair(for: written, option: option, at: position) } else { unknownOption(text) }
                    return
                }
            }
        }

        /// GNU tar's old style: `tar czf x.tgz dir` is `tar -c -z -f x.tgz dir`.
        mutating func oldStyleLetters() {
            guard index < arguments.endIndex, let first = arguments[index].literal,
                  !first.isEmpty, !first.hasPrefix("-") else { return }
            let position = index
            index += 1
            for letter in first where !exhausted {
                guard let option = compiled.shortOptions[letter] else {
                    unknownOption("-\(letter)")
                    continue
                }
                if compiled.spec.options[option].argument == .pair {
                    nextPair(for: "-\(letter)", option: option, at: position)
                } else if compiled.spec.options[option].argument == .required {
                    nextValue(for: "-\(letter)", option: option, at: position)
                } else {
                    record(option, written: "-\(letter)", value: nil, at: position, valueIndex: nil)
                }
            }
        }

        static func clip(_ text: String) -> String { OptionParserClip.clip(text) }
    }
}
