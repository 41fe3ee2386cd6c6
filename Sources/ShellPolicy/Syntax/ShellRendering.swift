/// Turns a judged `ShellList` back into bash text: what the node receives instead of the original.
///
/// Every literal is re-quoted by us (single quotes, `'\''` for a quote), expansions are written in one
/// braced form (`${x}`, `"${x}"`, `$( … )`), globs and tildes stay bare, and nothing else is bare, so
/// bash reads exactly the tree that was judged — whatever trick the original text played on a parser.
/// Only POSIX quoting is used, so a rendered `sh -c` payload means the same to dash.
enum ShellRendering {
    /// Parses `command` and renders it canonically; throws when it cannot be parsed or rendered faithfully.
    static func canonical(_ command: String) throws(ShellSyntaxError) -> String {
        render(try ShellTreeParser.parse(command))
    }

    static func render(_ list: ShellList) -> String {
        var writer = Writer()
        writer.list(list)
        writer.flushHereDocuments(force: true)
        return writer.text
    }

    /// A word as an argument (for messages and nested scripts).
    static func render(word: ShellWord) -> String {
        var writer = Writer()
        writer.word(word, commandPosition: false)
        return writer.text
    }

    /// Characters that need no quotes anywhere in a word.
    static func isBare(_ byte: UInt8, allowEquals: Bool) -> Bool {
        (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122)
            || "_./:@%+,-".utf8.contains(byte) || (allowEquals && byte == UInt8(ascii: "="))
    }

    static let reservedWords: Set<String> = [
        "if", "then", "else", "elif", "fi", "do", "done", "case", "esac", "while", "until", "for", "in",
        "function", "select", "time", "coproc", "{", "}", "!", "[[", "]]",
    ]

    struct Writer {
        var text = ""
        /// Here-document bodies waiting for the end of the current line.
        var pending: [(delimiter: String, body: String)] = []

        mutating func list(_ list: ShellList) {
            for (index, item) in list.items.enumerated() {
                andOr(item.andOr)
                let last = index == list.items.count - 1
                if item.background {
                    text += " &"
                    if !last { separator() }
                } else if !last {
                    if pending.isEmpty { text += "; " } else { text += ";"; separator() }
                }
            }
        }

        /// Between list items: a newline when here-document bodies must come first, else a space.
        private mutating func separator() {
            if pending.isEmpty { text += " " } else { flushHereDocuments(force: true) }
        }

        /// Ends a nested list before its closing word: `; ` or the pending bodies and a newline.
        mutating func endNested() {
            if !pending.isEmpty { flushHereDocuments(force: true) } else { text += text.hasSuffix("&") ? " " : "; " }
        }

        mutating func flushHereDocuments(force: Bool) {
            guard !pending.isEmpty else { return }
            text += "\n"
            for document in pending { text += document.body + document.delimiter + "\n" }
            pending = []
        }

        private mutating func andOr(_ andOr: ShellAndOr) {
            pipeline(andOr.first)
            for link in andOr.rest {
                text += " \(link.connector.rawValue) "
                pipeline(link.pipeline)
            }
        }

        private mutating func pipeline(_ pipeline: ShellPipeline) {
            if pipeline.timed { text += pipeline.timedPosix ? "time -p " : "time " }
            if pipeline.negated { text += "! " }
            for (index, command) in pipeline.commands.enumerated() {
                if index > 0 { text += " | " }
                self.command(command)
            }
        }

        private mutating func command(_ node: ShellCommandNode) {
            switch node {
            case .simple(let simple): self.simple(simple)
            case .subshell(let body, let redirections):
                text += "( "
                list(body)
                if pending.isEmpty { text += " )" } else { flushHereDocuments(force: true); text += ")" }
                self.redirections(redirections)
            case .group(let body, let redirections):
                text += "{ "
                list(body)
                endNested()
                text += "}"
                self.redirections(redirections)
            case .ifClause(let clause, let redirections):
                for (index, branch) in clause.branches.enumerated() {
                    text += index == 0 ? "if " : "elif "
                    list(branch.condition)
                    endNested()
                    text += "then "
                    list(branch.body)
                    endNested()
                }
                if let elseBody = clause.elseBody {
                    text += "else "
                    list(elseBody)
                    endNested()
                }
                text += "fi"
                self.redirections(redirections)
            case .loop(let loop, let redirections):
                text += loop.until ? "until " : "while "
                list(loop.condition)
                endNested()
                text += "do "
                list(loop.body)
                endNested()
                text += "done"
                self.redirections(redirections)
            case .forLoop(let loop, let redirections):
                text += "for \(loop.name)"
                if let words = loop.words {
                    text += " in"
                    for word in words { text += " "; self.word(word, commandPosition: true) }
                }
                text += "; do "
                list(loop.body)
                endNested()
                text += "done"
                self.redirections(redirections)
            case .caseClause(let clause, let redirections):
                text += "case "
                word(clause.word, commandPosition: true)
                text += " in "
                for item in clause.items {
                    for (index, pattern) in item.patterns.enumerated() {
                        if index > 0 { text += " | " }
                        word(pattern, commandPosition: true)
                    }
                    text += ") "
                    list(item.body)
                    if !pending.isEmpty { flushHereDocuments(force: true) } else { text += " " }
                    text += item.terminator + " "
                }
                text += "esac"
                self.redirections(redirections)
            }
        }

