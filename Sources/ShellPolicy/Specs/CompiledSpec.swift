/// A `ProgramSpec` with its lookup tables built once, so that reading one argument costs a dictionary
/// look-up (or, for an abbreviation, one pass over the spec's long names), never a search of the argv.
final class CompiledSpec: Sendable {
    let spec: ProgramSpec
    /// `-x` → index into `spec.options`.
    let shortOptions: [Character: Int]
    /// `name` (without dashes) → index into `spec.options`; for `.longOnly`, every name.
    let longOptions: [String: Int]
    /// The long names sorted, for unique-prefix matching by binary search.
    let longNames: [(name: String, option: Int)]
    /// Every prefix of every long name → its option, or -1 where it abbreviates several options:
    /// one hash look-up per `--abbrev`, whatever the spec's size.
    let longPrefixes: [String: Int]
    /// `-x` as written, built once (a 100 KB cluster must not build 100 000 strings twice).
    let shortWritten: [Character: String]
    let subcommands: [String: CompiledSpec]
    /// What an argument only known at run time could do where an option could be (nil: nothing
    /// beyond reading), with the paths it could name; computed from the spec, once.
    let runtimeArgument: Effect?
    let runtimePathAccesses: [PathUse.Access]

    init(_ spec: ProgramSpec) {
        self.spec = spec
        var short: [Character: Int] = [:]
        var long: [String: Int] = [:]
        var names: [(String, Int)] = []
        for (index, option) in spec.options.enumerated() {
            for name in option.names {
                if name.hasPrefix("--") {
                    let bare = spec.ignoresCase ? name.dropFirst(2).lowercased() : String(name.dropFirst(2))
                    if long[bare] == nil { long[bare] = index; names.append((bare, index)) }
                } else if name.hasPrefix("-"), name.count == 2, let letter = name.last {
                    if short[letter] == nil { short[letter] = index }
                } else if name.hasPrefix("-") {
                    // A one-dash long name (`find`-like or Perl `-name`): only `.longOnly` reads it.
                    let bare = spec.ignoresCase ? name.dropFirst().lowercased() : String(name.dropFirst())
                    if long[bare] == nil { long[bare] = index; names.append((bare, index)) }
                }
            }
        }
        shortOptions = short
        longOptions = long
        // Byte order, not String's Unicode order: the look-up below compares bytes too, and fast.
        longNames = names.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
        shortWritten = Dictionary(uniqueKeysWithValues: short.keys.map { ($0, "-\($0)") })
        var prefixes: [String: Int] = [:]
        for (name, option) in names {
            var prefix = ""
            for character in name {
                prefix.append(character)
                if let known = prefixes[prefix] {
                    if known != option { prefixes[prefix] = -1 }
                } else {
                    prefixes[prefix] = option
                }
            }
        }
        longPrefixes = prefixes
        var subs: [String: CompiledSpec] = [:]
        for sub in spec.subcommands where subs[sub.name] == nil { subs[sub.name] = CompiledSpec(sub) }
        subcommands = subs

        var strictest: Effect? = nil
        var accesses: [PathUse.Access] = []
        func consider(_ effect: OptionEffect, _ what: String) {
            let prefix = "an argument only known at run time could be `\(spec.name) \(what)`, which "
            switch effect {
            case .safe: break
            case .writesFile(let truncates): if !accesses.contains(.write(truncates: truncates)) { accesses.append(.write(truncates: truncates)) }
            case .readsFile: if !accesses.contains(.read) { accesses.append(.read) }
            case .runs(let why): strictest = (strictest ?? .read).joined(.deny(prefix + why))
            case .runsFile: strictest = (strictest ?? .read).joined(.deny(prefix + "runs a file as code"))
            case .effect(let effect):
                if effect.kind > .read {
                    strictest = (strictest ?? .read).joined(Effect(kind: effect.kind, reason: prefix + (effect.reason ?? "is not known to be safe")))
                }
            case .changesDirectory:
                strictest = (strictest ?? .read).joined(.ask(prefix + "changes the directory relative paths mean"))
            }
        }
        for option in spec.options { consider(option.effect, option.names.first ?? "?") }
        func considerOperands(_ operands: OperandSpec) {
            switch operands {
            case .values, .readFiles, .writeFiles: break
            case .skipping(_, let then): considerOperands(then)
            case .command:
                strictest = (strictest ?? .read).joined(.deny("an argument only known at run time could be the command `\(spec.name)` runs"))
            case .script:
                strictest = (strictest ?? .read).joined(.deny("an argument only known at run time could be the code `\(spec.name)` runs"))
            case .keyValue(let keys):
                for key in keys.keys.sorted() { consider(keys[key] ?? .safe, key + "=…") }
            }
        }
        considerOperands(spec.operands)
        if strictest?.kind == .read { strictest = nil }
        runtimeArgument = strictest
        runtimePathAccesses = accesses
    }

    /// The option a long name (without dashes) means: exact, or the one option all names it
    /// abbreviates belong to. `.ambiguous` when it abbreviates names of different options.
    enum LongMatch { case option(Int), ambiguous([String]), none }

    func matchLong(_ written: String) -> LongMatch {
        let name = spec.ignoresCase ? written.lowercased() : written
        if let exact = longOptions[name] { return .option(exact) }
        guard let found = longPrefixes[name] else { return .none }
        guard found == -1 else { return .option(found) }
        let candidates = longNames.lazy.filter { $0.name.hasPrefix(name) }.prefix(4).map(\.name)
        return .ambiguous(Array(candidates))
    }
}
