/// Walks a parsed command line and judges every command that could run, by class (`EffectClass`).
///
/// The tree is `inout`: shell code handed to `sh -c` (and friends) is parsed, judged and replaced by its
/// canonical rendering, so the node runs what was judged at every level. The walk is bounded: nesting
/// is bounded by the parser, wrappers by `maximumWrapperDepth`, and the whole walk by `workBudget`.
struct PolicyJudge {
    struct Finding {
        var effect: Effect
        var segment: Int
    }

    static let maximumWrapperDepth = 16
    static let workBudget = 200_000

    let mode: PolicyMode
    let rules: PolicyRules
    /// Every simple command judged, normalized (`PolicyVerdict.commands`).
    var commands: [String] = []
    var strictest: Finding?
    /// False once `cd`, `pushd` or a wrapper changed the directory: relative paths then mean an unknown place.
    var directoryKnown = true
    var work = 0
    /// A specified everyday change (`qm start`, `apt update`, `systemctl restart`) needs the node itself:
    /// such a line runs without the containment wall (reads and plain file writes run inside it).
    var needsHost = false
    /// Literal prefixes of arguments only known at run time, by their display text.
    var prefixes: [String: String] = [:]

    init(mode: PolicyMode, rules: PolicyRules) {
        self.mode = mode
        self.rules = rules
    }

    mutating func note(_ effect: Effect, segment: Int? = nil) {
        guard effect.kind > .read || strictest == nil else { return }
        let index = segment ?? max(commands.count - 1, 0)
        if strictest == nil || effect.kind > strictest!.effect.kind { strictest = Finding(effect: effect, segment: index) }
    }

    var denied: Bool { strictest?.effect.kind == .deny }

    private mutating func spend() -> Bool {
        work += 1
        if work > Self.workBudget {
            note(.deny("the command line takes more work to check than the policy allows (\(Self.workBudget) steps)"))
            return false
        }
        return true
    }

    // MARK: Tree

    mutating func judge(_ list: inout ShellList) {
        for index in list.items.indices {
            guard !denied, spend() else { return }
            judge(&list.items[index].andOr.first)
            for link in list.items[index].andOr.rest.indices { judge(&list.items[index].andOr.rest[link].pipeline) }
        }
    }

    private mutating func judge(_ pipeline: inout ShellPipeline) {
        let multiple = pipeline.commands.count > 1
        let before = directoryKnown
        for index in pipeline.commands.indices { judge(&pipeline.commands[index]) }
        // Each part of a pipeline runs in a subshell: a `cd` there leaves the directory unknown, never "known again".
        if multiple, before != directoryKnown { directoryKnown = false }
    }

    private mutating func judge(_ node: inout ShellCommandNode) {
        guard !denied, spend() else { return }
        switch node {
        case .simple(var simple):
            judge(&simple)
            node = .simple(simple)
        case .subshell(var list, var redirections):
            judge(&list); judge(&redirections)
            node = .subshell(list, redirections)
        case .group(var list, var redirections):
            judge(&list); judge(&redirections)
            node = .group(list, redirections)
        case .ifClause(var clause, var redirections):
            for index in clause.branches.indices {
                judge(&clause.branches[index].condition)
                judge(&clause.branches[index].body)
            }
            if var elseBody = clause.elseBody { judge(&elseBody); clause.elseBody = elseBody }
            judge(&redirections)
            node = .ifClause(clause, redirections)
        case .loop(var loop, var redirections):
            judge(&loop.condition); judge(&loop.body); judge(&redirections)
            node = .loop(loop, redirections)
        case .forLoop(var loop, var redirections):
            note(EnvironmentRules.shellVariable(loop.name))
            if var words = loop.words {
                for index in words.indices { judgeSubstitutions(&words[index]) }
                loop.words = words
            }
            judge(&loop.body); judge(&redirections)
            node = .forLoop(loop, redirections)
        case .caseClause(var clause, var redirections):
            judgeSubstitutions(&clause.word)
            for index in clause.items.indices {
                for pattern in clause.items[index].patterns.indices { judgeSubstitutions(&clause.items[index].patterns[pattern]) }
                judge(&clause.items[index].body)
            }
            judge(&redirections)
            node = .caseClause(clause, redirections)
        }
    }

