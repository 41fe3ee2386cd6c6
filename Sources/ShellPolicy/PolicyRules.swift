/// A host's own additions to its policy (`allow:`, `deny:` and `approval:` in hosts.d).
///
/// Rules are command prefixes matched against the *normalized* simple commands (wrappers removed,
/// verb by basename, quotes removed): `deny: ["qm migrate"]` refuses `sudo /usr/sbin/qm 'migrate' 100 pve2`.
/// A `deny:` rule beats an `allow:` rule and the built-in allow-list; neither kind weakens the
/// fail-closed rules (a command whose real text cannot be known is refused whatever the rules say).
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

/// One command prefix, e.g. `ceph osd set noout` or `systemctl restart pveproxy`.
public struct PolicyRule: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The prefix's words, quotes removed; the first is a program name (basename).
    public let words: [String]

    /// Parses a rule as a single simple command of static words; the error says what is wrong.
    public init(_ text: String) throws(PolicyRuleError) {
        let script: ShellScript
        do {
            script = try ShellParser.parse(text)
        } catch {
            throw PolicyRuleError(rule: text, problem: "it could not be parsed (\(error))")
        }
        guard script.commands.count == 1, let command = script.commands.first, command.assignments.isEmpty,
              command.redirections.isEmpty, !command.words.isEmpty else {
            throw PolicyRuleError(rule: text, problem: "a rule is one command and its leading arguments, without `;`, `|`, `>` or `NAME=`")
        }
        var words: [String] = []
        for word in command.words {
            guard let value = word.staticValue, word.substitutions.isEmpty else {
                throw PolicyRuleError(rule: text, problem: "`\(word.raw)` is a pattern or expansion; rules match literal words only")
            }
            words.append(value)
        }
        if words[0].contains("/") { words[0] = String(words[0].split(separator: "/").last ?? "") }
        self.words = words
    }

    public var description: String { words.joined(separator: " ") }

    /// Whether `invocation` starts with this prefix: same verb, then the same leading static arguments.
    func matches(_ invocation: Invocation) -> Bool {
        guard invocation.verb == words[0], invocation.arguments.count >= words.count - 1 else { return false }
        for (word, argument) in zip(words.dropFirst(), invocation.arguments) where argument.staticValue != word {
            return false
        }
        return true
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
        "the rule `\(rule)` cannot be used: \(problem); write a command prefix such as \"systemctl restart pveproxy\""
    }
}