        private mutating func simple(_ simple: ShellSimpleCommand) {
            var first = true
            func space(_ writer: inout Writer) { if !first { writer.text += " " }; first = false }
            for assignment in simple.assignments {
                space(&self)
                text += assignment.name + (assignment.append ? "+=" : "=")
                word(assignment.value, commandPosition: false, emptyAsNothing: true)
            }
            for (index, argument) in simple.words.enumerated() {
                space(&self)
                word(argument, commandPosition: index == 0)
            }
            if !simple.redirections.isEmpty, first { first = false; redirections(simple.redirections, leadingSpace: false) }
            else { redirections(simple.redirections) }
        }

        private mutating func redirections(_ list: [ShellRedirection], leadingSpace: Bool = true) {
            for (index, redirection) in list.enumerated() {
                if leadingSpace || index > 0 { text += " " }
                if let descriptor = redirection.descriptor { text += String(descriptor) }
                if redirection.op == .hereDocument {
                    hereDocument(redirection)
                    continue
                }
                text += redirection.op.rawValue
                if (redirection.op == .duplicateOutput || redirection.op == .duplicateInput), redirection.isDescriptorDuplication {
                    text += redirection.target.literalValue ?? ""
                } else {
                    // A space, as bash prints it: `< <(b)` must never become the here-document operator `<<(`.
                    text += " "
                    word(redirection.target, commandPosition: false)
                }
            }
        }

        /// `<<'DELIM'` for literal bodies; an unquoted delimiter with `\`, `$` and `` ` `` escaped otherwise.
        private mutating func hereDocument(_ redirection: ShellRedirection) {
            var body = ""
            var literal = true
            for part in redirection.target.parts {
                if case .literal = part { continue }
                literal = false
            }
            if literal {
                body = redirection.target.literalValue ?? ""
            } else {
                var inner = Writer()
                for part in redirection.target.parts {
                    if case .literal(let piece) = part {
                        for scalar in piece.unicodeScalars {
                            if scalar == "\\" || scalar == "$" || scalar == "`" { inner.text += "\\" }
                            inner.text.unicodeScalars.append(scalar)
                        }
                    } else {
                        inner.expansion(part, inDoubleQuotes: true)
                    }
                }
                body = inner.text
            }
            if !body.isEmpty, !body.hasSuffix("\n") { body += "\n" }
            let lines = Set(body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
            var delimiter = "PROXMOX_TOOLS_EOF"
            var counter = 0
            while lines.contains(delimiter) { counter += 1; delimiter = "PROXMOX_TOOLS_EOF\(counter)" }
            text += literal ? "<<'\(delimiter)'" : "<<\(delimiter)"
            pending.append((delimiter, body))
        }

        /// A word: literal runs quoted (bare when safe), expansions braced, globs and tildes bare.
        mutating func word(_ word: ShellWord, commandPosition: Bool, emptyAsNothing: Bool = false) {
            if word.parts.allSatisfy({ if case .literal(let text) = $0 { return text.isEmpty } else { return false } }) {
                if !emptyAsNothing { text += "''" }
                return
            }
            for (index, part) in word.parts.enumerated() {
                switch part {
                case .literal(let piece):
                    let isWholeWord = word.parts.count == 1
                    literal(piece, bareAllowed: !(commandPosition && isWholeWord && ShellRendering.reservedWords.contains(piece)),
                            allowEquals: !commandPosition || index > 0)
                case .glob(let character): text.append(character)
                case .tilde(let user): text += "~" + user
                default: expansion(part, inDoubleQuotes: false)
                }
            }
        }

        private mutating func literal(_ piece: String, bareAllowed: Bool, allowEquals: Bool) {
            guard !piece.isEmpty else { return }
            if bareAllowed, piece.utf8.allSatisfy({ ShellRendering.isBare($0, allowEquals: allowEquals) }) {
                text += piece
                return
            }
            text += "'"
            // By scalar, never by Character: a `'` followed by a combining mark is one Character.
            for scalar in piece.unicodeScalars {
                if scalar == "'" { text += "'\\''" } else { text.unicodeScalars.append(scalar) }
            }
            text += "'"
        }

        mutating func expansion(_ part: ShellWordPart, inDoubleQuotes: Bool) {
            switch part {
            case .parameter(let name, let quoted):
                text += quoted && !inDoubleQuotes ? "\"${\(name)}\"" : "${\(name)}"
            case .commandSubstitution(let list, let quoted):
                let open = quoted && !inDoubleQuotes ? "\"$( " : "$( "
                text += open
                var inner = Writer()
                inner.list(list)
                inner.flushHereDocuments(force: true)
                text += inner.text
                text += inner.text.hasSuffix("\n") ? ")" : " )"
                if quoted && !inDoubleQuotes { text += "\"" }
            case .arithmetic(let expression, let quoted):
                text += quoted && !inDoubleQuotes ? "\"$((\(expression)))\"" : "$((\(expression)))"
            case .processSubstitution(let input, let list):
                var inner = Writer()
                inner.list(list)
                inner.flushHereDocuments(force: true)
                text += (input ? "<( " : ">( ") + inner.text + (inner.text.hasSuffix("\n") ? ")" : " )")
            case .literal(let piece): text += piece
            case .glob(let character): text.append(character)
            case .tilde(let user): text += "~" + user
            }
        }
    }
}