    /// Commands inside `$(…)`, backticks, `<(…)`: they run too.
    mutating func judgeSubstitutions(_ word: inout ShellWord) {
        for index in word.parts.indices {
            switch word.parts[index] {
            case .commandSubstitution(var list, let quoted):
                let before = directoryKnown
                judge(&list)
                if before != directoryKnown { directoryKnown = false }
                word.parts[index] = .commandSubstitution(list, quoted: quoted)
            case .processSubstitution(let input, var list):
                judge(&list)
                word.parts[index] = .processSubstitution(input: input, list)
            default: break
            }
        }
    }

    mutating func judge(_ redirections: inout [ShellRedirection]) {
        for index in redirections.indices {
            judgeSubstitutions(&redirections[index].target)
            let redirection = redirections[index]
            let shown = "`\(redirection.op.rawValue)`"
            if redirection.writes {
                note(PathRules.write(known(redirection.target), by: shown, mode: mode, directoryKnown: directoryKnown))
            } else if redirection.reads {
                note(PathRules.read(known(redirection.target), by: shown, mode: mode, directoryKnown: directoryKnown))
            }
        }
    }

    func known(_ word: ShellWord) -> PathRules.Known {
        if let text = word.literalValue { return .exact(text) }
        let prefix = word.literalPrefix
        return prefix.isEmpty ? .unknown : .prefix(prefix)
    }

    func known(_ argument: ArgumentValue) -> PathRules.Known {
        switch argument {
        case .literal(let text): return .exact(text)
        case .unknown(let display):
            guard let prefix = prefixes[display], !prefix.isEmpty else { return .unknown }
            return .prefix(prefix)
        }
    }

    mutating func argument(_ word: ShellWord) -> ArgumentValue {
        if let text = word.literalValue { return .literal(text) }
        let display = ShellRendering.render(word: word)
        prefixes[display] = word.literalPrefix
        return .unknown(display)
    }

    // MARK: Simple commands

    private mutating func judge(_ simple: inout ShellSimpleCommand) {
        for index in simple.assignments.indices { judgeSubstitutions(&simple.assignments[index].value) }
        for index in simple.words.indices { judgeSubstitutions(&simple.words[index]) }
        guard !denied else { return }
        let arguments = simple.words.map { argument($0) }
        commands.append(arguments.isEmpty
            ? simple.assignments.map { "\($0.name)=\(ShellRendering.render(word: $0.value))" }.joined(separator: " ")
            : arguments.map(\.display).joined(separator: " "))
        for assignment in simple.assignments {
            note(arguments.isEmpty ? EnvironmentRules.shellVariable(assignment.name) : EnvironmentRules.environment(assignment.name))
        }
        judge(&simple.redirections)
        guard !arguments.isEmpty, !denied else { return }
        var scripts: [(text: String, canonical: String)] = []
        judgeInvocation(arguments, depth: 0, scripts: &scripts)
        // Shell code handed to `sh -c`: send what was judged.
        for script in scripts {
            if let index = simple.words.indices.dropFirst().first(where: { simple.words[$0].literalValue == script.text }) {
                simple.words[index] = .literal(script.canonical)
            }
        }
    }

