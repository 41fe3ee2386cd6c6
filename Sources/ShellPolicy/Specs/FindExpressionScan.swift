/// GNU find's command line: `find [-H|-L|-P] [-D OPTS] [-Olevel] [START…] [EXPRESSION]`, read as
/// find reads it. Actions that run (`-exec`, `-execdir`, `-ok`, `-okdir`) become inner commands with
/// `{}` only known at run time; `-delete` asks; `-fprint*`/`-fls` write; every other primary is a read.
enum FindExpressionScan {
    /// Primaries that take one argument (tests, `-printf FORMAT`, positional options).
    static let oneArgument: Set<String> = [
        "-name", "-iname", "-path", "-ipath", "-wholename", "-iwholename", "-regex", "-iregex", "-lname", "-ilname",
        "-type", "-xtype", "-user", "-group", "-uid", "-gid", "-perm", "-size", "-mtime", "-atime", "-ctime", "-mmin",
        "-amin", "-cmin", "-newer", "-anewer", "-cnewer", "-samefile", "-inum", "-links", "-maxdepth", "-mindepth",
        "-fstype", "-context", "-used", "-printf", "-regextype", "-newermm", "-newerma", "-newermc", "-newermt",
        "-neweram", "-neweraa", "-newerac", "-newerat", "-newercm", "-newerca", "-newercc", "-newerct", "-newerBt",
        "-newermB", "-newerBm", "-newerBB",
    ]
    static let noArgument: Set<String> = [
        "-print", "-print0", "-ls", "-prune", "-quit", "-true", "-false", "-empty", "-executable", "-readable",
        "-writable", "-nouser", "-nogroup", "-depth", "-mount", "-xdev", "-noleaf", "-daystart", "-follow",
        "-ignore_readdir_race", "-noignore_readdir_race", "-warn", "-nowarn", "-a", "-and", "-o", "-or", "-not", "!",
        "(", ")", ",", "-help", "--help", "-version", "--version",
    ]
    static let writes: [String: Int] = ["-fprint": 1, "-fprint0": 1, "-fls": 1, "-fprintf": 2]
    static let runs: Set<String> = ["-exec", "-execdir", "-ok", "-okdir"]
}

extension SpecRefinements {
    static let find: SpecRefinement = { parsed, judgement in
        let words = parsed.operands
        var index = 0
        func deny(_ why: String) { judgement.effect = judgement.effect.joined(.deny(why)) }
        func ask(_ why: String) { judgement.effect = judgement.effect.joined(.ask(why)) }
        // Leading options, then starting points up to the first word that begins an expression.
        while index < words.count, let word = words[index].literal, ["-H", "-L", "-P"].contains(word) || word.hasPrefix("-O")
                || word == "-D" {
            index += word == "-D" ? 2 : 1
        }
        var starts: [ArgumentValue] = []
        while index < words.count {
            guard let word = words[index].literal else {
                return deny("a `find` argument only known at run time could be `-exec` or `-delete`")
            }
            if word.hasPrefix("-") || word == "(" || word == ")" || word == "!" || word == "," { break }
            starts.append(words[index])
            index += 1
        }
        for start in starts { judgement.paths.append(PathUse(path: start, access: .read, by: "`find`")) }
        while index < words.count {
            guard let word = words[index].literal else {
                return deny("a `find` argument only known at run time could be `-exec` or `-delete`")
            }
            index += 1
            if FindExpressionScan.noArgument.contains(word) { continue }
            if FindExpressionScan.oneArgument.contains(word) {
                guard index < words.count else { return ask("`find \(word)` needs a value; find would refuse it") }
                index += 1
                continue
            }
            if word == "-files0-from" {
                guard index < words.count else { return ask("`find -files0-from` needs a file") }
                judgement.paths.append(PathUse(path: words[index], access: .read, by: "`find -files0-from`"))
                index += 1
                continue
            }
            if let count = FindExpressionScan.writes[word] {
                guard index + count <= words.count else { return ask("`find \(word)` needs \(count) value(s); find would refuse it") }
                judgement.paths.append(PathUse(path: words[index], access: .write(truncates: true), by: "`find \(word)`"))
                index += count
                continue
            }
            if word == "-delete" {
                ask("`find -delete` deletes every file it finds")
                for start in starts { judgement.paths.append(PathUse(path: start, access: .write(truncates: true), by: "`find -delete`")) }
                continue
            }
            if FindExpressionScan.runs.contains(word) {
                var command: [ArgumentValue] = []
                var terminated = false
                while index < words.count {
                    let argument = words[index]
                    index += 1
                    if argument == .literal(";") || (argument == .literal("+") && command.last == .unknown("{}")) {
                        terminated = true
                        break
                    }
                    // `{}` is a path found at run time; a word containing it is only known then.
                    if let text = argument.literal, TextSearch.contains(text, "{}") { command.append(.unknown(text)) } else { command.append(argument) }
                }
                guard terminated, !command.isEmpty else { return ask("`find \(word)` is not terminated by `;` or `{} +`; find would refuse it") }
                if word == "-execdir" || word == "-okdir" { judgement.changesDirectory = true }
                judgement.inner.append(.argv(command))
                continue
            }
            return ask("`find` primary `\(OptionParserClip.clip(word))` is not in its specification")
        }
    }
}
