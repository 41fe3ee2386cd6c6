// TEMPORARY until the specs branch merges: a tiny catalog so the judge can be built and tried.
enum ProgramCatalog {
    static func judge(program: String, arguments: [ArgumentValue]) -> ProgramJudgement {
        let normalized = NormalizedInvocation(program: program, operands: arguments)
        switch program {
        case "ls", "echo", "uptime", "df", "printf", "test", "[", "grep": return ProgramJudgement(effect: .read, normalized: normalized)
        case "cat", "head", "tail":
            return ProgramJudgement(effect: .read, paths: arguments.map { PathUse(path: $0, access: .read, by: "`\(program)`") }, normalized: normalized)
        case "sh", "bash":
            if arguments.first?.literal == "-c" { return ProgramJudgement(effect: .read, inner: [.script(argumentIndex: 1)], normalized: normalized) }
            return ProgramJudgement(effect: .deny("reads stdin"), normalized: normalized)
        case "sudo": return ProgramJudgement(effect: .read, inner: [.argv(arguments)], normalized: normalized)
        case "qm":
            if arguments.first?.literal == "list" { return ProgramJudgement(effect: .read, normalized: normalized) }
            return ProgramJudgement(effect: .ask("`qm` subcommand"), normalized: normalized)
        default: return ProgramJudgement(effect: .ask("`\(program)` is not on the allow-list of known programs"), normalized: normalized)
        }
    }
}
