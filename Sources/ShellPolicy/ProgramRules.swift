/// `awk` and `sed` programs: both can run shell commands (`system()`, `print | "cmd"`, sed's `e`)
/// and write files (`print > "f"`, sed's `w f`), so their program text is inspected.
enum ProgramRules {
    static func awkDenial(_ invocation: Invocation, readOnly: Bool) -> String? {
        let verb = invocation.verb
        if invocation.hasOption(short: ["l"], long: ["load"]) { return "`\(verb) -l` loads an extension library" }
        let withValue = OptionsWithValues(short: "FvfeiEl", long: ["field-separator", "assign", "file", "source", "include", "exec", "load"])
        let start = OptionScanner.firstOperand(invocation.arguments, withValue: withValue)
        var programs: [ShellWord] = []
        if let inline = OptionScanner.value(of: "e", long: "source", in: invocation.arguments, until: start), let word = inline {
            programs.append(word)
        }
        let fromFile = invocation.hasOption(short: ["f", "E", "i"], long: ["file", "exec", "include"], before: start)
        if fromFile { return "`\(verb) -f`/`-i` runs a program file or extension the policy cannot check" }
        if programs.isEmpty, !fromFile, start < invocation.arguments.count { programs.append(invocation.arguments[start]) }
        for program in programs {
            guard let text = program.staticValue else { return "`\(verb)` runs the program `\(program.raw)`, only known at run time" }
            let code = stripLiterals(text)
            if code.contains("system") { return "`\(verb)` with `system()` runs shell commands" }
            if hasSinglePipe(code) { return "`\(verb)` pipes to or from a shell command" }
            if writesFile(code) { return "`\(verb)` writes files with `print >`" }
        }
        return nil
    }

    /// Removes string and regex literals so `/a|b/` or `"x > y"` is not mistaken for a pipe or redirection.
    private static func stripLiterals(_ text: String) -> String {
        var result = ""
        var chars = Array(text)[...]
        var previous: Character = "{"
        while let c = chars.popFirst() {
            if c == "\"" || (c == "/" && "({,~!;&|\n".contains(previous)) {
                while let d = chars.popFirst(), d != c {
                    if d == "\\" { _ = chars.popFirst() }
                }
                result.append(" ")
                previous = "x"
                continue
            }
            result.append(c)
            if !c.isWhitespace { previous = c }
        }
        return result
    }

    /// `|` as awk's pipe (`print | "cmd"`, `"cmd" | getline`, `|&`), as opposed to `||`.
    private static func hasSinglePipe(_ code: String) -> Bool {
        let chars = Array(code)
        for (index, c) in chars.enumerated() where c == "|" {
            let before = index > 0 ? chars[index - 1] : " "
            let after = index + 1 < chars.count ? chars[index + 1] : " "
            if before != "|" && after != "|" { return true }
        }
        return false
    }

    private static func writesFile(_ code: String) -> Bool {
        var rest = Substring(code)
        while let range = rest.firstRange(of: "print") {
            let statement = rest[range.upperBound...].prefix { $0 != ";" && $0 != "}" && $0 != "\n" }
            if statement.contains(">") { return true }
            rest = rest[range.upperBound...]
        }
        return false
    }

    static func sedDenial(_ invocation: Invocation, readOnly: Bool) -> String? {
        let args = invocation.arguments
        if readOnly, invocation.hasOption(short: ["i"], long: ["in-place"]) { return "`sed -i` edits files in place" }
        let start = OptionScanner.firstOperand(args, withValue: OptionsWithValues(short: "eflsS", long: ["expression", "file", "line-length"]))
        if invocation.hasOption(long: ["sandbox"], before: start) { return nil }
        var scripts: [ShellWord] = []
        var index = 0
        while index < start {
            if let value = args[index].staticValue, value == "-e" || value == "--expression", index + 1 < args.count {
                scripts.append(args[index + 1])
                index += 2
                continue
            }
            if let value = args[index].staticValue, value.hasPrefix("--expression=") { scripts.append(.literal(String(value.dropFirst(13)))) }
            index += 1
        }
        let fromFile = invocation.hasOption(short: ["f"], long: ["file"], before: start)
        if fromFile { return "`sed -f` runs a script file the policy cannot check" }
        if scripts.isEmpty, !fromFile, start < args.count { scripts.append(args[start]) }
        for script in scripts {
            guard let text = script.staticValue else { return "`sed` runs the script `\(script.raw)`, only known at run time" }
            guard let effects = SedScript.effects(of: text) else { return "`sed` script `\(text)` could not be parsed" }
            if effects.executes { return "`sed` with the `e` command runs shell commands" }
            for file in effects.writes where !["/dev/stdout", "/dev/stderr"].contains(file) {
                if readOnly { return "`sed` writes the file `\(file)` with `w`" }
                if case .protected(let what) = WritePaths.classify(file, relativeIsUnknown: false) {
                    return "`sed w` overwrites `\(file)` (\(what))"
                }
            }
        }
        return nil
    }
}
