/// Refinements for `curl` and `wget`: methods, header and cookie files, URL schemes, and the file a
/// download is saved to when no output is named.
extension SpecRefinements {
    /// Where `scheme://` ends: the scheme's end and the index after `://` (no Foundation here).
    static func schemeSplit(_ text: String) -> (String.Index, String.Index)? {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let after = text[colon...]
        guard after.hasPrefix("://") else { return nil }
        return (colon, text.index(colon, offsetBy: 3))
    }

    static let plainSchemes: Set<String> = ["http", "https", "ftp", "ftps"]

    /// `file:///etc/shadow` reads a local file; `gopher://`, `dict://`, `smtp://`… can talk to any service.
    static func url(_ url: ArgumentValue, program: String, into judgement: inout ProgramJudgement) {
        guard let text = url.literal else { return }
        guard let (schemeEnd, rest) = schemeSplit(text) else { return }
        let scheme = text[..<schemeEnd].lowercased()
        if scheme == "file" {
            let path = String(text[rest...].drop { $0 != "/" })
            judgement.paths.append(PathUse(path: .literal(path.isEmpty ? "/" : path), access: .read, by: "`\(program) file://`"))
        } else if !plainSchemes.contains(scheme) {
            judgement.effect = judgement.effect.joined(.ask("`\(program) \(OptionParserClip.clip(scheme))://` can send data to any service"))
        }
    }

    /// The name a download gets from its URL (`https://h/a/debian.iso?x` → `debian.iso?x`), in `directory`.
    static func downloadName(_ url: ArgumentValue, directory: ArgumentValue?, fallback: String) -> ArgumentValue {
        let prefix = directory.map { $0.display.hasSuffix("/") ? $0.display : $0.display + "/" } ?? "./"
        guard let text = url.literal, directory?.literal != nil || directory == nil else { return .unknown(prefix + "<name from the URL>") }
        var rest = Substring(text)
        if let (_, after) = schemeSplit(text) { rest = text[after...] }
        let path = rest.drop { $0 != "/" }
        let name = path.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        if name.contains("{") || name.contains("[") { return .unknown(prefix + name) }
        return .literal(prefix + (name.isEmpty || name == "." || name == ".." ? fallback : name))
    }

    static let curl: SpecRefinement = { parsed, judgement in
        for option in options(parsed, named: "-X") {
            let method = option.value?.literal?.uppercased()
            if method != "GET" && method != "HEAD" {
                judgement.effect = judgement.effect.joined(.ask("`curl -X \(OptionParserClip.clip(option.value?.display ?? ""))` is not a GET or HEAD request"))
            }
        }
        for option in options(parsed, named: "-H") + options(parsed, named: "--proxy-header") {
            guard let value = option.value, let text = value.literal else {
                judgement.effect = judgement.effect.joined(.ask("a `curl` header only known at run time may be `@file`"))
                continue
            }
            if text.hasPrefix("@") { judgement.effect = judgement.effect.joined(.ask("`curl -H @file` sends a file's lines as headers")) }
        }
        for option in options(parsed, named: "-b") {
            guard let value = option.value, let text = value.literal else { continue }
            if !text.contains("=") { judgement.paths.append(PathUse(path: value, access: .read, by: "`curl -b`")) }
        }
        for option in options(parsed, named: "-w") {
            guard let text = option.value?.literal else {
                judgement.effect = judgement.effect.joined(.ask("a `curl -w` format only known at run time may write files"))
                continue
            }
            if text.hasPrefix("@") { judgement.paths.append(PathUse(path: .literal(String(text.dropFirst())), access: .read, by: "`curl -w @file`")) }
            if TextSearch.contains(text, "%output{") { judgement.effect = judgement.effect.joined(.ask("`curl -w %output{…}` writes a file")) }
        }
        let urls = parsed.operands + options(parsed, named: "--url").compactMap(\.value)
        for address in urls { url(address, program: "curl", into: &judgement) }
        let remoteName = !options(parsed, named: "-O").isEmpty || !options(parsed, named: "--remote-name-all").isEmpty
        if remoteName {
            let directory = options(parsed, named: "--output-dir").last?.value
            for address in urls {
                judgement.paths.append(PathUse(path: downloadName(address, directory: directory, fallback: "curl_response"),
                                               access: .write(truncates: true), by: "`curl -O`"))
            }
        }
    }

    static let wget: SpecRefinement = { parsed, judgement in
        if let method = options(parsed, named: "--method").last, !["GET", "HEAD"].contains(method.value?.literal?.uppercased() ?? "") {
            judgement.effect = judgement.effect.joined(.ask("`wget --method \(OptionParserClip.clip(method.value?.display ?? ""))` is not a GET or HEAD request"))
        }
        for address in parsed.operands { url(address, program: "wget", into: &judgement) }
        let documents = options(parsed, named: "-O")
        let spider = !options(parsed, named: "--spider").isEmpty
        guard documents.isEmpty, !spider else { return }
        let directory = options(parsed, named: "-P").last?.value
        for address in parsed.operands {
            judgement.paths.append(PathUse(path: downloadName(address, directory: directory, fallback: "index.html"),
                                           access: .write(truncates: false), by: "`wget`"))
        }
        if !parsed.operands.isEmpty { judgement.effect = judgement.effect.joined(.change("`wget` saves a download")) }
    }
}
