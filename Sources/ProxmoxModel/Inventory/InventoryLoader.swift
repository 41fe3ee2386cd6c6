import Foundation
import POSIXSupport

/// Builds an `Inventory` from a hosts.d directory (or a single YAML file): reads `*.yaml` and
/// `*.yml` in name order, applies `defaults:`, and checks what only the whole inventory can show
/// (duplicate aliases, several defaults, `defaults:` twice).
public enum InventoryLoader {
    /// Locates the directory with `InventoryLocator`, then loads it. When nothing is found, or the
    /// directory holds no hosts, the error lists every place that was searched.
    public static func load(
        explicit: String?, environment: [String: String], currentDirectory: String
    ) throws(InventoryLoadError) -> Inventory {
        let candidates = InventoryLocator.candidates(explicit: explicit, environment: environment, currentDirectory: currentDirectory)
        let searched = "Searched, in order:\n" + candidates.map { "  \($0.path)  (\($0.origin))" }.joined(separator: "\n")
        guard let found = InventoryLocator.resolve(explicit: explicit, environment: environment, currentDirectory: currentDirectory) else {
            throw InventoryLoadError(.missingInventory, file: nil, line: nil,
                message: "no inventory found: none of the hosts.d directories exists",
                hint: searched + "\n\nCreate one of them (or pass --hosts-dir DIR) with a file such as hosts.d/pve.yaml:\n\n" + Inventory.minimalExample)
        }
        do {
            return try load(directory: found.path, origin: found.origin, environment: environment)
        } catch where error.kind == .noHosts {
            // Name the places skipped on the way, so that "I put it in ~/.config" is easy to spot.
            let skipped = candidates.prefix { $0.path != found.path }
            guard !skipped.isEmpty else { throw error }
            var error = error
            error.hint += "\n\nNot found before it:\n" + skipped.map { "  \($0.path)  (\($0.origin))" }.joined(separator: "\n")
            throw error
        }
    }

    /// Loads `directory` (chosen because of `origin`, e.g. `--hosts-dir`). `environment` supplies
    /// `$HOME` for `~` in paths.
    public static func load(directory: String, origin: String, environment: [String: String]) throws(InventoryLoadError) -> Inventory {
        let files = try yamlFiles(in: directory, origin: origin)
        var hosts: [(entry: InventoryFileParser.Entry, source: InventoryHost.Source)] = []
        var firstSource: [String: InventoryHost.Source] = [:]
        var defaults: (settings: HostSettings, source: InventoryHost.Source)?
        for file in files.read {
            let text = try read(file)
            let paths = PathExpander(environment: environment, baseDirectory: (file as NSString).deletingLastPathComponent)
            let parsed = try InventoryFileParser(file: file, paths: paths).parse(text)
            if let fileDefaults = parsed.defaults {
                let source = InventoryHost.Source(file: file, line: fileDefaults.line)
                if let earlier = defaults?.source {
                    throw InventoryLoadError(.duplicateDefaults, file: file, line: source.line,
                        message: "defaults is given a second time (first at \(earlier))",
                        hint: "Keep one `defaults:` mapping across all files; merge the two.")
                }
                defaults = (fileDefaults.settings, source)
            }
            for entry in parsed.hosts {
                let source = InventoryHost.Source(file: file, line: entry.line)
                if let earlier = firstSource[entry.alias] {
                    throw InventoryLoadError(.duplicateAlias, file: file, line: entry.line,
                        message: "host '\(entry.alias)' is defined twice: at \(earlier) and here",
                        hint: "Each alias names one node; rename or remove one of them.")
                }
                firstSource[entry.alias] = source
                hosts.append((entry, source))
            }
        }
        try checkSingleDefault(hosts.map(\.entry), sources: hosts.map(\.source))

        guard !hosts.isEmpty else { throw noHosts(in: directory, origin: origin, files: files) }
        let knownHosts = PathExpander(environment: environment, baseDirectory: directory).expand("~/.ssh/known_hosts")
        let shared = defaults?.settings ?? HostSettings()
        return Inventory(
            hosts: hosts.map { $0.entry.settings.inheriting(shared).host(alias: $0.entry.alias, defaultKnownHosts: knownHosts, source: $0.source) },
            directory: directory, directoryOrigin: origin, auditLog: shared.auditLog)
    }

