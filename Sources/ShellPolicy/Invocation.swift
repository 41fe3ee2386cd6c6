/// One program run with its arguments, after wrappers (`sudo`, `env`, `xargs`, …) were removed.
struct Invocation: Sendable, Hashable {
    /// The command name as the shell would look it up, by basename: `/usr/sbin/qm` → `qm`.
    var verb: String
    /// The command name as written (static), e.g. `/etc/init.d/ssh`.
    var path: String
    var arguments: [ShellWord]

    init(path: String, arguments: [ShellWord]) {
        self.path = path
        self.verb = path.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? path
        self.arguments = arguments
    }

    /// The normalized command: basename verb plus arguments, as listed in `PolicyVerdict.commands`.
    var text: String { ([verb] + arguments.map(\.display)).joined(separator: " ") }

    /// Static argument values; `nil` for an argument only known at run time.
    var values: [String?] { arguments.map(\.staticValue) }

    /// The first argument that is not an option (`-x`, `--long`), skipping options listed
    /// in `withValue` together with their values.
    func operands(withValue: OptionsWithValues = .none) -> [ShellWord] {
        let start = OptionScanner.firstOperand(arguments, withValue: withValue)
        return Array(arguments[start...])
    }

    /// Whether any option matches a short letter (also inside clusters like `-rf`) or a long name.
    /// `before` limits the search to the words before an index (a wrapper's own options).
    func hasOption(short: Set<Character> = [], long: Set<String> = [], before end: Int? = nil) -> Bool {
        for word in arguments[..<min(end ?? arguments.count, arguments.count)] {
            guard let value = word.staticValue else { continue }
            if value == "--" { return false }
            if value.hasPrefix("--") {
                let name = String(value.dropFirst(2).prefix { $0 != "=" })
                if OptionScanner.abbreviates(name, oneOf: long) { return true }
            } else if value.hasPrefix("-"), value.count > 1, !short.isDisjoint(with: value.dropFirst()) {
                return true
            }
        }
        return false
    }

    /// Options as Proxmox's CLIs (`qm`, `pct`, `pvesm`, `pvesh`, `vzdump`, `qmrestore`, `pveum`, `pvecm`)
    /// read them: one or two dashes, `=value` or a separate value, and any unique prefix of the name
    /// (`-forc 1` is `--force 1`). A prefix of a listed name counts, which errs on the side of matching.
    func hasProxmoxOption(_ names: Set<String>) -> Bool {
        arguments.contains { word in
            guard let value = word.staticValue, value.hasPrefix("-"), value.count > 1, value != "--" else { return false }
            let name = String(value.drop { $0 == "-" }.prefix { $0 != "=" })
            return OptionScanner.abbreviates(name, oneOf: names)
        }
    }
}

/// Options that consume a value (`-u root`, `--user root`); values attached (`-uroot`, `--user=root`) are handled too.
struct OptionsWithValues: Sendable {
    var short: Set<Character>
    var long: Set<String>

    static let none = OptionsWithValues(short: [], long: [])

    init(short: String = "", long: Set<String> = []) {
        self.short = Set(short)
        self.long = long
    }

    init(short: Set<Character>, long: Set<String>) {
        self.short = short
        self.long = long
    }
}

/// getopt-style scanning shared by the wrappers and rules.
enum OptionScanner {
    /// Index of the first operand in `words[from...]` (`words.count` when there is none).
    /// A word only known at run time counts as an operand, so callers treat it as unknowable.
    static func firstOperand(_ words: [ShellWord], from start: Int = 0, withValue: OptionsWithValues) -> Int {
        var index = start
        while index < words.count {
            guard let value = words[index].staticValue else { return index }
            if value == "--" { return index + 1 }
            if value.hasPrefix("--") {
                let name = String(value.dropFirst(2).prefix { $0 != "=" })
                index += abbreviates(name, oneOf: withValue.long) && !value.contains("=") ? 2 : 1
            } else if value.hasPrefix("-"), value.count > 1 {
                index += consumesNext(value, withValue.short) ? 2 : 1
            } else {
                return index
            }
        }
        return words.count
    }

    /// GNU `getopt_long` accepts any unambiguous prefix of a long option (`--in-pl` is `--in-place`,
    /// `--a` may be `--all`); an ambiguous one is an error and nothing runs, so a prefix of a listed
    /// name is taken as that option.
    static func abbreviates(_ name: String, oneOf names: Set<String>) -> Bool {
        !name.isEmpty && (names.contains(name) || names.contains { $0.hasPrefix(name) })
    }

    /// `-nu` with `u` taking a value consumes the next word; `-uroot` does not.
    private static func consumesNext(_ cluster: String, _ short: Set<Character>) -> Bool {
        let letters = Array(cluster.dropFirst())
        for (offset, letter) in letters.enumerated() where short.contains(letter) {
            return offset == letters.count - 1
        }
        return false
    }

    /// The value of an option (`-c STRING`, `-cSTRING`, `--command=STRING`, `--command STRING`), if present.
    static func value(of short: Character?, long: String?, in words: [ShellWord], until end: Int? = nil) -> ShellWord?? {
        let limit = end ?? words.count
        var index = 0
        while index < limit {
            guard let value = words[index].staticValue else { index += 1; continue }
            if value == "--" { return nil }
            if let long, value.hasPrefix("--"), value.count > 2 {
                let name = String(value.dropFirst(2).prefix { $0 != "=" })
                if long.hasPrefix(name) {  // the name or a GNU abbreviation of it
                    if let equals = value.firstIndex(of: "=") { return .some(.literal(String(value[value.index(after: equals)...]))) }
                    return index + 1 < words.count ? .some(words[index + 1]) : .some(nil)
                }
            }
            if let short, value.hasPrefix("-"), !value.hasPrefix("--"), let position = value.dropFirst().firstIndex(of: short) {
                let rest = value[value.index(after: position)...]
                if rest.isEmpty { return index + 1 < words.count ? .some(words[index + 1]) : .some(nil) }
                return .some(.literal(String(rest)))
            }
            index += 1
        }
        return nil
    }
}