    /// Judges one program with its arguments (typed, or a wrapper's payload).
    mutating func judgeInvocation(_ arguments: [ArgumentValue], depth: Int, scripts: inout [(text: String, canonical: String)]) {
        guard spend() else { return }
        guard depth < Self.maximumWrapperDepth else {
            note(.deny("wrappers are nested more than \(Self.maximumWrapperDepth) deep"))
            return
        }
        guard let written = arguments.first?.literal else {
            note(.deny("the command name `\(arguments.first?.display ?? "")` is only known at run time: it contains an expansion or a pattern"))
            return
        }
        guard let program = programName(written) else { return }
        let rest = Array(arguments.dropFirst())
        let judgement = ShellBuiltins.judge(program, rest, judge: &self) ?? ProgramCatalog.judge(program: program, arguments: rest)
        var effect = judgement.effect
        if let rule = rules.deny.first(where: { $0.matches(judgement.normalized) }) {
            note(.deny("this host's `deny:` rule `\(rule)` matches"))
            return
        }
        if effect.kind == .ask, rules.allow.contains(where: { $0.matchesExactly(arguments.map(\.literal)) || $0.matchesPrefix(judgement.normalized) }) {
            effect = .change("allowed by this host's `allow:` rule")
        }
        if effect.kind == .ask, let dynamic = rest.first(where: { $0.literal == nil }) {
            effect = .deny("\(effect.reason ?? "it needs a person's approval"), and its argument `\(dynamic.display)` is only known at run time, so nobody can see what they would approve")
        }
        note(effect)
        // Path writes are noted below, not here: `effect` is the program's own (spec or allow rule).
        if effect.kind == .change { needsHost = true }
        for assignment in judgement.environment {
            guard let text = assignment.literal, let equals = text.firstIndex(of: "=") else {
                note(.deny("`\(program)` sets an environment variable only known at run time"))
                continue
            }
            note(EnvironmentRules.environment(String(text[..<equals])))
        }
        // `dd`'s operands are `key=value`: one only known at run time could be `of=` anything.
        if program == "dd", let dynamic = rest.first(where: { $0.literal == nil }) {
            note(.deny("`dd` operand `\(dynamic.display)` is only known at run time (it could be `of=` any file)"))
        }
        if judgement.changesDirectory { directoryKnown = false }
        for use in judgement.paths {
            switch use.access {
            case .read: note(PathRules.read(known(use.path), by: use.by, mode: mode, directoryKnown: directoryKnown))
            case .write: note(PathRules.write(known(use.path), by: use.by, mode: mode, directoryKnown: directoryKnown))
            case .execute:
                note(.deny("\(use.by) runs the file `\(use.path.display)` as code, whose contents the policy cannot check"))
            }
        }
        for inner in judgement.inner {
            guard !denied else { return }
            switch inner {
            case .argv(let words), .guestArgv(_, let words):
                guard !words.isEmpty else { continue }
                judgeInvocation(words, depth: depth + 1, scripts: &scripts)
            case .script(let index):
                guard index < rest.count, let text = rest[index].literal else {
                    note(.deny("`\(program)` runs shell code that is only known at run time"))
                    continue
                }
                judgeScript(text, by: program, scripts: &scripts)
            }
        }
    }

    /// Parses, judges and renders shell code a program runs (`sh -c CODE`).
    private mutating func judgeScript(_ text: String, by program: String, scripts: inout [(text: String, canonical: String)]) {
        var list: ShellList
        do {
            list = try ShellTreeParser.parse(text)
        } catch {
            note(.deny("the code `\(program)` runs could not be parsed (\(error)), so it cannot be checked"))
            return
        }
        judge(&list)
        scripts.append((text, ShellRendering.render(list)))
    }

    /// The program's basename; a path outside the system's program directories is a file to run, denied.
    private mutating func programName(_ written: String) -> String? {
        guard written.contains("/") else {
            guard !written.isEmpty else { note(.deny("the command name is empty")); return nil }
            return written
        }
        let directories = ["/bin/", "/sbin/", "/usr/bin/", "/usr/sbin/", "/usr/lib/", "/usr/libexec/", "/lib/"]
        guard let (normalized, climbs) = PathRules.absolute(written, directoryKnown: false), !climbs, written.hasPrefix("/"),
              directories.contains(where: { normalized.hasPrefix($0) }) else {
            note(.deny("`\(written)` runs a file outside the system's program directories, whose contents the policy cannot check"))
            return nil
        }
        return String(normalized.split(separator: "/").last ?? "")
    }
}
