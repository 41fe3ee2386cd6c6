/// bash builtins that change the shell's own state (variables, directory, how later words are read):
/// tracked here or refused, because no program spec can describe them. Builtins that act like
/// programs (`echo`, `printf`, `test`, `kill`, …) are left to the catalog.
enum ShellBuiltins {
    private static func judgement(_ program: String, _ effect: Effect, inner: [InnerCommand] = [],
                                  operands: [ArgumentValue] = []) -> ProgramJudgement {
        ProgramJudgement(effect: effect, inner: inner, normalized: NormalizedInvocation(program: program, operands: operands))
    }

    /// Every builtin `judge` answers for (the `case` labels of its switch; a test checks they agree).
    static let names: Set<String> = [
        ":", "true", "false", "pwd", "times", "jobs", "wait", "exit", "return", "shift", "break", "continue", "umask",
        "ulimit", "caller", "dirs", "help", "disown", "logout", "type", "cd", "pushd", "popd", "eval", "source", ".",
        "alias", "unalias", "trap", "enable", "fc", "let", "bind", "complete", "compgen", "compopt", "history",
        "suspend", "coproc", "select", "hash", "command", "builtin", "exec", "export", "declare", "typeset", "local",
        "readonly", "unset", "read", "mapfile", "readarray", "set", "shopt", "test", "[", "printf",
    ]

    /// nil when `program` is not one of these builtins.
    static func judge(_ program: String, _ arguments: [ArgumentValue], judge: inout PolicyJudge) -> ProgramJudgement? {
        // One hash look-up for the common case (a program): the switch below compares strings one by one.
        guard names.contains(program) else { return nil }
        let values = arguments.map(\.literal)
        switch program {
        case ":", "true", "false", "pwd", "times", "jobs", "wait", "exit", "return", "shift", "break", "continue", "umask",
             "ulimit", "caller", "dirs", "help", "disown", "logout", "type":
            return judgement(program, .read, operands: arguments)
        case "cd", "pushd", "popd":
            judge.directoryKnown = false
            return judgement(program, .read, operands: arguments)
        case "eval":
            return judgement(program, .deny("`eval` runs text assembled at run time"))
        case "source", ".":
            return judgement(program, .deny("`\(program)` runs a script file, whose contents the policy cannot check"))
        case "alias", "unalias", "trap", "enable", "fc", "let", "bind", "complete", "compgen", "compopt", "history",
             "suspend", "coproc", "select":
            return judgement(program, .deny("the builtin `\(program)` changes how the shell runs later commands (or runs code itself), which the policy does not follow"))
        case "hash":
            if values.contains(where: { $0 == nil || $0!.hasPrefix("-p") || ($0!.hasPrefix("-") && $0!.contains("p")) }) {
                return judgement(program, .deny("`hash -p` binds a command name to another file"))
            }
            return judgement(program, .read)
        case "command":
            guard let first = values.first ?? nil else { return judgement(program, .read) }
            if first == "-v" || first == "-V" { return judgement(program, .read) }
            let start = first == "-p" ? 1 : 0
            return judgement(program, .read, inner: [.argv(Array(arguments.dropFirst(start)))])
        case "builtin":
            return judgement(program, .read, inner: [.argv(arguments)])
        case "exec":
            var start = 0
            while start < values.count, let value = values[start], value.hasPrefix("-") {
                if value == "--" { start += 1; break }
                guard value == "-c" || value == "-l" else {
                    return judgement(program, .deny("`exec \(value)` is not followed by the policy"))
                }
                start += 1
            }
            return judgement(program, .read, inner: start < arguments.count ? [.argv(Array(arguments[start...]))] : [])
        case "export", "declare", "typeset", "local", "readonly":
            return declaration(program, arguments, judge: &judge)
        case "unset":
            for value in values {
                guard let value else { return judgement(program, .deny("`unset` of a name only known at run time")) }
                if value == "-f" || value == "-v" { continue }
                if value.hasPrefix("-") { return judgement(program, .deny("`unset \(value)` is not followed by the policy")) }
                judge.note(EnvironmentRules.shellVariable(value))
            }
            return judgement(program, .read)
        case "read", "mapfile", "readarray":
            return variableWriter(program, arguments, valueOptions: program == "read" ? "tnNdpui" : "dnOsuc",
                                  forbidden: program == "read" ? "a" : "C", judge: &judge)
        case "set":
            return setBuiltin(values)
        case "shopt":
            let harmless: Set<String> = ["nullglob", "failglob", "dotglob", "globstar", "nocaseglob", "nocasematch",
                                         "extglob", "pipefail", "lastpipe", "inherit_errexit"]
            for value in values {
                guard let value else { return judgement(program, .deny("`shopt` with a name only known at run time")) }
                if ["-s", "-u", "-p", "-q", "-o"].contains(value) { continue }
                if !harmless.contains(value) {
                    return judgement(program, .ask("`shopt \(value)` changes how the shell behaves; only the globbing options are known to be harmless"))
                }
            }
            return judgement(program, .read)
        case "test", "[":
            // `test -v NAME` evaluates an array subscript in NAME as arithmetic (`a[$(reboot)]`).
            for (index, value) in values.enumerated() where value == "-v" {
                let name = index + 1 < values.count ? values[index + 1] : nil
                if name.map({ !ShellTreeParser.isName($0) }) ?? true {
                    return judgement(program, .deny("`\(program) -v` with anything but a plain variable name evaluates it as arithmetic"))
                }
            }
            return nil
        case "printf":
            guard values.first == "-v" || (values.first ?? nil)?.hasPrefix("-v") == true else { return nil }
            return variableWriter(program, arguments, valueOptions: "v", forbidden: "", judge: &judge, valueIsName: true)
        default:
            return nil
        }
    }

