/// Reads a GNU sed script the way sed's own compiler (`compile.c`) walks it, to find what the policy
/// cares about: `e` (runs a command), `s///e`, `w`/`W`/`s///w` (write files), `r`/`R` (read files).
/// One pass; anything it cannot follow is `.deny`, because sed might read it differently.
struct SedScriptScan {
    var runsCode: String? = nil
    var writes: [String] = []
    var reads: [String] = []
    var unreadable: String? = nil

    static func scan(_ script: String) -> SedScriptScan {
        var reader = Reader(chars: Array(script.unicodeScalars))
        var result = SedScriptScan()
        reader.run(into: &result)
        return result
    }

    private struct Reader {
        let chars: [Unicode.Scalar]
        var index = 0

        var peek: Unicode.Scalar? { index < chars.count ? chars[index] : nil }
        mutating func next() -> Unicode.Scalar? {
            guard index < chars.count else { return nil }
            index += 1
            return chars[index - 1]
        }
        mutating func skip(while predicate: (Unicode.Scalar) -> Bool) {
            while let c = peek, predicate(c) { index += 1 }
        }

        /// Commands without arguments, by ASCII value: the common case, read without the general path.
        static let simple: [Bool] = (0..<128).map { value in
            "{}=dDgGhHnNpPxzF".unicodeScalars.contains { $0.value == UInt32(value) }
        }

        mutating func run(into result: inout SedScriptScan) {
            while result.unreadable == nil {
                while index < chars.count {
                    let value = chars[index].value
                    guard value == 32 || value == 9 || value == 10 || value == 59 else { break }
                    index += 1
                }
                guard index < chars.count else { return }
                let value = chars[index].value
                if value < 128 && Self.simple[Int(value)] {
                    index += 1
                    continue
                }
                guard address(), skipSecondAddress() else { result.unreadable = "an address it cannot read"; return }
                skip { $0 == " " || $0 == "\t" || $0 == "!" }
                guard let command = next() else { result.unreadable = "an address without a command"; return }
                self.command(command, into: &result)
            }
        }

        mutating func skipSecondAddress() -> Bool {
            skip { $0 == " " || $0 == "\t" }
            guard peek == "," else { return true }
            index += 1
            skip { $0 == " " || $0 == "\t" }
            if peek == "+" || peek == "~" { index += 1 }
            return address()
        }

        /// Numbers, `$`, `first~step`, `/re/`, `\cREc`, each regex optionally followed by `I`/`M`.
        mutating func address() -> Bool {
            guard let c = peek else { return true }
            if ("0"..."9").contains(c) {
                skip { ("0"..."9").contains($0) }
                if peek == "~" { index += 1; skip { ("0"..."9").contains($0) } }
                return true
            }
            if c == "$" { index += 1; return true }
            if c == "/" || c == "\\" {
                index += 1
                var delimiter: Unicode.Scalar = "/"
                if c == "\\" { guard let d = next(), d != "\n", d != "\\" else { return false }; delimiter = d }
                guard delimited(by: delimiter) else { return false }
                skip { $0 == "I" || $0 == "M" }
            }
            return true
        }

        /// Up to the unescaped delimiter (sed's `match_slash` honours only backslashes).
        mutating func delimited(by delimiter: Unicode.Scalar) -> Bool {
            while let c = next() {
                if c == "\\" { guard next() != nil else { return false }; continue }
                if c == delimiter { return true }
                if c == "\n" && delimiter != "\n" { return false }
            }
            return false
        }

        /// To the end of the line (file names, `e` commands); leading blanks are not part of it.
        mutating func restOfLine() -> String {
            skip { $0 == " " || $0 == "\t" }
            var text = String.UnicodeScalarView()
            while let c = peek, c != "\n" { text.append(c); index += 1 }
            return String(text)
        }

        /// `a`, `i`, `c` text: to the end of a line not ending in a backslash.
        mutating func text() {
            while let c = next() {
                if c == "\\" { _ = next(); continue }
                if c == "\n" { return }
            }
        }

        mutating func label() { skip { $0 != ";" && $0 != "\n" } }

        mutating func command(_ command: Unicode.Scalar, into result: inout SedScriptScan) {
            switch command {
            case "{", "}", "=", "d", "D", "g", "G", "h", "H", "n", "N", "p", "P", "x", "z", "F":
                return
            case "#":
                _ = restOfLine()
            case "a", "i", "c":
                text()
            case ":", "b", "t", "T", "v":
                label()
            case "q", "Q", "l", "L":
                skip { $0 == " " || $0 == "\t" }
                skip { ("0"..."9").contains($0) }
            case "r", "R":
                result.reads.append(restOfLine())
            case "w", "W":
                result.writes.append(restOfLine())
            case "e":
                let line = restOfLine()
                result.runsCode = line.isEmpty ? "`e` runs the pattern space as a command" : "`e \(OptionParserClip.clip(line))` runs a command"
            case "s", "y":
                guard let delimiter = next(), delimiter != "\n", delimiter != "\\",
                      delimited(by: delimiter), delimited(by: delimiter) else {
                    result.unreadable = "a `\(command)` command it cannot read"
                    return
                }
                if command == "s" { flags(into: &result) }
            default:
                result.unreadable = "the unknown command `\(command)`"
            }
        }

        mutating func flags(into result: inout SedScriptScan) {
            while let flag = peek {
                switch flag {
                case "g", "p", "i", "I", "m", "M", "0"..."9":
                    index += 1
                case "e":
                    index += 1
                    result.runsCode = "`s///e` runs the pattern space as a command"
                case "w":
                    index += 1
                    result.writes.append(restOfLine())
                    return
                default:
                    return
                }
            }
        }
    }
}

extension SpecRefinements {
    /// `sed`: the script (every `-e`, or the first operand), `-f` (denied by its spec), `-i` writes.
    static let sed: SpecRefinement = { parsed, judgement in
        let expressions = options(parsed, named: "-e").compactMap(\.value)
        let hasFile = !options(parsed, named: "-f").isEmpty
        var files = parsed.operands[...]
        var scripts: [ArgumentValue] = expressions
        if expressions.isEmpty && !hasFile, let first = files.first {
            scripts = [first]
            files = files.dropFirst()
        }
        var literalScripts: [String] = []
        for script in scripts {
            guard let text = script.literal else {
                judgement.effect = judgement.effect.joined(.deny("a `sed` script only known at run time may run commands"))
                return
            }
            literalScripts.append(text)
        }
        let scan = SedScriptScan.scan(literalScripts.joined(separator: "\n"))
        if let unreadable = scan.unreadable {
            judgement.effect = judgement.effect.joined(.deny("the `sed` script has \(unreadable); sed may read it differently"))
        }
        if let runs = scan.runsCode { judgement.effect = judgement.effect.joined(.deny("`sed` script: \(runs)")) }
        for path in scan.writes where path != "/dev/stdout" && path != "/dev/stderr" {
            judgement.paths.append(PathUse(path: .literal(path), access: .write(truncates: true), by: "`sed w`"))
        }
        for path in scan.reads where path != "/dev/stdin" {
            judgement.paths.append(PathUse(path: .literal(path), access: .read, by: "`sed r`"))
        }
        // The spec reads no operand as a file: the script operand is not one.
        let inPlace = !options(parsed, named: "-i").isEmpty
        for file in files where file != .literal("-") {
            judgement.paths.append(PathUse(path: file, access: inPlace ? .write(truncates: true) : .read,
                                           by: inPlace ? "`sed -i`" : "`sed`"))
        }
        if inPlace { judgement.effect = judgement.effect.joined(.change("`sed -i` edits files in place")) }
    }
}
