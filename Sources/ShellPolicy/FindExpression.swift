/// `find`'s actions: `-exec`/`-execdir`/`-ok`/`-okdir` run commands, `-fprint*`/`-fls` write files.
enum FindExpression {
    static let runActions: Set<String> = ["-exec", "-execdir", "-ok", "-okdir"]
    static let writeActions: Set<String> = ["-fprint", "-fprint0", "-fprintf", "-fls"]

    static func steps(_ find: Invocation, depth: Int) -> [CommandStep] {
        var result: [CommandStep] = [.run(find)]
        let args = find.arguments
        var index = 0
        while index < args.count {
            let value = args[index].staticValue
            if let value, runActions.contains(value) {
                var end = index + 1
                while end < args.count, args[end].staticValue != ";", args[end].staticValue != "+" { end += 1 }
                // `{}` is a path found at run time; a word containing it is only known then.
                let command = args[(index + 1)..<end].map { $0.value.contains("{}") ? ShellWord.runtime($0.value) : $0 }
                result += CommandNormalizer.steps(for: Array(command), depth: depth + 1)
                index = end + 1
            } else if let value, writeActions.contains(value), index + 1 < args.count {
                result.append(.write(args[index + 1], truncates: true, by: "find \(value)"))
                index += 2
            } else {
                index += 1
            }
        }
        return result
    }
}
