/// A host's own additions to its policy (`allow:`, `deny:` and `approval:` in hosts.d).
///
/// Rules match the *structured* form of every command that runs (wrappers removed, program by
/// basename, options parsed by the program's spec):
/// - `deny: ["qm migrate"]` refuses any `qm migrate …`, however it is written (`sudo /usr/sbin/qm
///   'migrate' --online 100`), and `deny: ["systemctl stop pveproxy"]` matches `pveproxy.service`,
///   `--no-block` anywhere and a second unit. Option words in a deny rule must be present.
/// - `allow: ["ceph osd set noout"]` is the exact command (words after the program equal, options too);
///   `allow: ["prefix: systemctl restart"]` matches any command starting with those words. An allow rule
///   turns a person's approval into "run unattended" for a command that would `ask`; it never lifts a
///   `deny`, a secret read or a write outside the writable places.
public struct PolicyRules: Sendable, Hashable, Codable {
    /// What happens to an `ask` verdict on this host.
    public enum Approval: String, Sendable, Hashable, Codable, CaseIterable {
        /// A person is asked (MCP elicitation or a terminal prompt).
        case ask
        /// Nobody is asked: every `ask` becomes a refusal.
        case deny
    }

    public var allow: [PolicyRule]
    public var deny: [PolicyRule]
    public var approval: Approval

    public init(allow: [PolicyRule] = [], deny: [PolicyRule] = [], approval: Approval = .ask) {
        self.allow = allow
        self.deny = deny
        self.approval = approval
    }

    /// No host rules: the built-in policy alone, asking when unsure.
    public static let none = PolicyRules()
}

/// One rule: a command (exact for `allow:`), or with `prefix:` its leading words.
public struct PolicyRule: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The rule's words, quotes removed; the first is a program name (basename).
    public let words: [String]
    /// `prefix: …`: any command starting with `words`.
    public let isPrefix: Bool

    /// Parses a rule as a single simple command of static words; the error says what is wrong.
    public init(_ text: String) throws(PolicyRuleError) {
        var body = Substring(text)
        var prefix = false
        if body.hasPrefix("prefix:") {
            prefix = true
            body = body.dropFirst("prefix:".count)
        }
        let list: ShellList
        do {
            list = try ShellTreeParser.parse(String(body))
        } catch {
            throw PolicyRuleError(rule: text, problem: "it could not be parsed (\(error))")
        }
        guard list.items.count == 1, let item = list.items.first, !item.background, item.andOr.rest.isEmpty,
              item.andOr.first.commands.count == 1, case .simple(let command) = item.andOr.first.commands[0],
              command.assignments.isEmpty, command.redirections.isEmpty, !command.words.isEmpty else {
            throw PolicyRuleError(rule: text, problem: "a rule is one command and its arguments, without `;`, `|`, `>` or `NAME=`")
        }
        var words: [String] = []
        for word in command.words {
            guard let value = word.literalValue else {
                throw PolicyRuleError(rule: text, problem: "a rule word is a pattern or expansion; rules match literal words only")
            }
            words.append(value)
        }
        if words[0].contains("/") { words[0] = String(words[0].split(separator: "/").last ?? "") }
        self.words = words
        self.isPrefix = prefix
    }

    public var description: String { (isPrefix ? "prefix: " : "") + words.joined(separator: " ") }

    /// Units and API paths are spelled several ways; rules compare one spelling.
    static func normalize(_ word: String) -> String {
        var text = word
        if text.hasSuffix(".service") { text.removeLast(".service".count) }
        if text.hasPrefix("/") {
            text = "/" + text.split(separator: "/").joined(separator: "/")
        }
        return text
    }

    /// A `deny:` rule: same program; each non-option word found in order among subcommands and operands;
    /// each option word present among the options given.
    func matches(_ invocation: NormalizedInvocation) -> Bool {
        guard invocation.program == words[0] else { return false }
        let positional = (invocation.subcommands + invocation.operands.map { $0.literal ?? "\u{0}" }).map(Self.normalize)
        var next = positional.startIndex
        for word in words.dropFirst() {
            if word.hasPrefix("-") {
                let name = String(word.prefix { $0 != "=" })
                let given = invocation.options.keys.contains { $0 == name || $0.hasPrefix(name) || name.hasPrefix($0) }
                if !given { return false }
                continue
            }
            let wanted = Self.normalize(word)
            guard let found = positional[next...].firstIndex(of: wanted) else { return false }
            next = found + 1
        }
        return true
    }

    /// An `allow:` rule without `prefix:`: the command's words after the program equal the rule's.
    func matchesExactly(_ arguments: [String?]) -> Bool {
        guard !isPrefix, arguments.count == words.count, let program = arguments.first ?? nil else { return false }
        let base = program.split(separator: "/").last.map(String.init) ?? program
        return base == words[0] && zip(arguments.dropFirst(), words.dropFirst()).allSatisfy { $0 == $1 }
    }

    /// An `allow: prefix: …` rule: the structured command starts with the rule's words.
    func matchesPrefix(_ invocation: NormalizedInvocation) -> Bool {
        isPrefix && matches(invocation)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { try self.init(text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// A rule that cannot be used, with what to write instead.
public struct PolicyRuleError: Error, Sendable, Hashable, CustomStringConvertible {
    public var rule: String
    public var problem: String
    public var description: String {
        "the rule `\(rule)` cannot be used: \(problem); write a command such as \"systemctl restart pveproxy\" (or \"prefix: systemctl restart\")"
    }
}
