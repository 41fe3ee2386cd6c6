/// bash builtins that take a variable *name* and evaluate an array subscript in it as arithmetic,
/// which runs `$(…)`: `printf -v 'a[$(reboot)]' x`, `read 'a[$(reboot)]'`, `declare 'a[$(reboot)]'`.
/// The quotes hide the substitution from a reader (and from a naive checker); bash still runs it.
enum HiddenCodeRules {
    private static let nameTaking: Set<String> = ["read", "mapfile", "readarray", "declare", "typeset", "local", "export",
                                                  "readonly", "unset", "let", "wait", "getopts", "printf", "test", "["]

    static func denial(_ invocation: Invocation) -> String? {
        guard nameTaking.contains(invocation.verb) else { return nil }
        let names: [ShellWord]
        switch invocation.verb {
        case "printf":  // only the `-v NAME` argument is a name; the format may legitimately mention `$(`
            names = OptionScanner.value(of: "v", long: nil, in: invocation.arguments).flatMap { $0 }.map { [$0] } ?? []
        case "test", "[":
            names = zip(invocation.arguments, invocation.arguments.dropFirst()).filter { $0.0.staticValue == "-v" }.map(\.1)
        default:
            names = invocation.arguments
        }
        guard let name = names.first(where: { $0.quotesSubstitutionText && $0.value.contains("[") }) else { return nil }
        return "`\(invocation.verb)` is given the variable name `\(name.raw)`, whose array subscript bash evaluates as code"
    }
}
