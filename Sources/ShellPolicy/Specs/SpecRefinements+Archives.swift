/// Refinements for `tar` (what its operation mode makes of `-f` and the operands) and compressors
/// (which replace their input files unless told to write to stdout).
extension SpecRefinements {
    static let tar: SpecRefinement = { parsed, judgement in
        let modes: [(String, String)] = [("-c", "create"), ("-r", "append"), ("-u", "update"), ("-x", "extract"),
                                         ("-t", "list"), ("-d", "diff"), ("--delete", "delete"), ("-A", "catenate"),
                                         ("--test-label", "test-label")]
        let found = modes.filter { !options(parsed, named: $0.0).isEmpty }
        let present = found.map(\.1)
        let letter = found.first.map { $0.0.hasPrefix("--") ? $0.0 : String($0.0.dropFirst()) } ?? ""
        guard present.count == 1, let mode = present.first else {
            judgement.effect = judgement.effect.joined(.ask(present.isEmpty ? "`tar` without an operation mode (-c, -x, -t…)"
                                                                           : "`tar` with several operation modes; tar would refuse it"))
            return
        }
        judgement.normalized.subcommands = [mode]
        let archive = options(parsed, named: "-f").last?.value ?? .literal("-")
        if let name = archive.literal, options(parsed, named: "--force-local").isEmpty,
           let colon = name.firstIndex(of: ":"), !name[..<colon].contains("/") {
            judgement.effect = judgement.effect.joined(.deny("`tar -f \(OptionParserClip.clip(name))` is a remote archive, reached by running rsh/ssh"))
            return
        }
        if archive.literal == nil {
            // `tar -f host:path` runs rsh; an archive name only known at run time could be one.
            judgement.effect = judgement.effect.joined(.deny("`tar -f` archive only known at run time could be `host:path` (runs a remote shell)"))
        }
        let toStdout = !options(parsed, named: "-O").isEmpty
        switch mode {
        case "create", "append", "update", "catenate":
            if archive != .literal("-") {
                judgement.paths.append(PathUse(path: archive, access: .write(truncates: mode == "create"), by: "`tar -\(letter)f`"))
            }
            for file in parsed.operands { judgement.paths.append(PathUse(path: file, access: .read, by: "`tar \(mode)`")) }
            judgement.effect = judgement.effect.joined(.change("`tar \(mode)` writes an archive"))
        case "extract":
            if archive != .literal("-") { judgement.paths.append(PathUse(path: archive, access: .read, by: "`tar -xf`")) }
            if !toStdout {
                judgement.effect = judgement.effect.joined(.ask("`tar -x` extracts files, which may overwrite anything under the target directory"))
            }
        default:
            if archive != .literal("-") { judgement.paths.append(PathUse(path: archive, access: .read, by: "`tar -\(letter)f`")) }
        }
    }

    /// `gzip FILE` replaces FILE by FILE.gz; `-c`, `-l`, `-t` and `-d -c` only read.
    static func compressor(decompresses: Bool, keepsByDefault: Bool) -> SpecRefinement {
        { parsed, judgement in
            let program = judgement.normalized.program
            let readsOnly = ["-c", "-l", "-t"].contains { !options(parsed, named: $0).isEmpty }
                || options(parsed, named: "-o").contains { $0.value == .literal("-") }
            let files = parsed.operands.filter { $0 != .literal("-") }
            if readsOnly || files.isEmpty || !options(parsed, named: "-o").isEmpty {
                for file in files { judgement.paths.append(PathUse(path: file, access: .read, by: "`\(program)`")) }
                if !readsOnly && !files.isEmpty { judgement.effect = judgement.effect.joined(.change("`\(program) -o` writes a file")) }
                return
            }
            let keeps = keepsByDefault || !options(parsed, named: "-k").isEmpty
            // The output is created beside the input (same directory), and the input removed unless kept.
            for file in files {
                judgement.paths.append(PathUse(path: file, access: .write(truncates: !keeps), by: "`\(program)`"))
            }
            let decompressing = decompresses || !options(parsed, named: "-d").isEmpty
            judgement.effect = judgement.effect.joined(.change("`\(program)` \(decompressing ? "decompresses" : "compresses") files \(keeps ? "beside" : "in place of") the originals"))
        }
    }
}