    /// `export`/`declare`…: `-n` (namerefs), `-i` (arithmetic on assignment) and `-a`/`-A` (arrays) are refused.
    private static func declaration(_ program: String, _ arguments: [ArgumentValue], judge: inout PolicyJudge) -> ProgramJudgement {
        var optionsDone = false
        for argument in arguments {
            guard let value = argument.literal else {
                return judgement(program, .deny("`\(program)` of `\(argument.display)`, a name only known at run time"))
            }
            if !optionsDone, value == "--" { optionsDone = true; continue }
            if !optionsDone, value.hasPrefix("-") || value.hasPrefix("+") {
                for letter in value.dropFirst() {
                    switch letter {
                    case "n": return judgement(program, .deny("`\(program) -n` makes a name reference, which the policy does not follow"))
                    case "i": return judgement(program, .deny("`\(program) -i` evaluates values as arithmetic, which can run code"))
                    case "a", "A": return judgement(program, .deny("`\(program) -\(letter)` assigns arrays, which bash evaluates again"))
                    case "x", "r", "g", "l", "u", "t", "p", "f", "F": continue
                    default: return judgement(program, .ask("`\(program) -\(letter)` is not followed by the policy"))
                    }
                }
                continue
            }
            let name = String(value.prefix { $0 != "=" && $0 != "+" && $0 != "[" })
            if value.dropFirst(name.count).hasPrefix("[") {
                return judgement(program, .deny("`\(program)` of an array element (`\(value)`) is evaluated as arithmetic"))
            }
            judge.note(program == "export" || program == "declare" && arguments.contains { $0.literal?.contains("x") == true && $0.literal?.hasPrefix("-") == true }
                ? EnvironmentRules.environment(name) : EnvironmentRules.shellVariable(name))
        }
        return judgement(program, .read)
    }

    /// `read`, `mapfile`, `printf -v`: the variable names written must be plain.
    private static func variableWriter(_ program: String, _ arguments: [ArgumentValue], valueOptions: String, forbidden: String,
                                       judge: inout PolicyJudge, valueIsName: Bool = false) -> ProgramJudgement {
        var index = 0
        while index < arguments.count {
            guard let value = arguments[index].literal else {
                return judgement(program, .deny("`\(program)` with `\(arguments[index].display)`, only known at run time, where a variable name could be"))
            }
            index += 1
            if value == "--" { break }
            guard value.hasPrefix("-"), value.count > 1 else { index -= 1; break }
            for (offset, letter) in value.dropFirst().enumerated() {
                if forbidden.contains(letter) {
                    return judgement(program, .deny("`\(program) -\(letter)` \(letter == "C" ? "runs a callback" : "assigns an array")"))
                }
                guard valueOptions.contains(letter) else { continue }
                let attached = value.dropFirst(offset + 2)
                let optionValue: String?
                if attached.isEmpty {
                    optionValue = index < arguments.count ? arguments[index].literal : nil
                    index += 1
                } else {
                    optionValue = String(attached)
                }
                if valueIsName || letter == "v" {
                    guard let name = optionValue else { return judgement(program, .deny("`\(program) -v` with a name only known at run time")) }
                    judge.note(EnvironmentRules.shellVariable(name))
                }
                break
            }
        }
        if program == "printf" { return judgement(program, .read) }
        for argument in arguments[min(index, arguments.count)...] {
            guard let name = argument.literal else { return judgement(program, .deny("`\(program)` into a name only known at run time")) }
            judge.note(EnvironmentRules.shellVariable(name))
        }
        return judgement(program, .read)
    }

    /// `set -e`, `-o pipefail`, `--` and friends are harmless; other shell options ask.
    private static func setBuiltin(_ values: [String?]) -> ProgramJudgement {
        let letters = Set("euxvfnCbhBHPT")
        let names: Set<String> = ["errexit", "nounset", "xtrace", "pipefail", "noglob", "verbose", "noclobber", "errtrace", "noexec"]
        var index = 0
        while index < values.count {
            guard let value = values[index] else { return judgement("set", .deny("`set` with an argument only known at run time")) }
            if value == "--" || value == "-" { break }
            guard value.hasPrefix("-") || value.hasPrefix("+") else { break }
            if value == "-o" || value == "+o" {
                index += 1
                guard index < values.count else { return judgement("set", .read) }
                guard let name = values[index], names.contains(name) else {
                    return judgement("set", .ask("`set -o \(values[index] ?? "…")` changes how the shell behaves"))
                }
            } else if !value.dropFirst().allSatisfy({ letters.contains($0) }) {
                return judgement("set", .ask("`set \(value)` changes how the shell behaves"))
            }
            index += 1
        }
        return judgement("set", .read)
    }
}
