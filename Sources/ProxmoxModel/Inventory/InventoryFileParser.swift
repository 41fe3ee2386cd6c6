import Yams

/// Reads one hosts.d file: composes it with Yams (so every node keeps its line) and walks the
/// top-level mapping of aliases and the optional `defaults:` mapping.
struct InventoryFileParser {
    struct Entry {
        var alias: String
        var line: Int
        var settings: HostSettings
        /// Line of `default:` when the host sets it, for the "two defaults" message.
        var defaultLine: Int?
    }

    struct Parsed {
        var hosts: [Entry] = []
        var defaults: (settings: HostSettings, line: Int)?
    }

    let file: String
    let paths: PathExpander

    func parse(_ text: String) throws(InventoryLoadError) -> Parsed {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw malformed(error, text: text)
        } catch {
            throw InventoryLoadError(.malformedYAML, file: file, line: nil, message: "cannot parse YAML: \(error)")
        }
        // An empty file, or one with only comments, defines nothing; the loader complains only if
        // the whole inventory ends up empty.
        guard let root, root.null == nil else { return Parsed() }
        guard let mapping = root.mapping else {
            throw InventoryLoadError(.notAMapping, file: file, line: root.mark?.line ?? 1,
                message: "the top level must map node aliases to their settings",
                hint: "For example:\n\n" + Inventory.minimalExample)
        }
        var parsed = Parsed()
        let settingsParser = HostSettingsParser(file: file, paths: paths)
        for (keyNode, value) in mapping {
            let line = keyNode.mark?.line ?? 1
            let alias = keyNode.scalar?.string ?? ""
            if alias == InventoryKey.defaultsSection {
                guard let defaults = value.mapping else {
                    throw InventoryLoadError(.notAMapping, file: file, line: line,
                        message: "defaults must be a mapping of settings every host inherits",
                        hint: "For example:\n  defaults:\n    user: root\n    policy: read-only")
                }
                parsed.defaults = (try settingsParser.parse(defaults, section: .defaults).settings, line)
                continue
            }
            guard InventoryLoader.isSimpleName(alias) else {
                throw InventoryLoadError(.badAlias, file: file, line: line,
                    message: "'\(alias)' is not a valid node alias",
                    hint: "Use letters, digits, '.', '_' and '-' only (e.g. pve-2); the address goes under the alias as `address:`.")
            }
            let settings = try hostSettings(alias: alias, value: value, line: line, parser: settingsParser)
            parsed.hosts.append(Entry(alias: alias, line: line, settings: settings.settings,
                                      defaultLine: settings.lines[.isDefault]))
        }
        return parsed
    }

    private func hostSettings(alias: String, value: Node, line: Int, parser: HostSettingsParser) throws(InventoryLoadError) -> HostSettingsParser.Result {
        let shape = "\(alias):\n  address: 192.168.1.12"
        if value.null != nil {
            throw InventoryLoadError(.missingAddress, file: file, line: line,
                message: "host '\(alias)' has no settings", hint: "Give it at least an address:\n  \(shape.replacingOccurrences(of: "\n", with: "\n  "))")
        }
        guard let mapping = value.mapping else {
            let written = value.scalar.map { "'\($0.string)'" } ?? "a list"
            throw InventoryLoadError(.notAMapping, file: file, line: line,
                message: "host '\(alias)' must be a mapping of settings (got \(written))",
                hint: "Write the address under the alias:\n  \(shape.replacingOccurrences(of: "\n", with: "\n  "))")
        }
        let result = try parser.parse(mapping, section: .host(alias: alias))
        guard result.settings.address != nil else {
            throw InventoryLoadError(.missingAddress, file: file, line: line,
                message: "host '\(alias)' has no address",
                hint: "Add the node's IP address or DNS name, e.g.\n  \(alias):\n    address: 192.168.1.12")
        }
        return result
    }

    /// libyaml's complaint, at its line, with the offending line quoted.
    private func malformed(_ error: YamlError, text: String) -> InventoryLoadError {
        let hint = "Check the indentation (spaces, not tabs) and that each `key: value` has a space after the colon."
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let during = context.map { " (\($0.text) at line \($0.mark.line))" } ?? ""
            return InventoryLoadError(.malformedYAML, file: file, line: mark.line,
                message: "malformed YAML: \(problem)\(during)", hint: quote(line: mark.line, of: text) + hint)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return duplicateKey(duplicates.first ?? "?", firstMark: context.mark, text: text)
        case .reader(let problem, let offset, _, _):
            let line = offset.map { text.prefix($0).filter { $0 == "\n" }.count + 1 }
            return InventoryLoadError(.unreadable, file: file, line: line,
                message: "cannot read the file: \(problem)", hint: "Save it as UTF-8 text.")
        default:
            return InventoryLoadError(.malformedYAML, file: file, line: nil, message: "malformed YAML: \(error)", hint: hint)
        }
    }

    /// Yams reports only the first of two equal keys; find the second by looking for the same key
    /// at the same indentation further down, so the message can name both lines.
    private func duplicateKey(_ key: String, firstMark: Mark, text: String) -> InventoryLoadError {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let indent = String(repeating: " ", count: max(firstMark.column - 1, 0))
        let second = lines.indices.first { index in
            guard index + 1 > firstMark.line else { return false }
            let line = lines[index]
            guard line.hasPrefix(indent), line.dropFirst(indent.count).first?.isWhitespace == false else { return false }
            let rest = line.dropFirst(indent.count)
            return ["\(key):", "\"\(key)\":", "'\(key)':"].contains { rest.hasPrefix($0) }
        }.map { $0 + 1 }
        let topLevel = firstMark.column == 1
        let what = topLevel ? (key == InventoryKey.defaultsSection ? "defaults" : "alias '\(key)'") : "key '\(key)'"
        let lines2 = second.map { "lines \(firstMark.line) and \($0)" } ?? "line \(firstMark.line) and again below"
        return InventoryLoadError(
            topLevel ? (key == InventoryKey.defaultsSection ? .duplicateDefaults : .duplicateAlias) : .duplicateKey,
            file: file, line: second ?? firstMark.line,
            message: "\(what) appears twice in this file (\(lines2))",
            hint: topLevel && key != InventoryKey.defaultsSection
                ? "Each alias names one node; rename or remove one of them."
                : "Keep only one of them.")
    }

    private func quote(line: Int, of text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard line >= 1, line <= lines.count else { return "" }
        return "  \(line) | \(lines[line - 1])\n"
    }
}
