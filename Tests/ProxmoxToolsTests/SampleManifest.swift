import Foundation

/// Tests/Fixtures/samples/commands.tsv: which command each sample file answers. The simulated
/// cluster reads the same file, so the unit tests and the sim never disagree about a fixture.
struct SampleManifest {
    struct Line {
        var file: String
        var command: String
        var exitCode: Int32
    }

    struct Answer {
        var command: String
        var exitCode: Int32
        /// `.err` files are the command's stderr.
        var isStderr: Bool
    }

    var lines: [Line]

    static func load() throws -> SampleManifest {
        let text = try String(contentsOf: Fixtures.root.appendingPathComponent("samples/commands.tsv"), encoding: .utf8)
        var lines: [Line] = []
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if raw.isEmpty || raw.hasPrefix("#") { continue }
            let fields = raw.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 2 || fields.count == 3, let exit = Int32(fields.count == 3 ? fields[2] : "0") else {
                throw ManifestError(line: number + 1, text: String(raw))
            }
            lines.append(Line(file: fields[0], command: fields[1], exitCode: exit))
        }
        return SampleManifest(lines: lines)
    }

    /// The commands `file` answers (`qm_status_100_verbose.txt` → `qm status 100 --verbose`).
    func answers(forFile file: String) -> [Answer] {
        lines.compactMap { answer(line: $0, file: file) }
    }

    private func answer(line: Line, file: String) -> Answer? {
        do {
            if line.file == file {
                return Answer(command: line.command, exitCode: line.exitCode, isStderr: file.hasSuffix(".err"))
            }
            let parts = line.file.components(separatedBy: "{vmid}")
            guard parts.count == 2, file.hasPrefix(parts[0]), file.hasSuffix(parts[1]),
                  file.count > parts[0].count + parts[1].count else { return nil }
            let middle = String(file.dropFirst(parts[0].count).dropLast(parts[1].count))
            guard let vmid = Int(middle), String(vmid) == middle else { return nil }
            return Answer(command: line.command.replacingOccurrences(of: "{vmid}", with: String(vmid)),
                          exitCode: line.exitCode, isStderr: file.hasSuffix(".err"))
        }
    }

    struct ManifestError: Error, CustomStringConvertible {
        var line: Int
        var text: String
        var description: String { "samples/commands.tsv:\(line): expected FILE<TAB>COMMAND[<TAB>EXIT], got \"\(text)\"" }
    }
}