    /// `[A-Za-z0-9._-]+`: what aliases and tags may be, so they work unquoted in shells and in `tag:NAME`.
    public static func isSimpleName(_ text: String) -> Bool {
        !text.isEmpty && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "-") }
    }

    private static func checkSingleDefault(_ entries: [InventoryFileParser.Entry], sources: [InventoryHost.Source]) throws(InventoryLoadError) {
        let defaults = zip(entries, sources).filter { $0.0.settings.isDefault == true }
        guard defaults.count > 1 else { return }
        let (first, firstSource) = defaults[0], (second, secondSource) = defaults[1]
        let firstAt = "\(firstSource.file):\(first.defaultLine ?? firstSource.line)"
        throw InventoryLoadError(.duplicateDefault, file: secondSource.file, line: second.defaultLine ?? secondSource.line,
            message: "hosts '\(first.alias)' (\(firstAt)) and '\(second.alias)' both say default: true",
            hint: "Only one host can be the default for calls that name no host; remove `default: true` from one of them.")
    }

    private struct Files {
        var read: [String] = []
        var ignored: [String] = []
    }

    private static func yamlFiles(in path: String, origin: String) throws(InventoryLoadError) -> Files {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InventoryLoadError(.missingDirectory, file: path, line: nil,
                message: "the inventory directory given by \(origin) does not exist",
                hint: "Fix the path, or create it: mkdir -p '\(path)' and add a file such as pve.yaml:\n\n" + Inventory.minimalExample)
        }
        // A single file is an inventory too (`--hosts-dir ./lab.yaml`), whatever its name.
        guard isDirectory.boolValue else { return Files(read: [path]) }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            // Foundation's error hides errno ("NSCocoaErrorDomain error 256"); ask opendir(3) why.
            let code = Self.openDirectoryErrno(path)
            if let code, ResourceLimits.isDescriptorExhaustion(code) {
                throw InventoryLoadError(.unreadable, file: path, line: nil,
                    message: "cannot list the inventory directory: \(ResourceLimits.descriptorDetail(code))",
                    hint: "proxmox-tools ran out of file descriptors; raise the limit (`ulimit -n`, or LimitNOFILE= for a service).")
            }
            throw InventoryLoadError(.unreadable, file: path, line: nil,
                message: "cannot list the inventory directory: \(code.map { String(cString: strerror($0)) } ?? error.localizedDescription)",
                hint: "Check its permissions (ls -ld '\(path)').")
        }
        var files = Files()
        for name in names.sorted() where !name.hasPrefix(".") {
            let full = path.hasSuffix("/") ? path + name : path + "/" + name
            if isYAML(name) && !isDirectoryPath(full) {
                files.read.append(full)
            } else {
                files.ignored.append(name)
            }
        }
        return files
    }

    /// Why `path` cannot be opened as a directory, or nil if it can.
    private static func openDirectoryErrno(_ path: String) -> Int32? {
        guard let directory = opendir(path) else { return errno }
        closedir(directory)
        return nil
    }

    private static func isYAML(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return lowered.hasSuffix(".yaml") || lowered.hasSuffix(".yml")
    }

    private static func isDirectoryPath(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    private static func read(_ file: String) throws(InventoryLoadError) -> String {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw InventoryLoadError(.unreadable, file: file, line: nil,
                message: "cannot read the file", hint: "Check its permissions (ls -l '\(file)').")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw InventoryLoadError(.unreadable, file: file, line: nil,
                message: "the file is not UTF-8 text", hint: "Save it as UTF-8.")
        }
        return text
    }

    private static func noHosts(in directory: String, origin: String, files: Files) -> InventoryLoadError {
        var hint = ""
        if !files.read.isEmpty {
            hint += "Read, but no host defined in: " + files.read.map { ($0 as NSString).lastPathComponent }.joined(separator: ", ") + "\n"
        }
        if !files.ignored.isEmpty {
            hint += "Ignored (only *.yaml and *.yml are read): " + files.ignored.joined(separator: ", ") + "\n"
        }
        hint += "Add a file such as \(directory)/pve.yaml:\n\n" + Inventory.minimalExample
        return InventoryLoadError(.noHosts, file: directory, line: nil,
            message: "no hosts in the inventory directory (\(origin))", hint: hint)
    }
}
