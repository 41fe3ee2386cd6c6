import Foundation

/// What bash made of one text under one locale, as `scripts/bash-sandbox` reports it.
enum BashParse: Sendable, Equatable {
    /// Accepted; bash's pretty-print, trailing newlines removed (bash ends every command with one
    /// and adds blank lines; none of them is a command).
    case printed(String)
    /// Accepted, but the printout is not UTF-8: a word holds bytes (`$'\xff'`) no Swift String can.
    case printedBytes([UInt8])
    /// A syntax error (exit status 1 or 2), with bash's message.
    case rejected(String)
    /// Bash did not finish: the sandbox's CPU limit or a signal (exit status ≥ 128).
    case failed(status: Int, message: String)
    /// This parse was not requested (or there was no printout to re-parse).
    case notAsked

    var printout: String? {
        if case .printed(let text) = self { return text }
        return nil
    }
}

/// One text for the oracle, and which extra parses it needs.
struct BashRequest: Sendable, Hashable {
    var text: String
    /// Also parse under `LC_ALL=C` (`$'\u00e9'` decodes differently there).
    var alsoCLocale = false
    /// Feed bash's printout back to bash: its printer has bugs (a here-doc before `&&` comes out as a
    /// line starting with `&&`), and a printout bash cannot re-read is no witness of anything.
    var reparse = false
    /// Also check the syntax with `bash -n -c TEXT` (noexec), as the node's `bash -c` reads it: a
    /// string and a file differ at the very end (a final backslash).
    var dashC = false
}

struct BashAnswer: Sendable {
    var utf8: BashParse
    var cLocale: BashParse
    var reparse: BashParse
    /// `bash -n -c`: `.printed(stderr)` when it exits 0, which is not always acceptance.
    var dashC: BashParse

    /// Whether the node's `bash -c` rejects the text; nil when not asked. `bash -c` exits 0 after
    /// "syntax error in conditional expression" (`[[ a ]]` followed by a CR) and runs nothing.
    var dashCRejects: Bool? {
        switch dashC {
        case .printed(let stderr): return stderr.contains("syntax error") || stderr.contains("unexpected EOF")
        case .rejected, .failed: return true
        case .printedBytes, .notAsked: return nil
        }
    }
}

enum BashOracleError: Error, CustomStringConvertible {
    case sandboxFailed(status: Int32, stderr: String)
    case malformedOutput(String)
    case containsNUL(String)

    var description: String {
        switch self {
        case .sandboxFailed(let status, let stderr):
            return "scripts/bash-sandbox exited \(status): \(stderr)\n"
                + "Run `scripts/bash-sandbox --self-test` as root to see which part of the sandbox is missing."
        case .malformedOutput(let detail):
            return "scripts/bash-sandbox answered in an unexpected format (\(detail)); the script and BashOracle disagree."
        case .containsNUL(let text):
            return "a text with a NUL byte cannot be sent to bash (it ends a C string): \(text.debugDescription)"
        }
    }
}

/// Bash 5.2's own parser, run by `scripts/bash-sandbox` (pretty-print mode: nothing is executed).
enum BashOracle {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let script = packageRoot.appendingPathComponent("scripts/bash-sandbox")

    /// Parses every request in ONE sandbox run; answers come back in the same order.
    static func parse(_ requests: [BashRequest]) throws -> [BashAnswer] {
        var input = Data()
        for request in requests {
            guard !request.text.utf8.contains(0) else { throw BashOracleError.containsNUL(request.text) }
            let flags = (request.alsoCLocale ? "c" : "") + (request.reparse ? "r" : "") + (request.dashC ? "n" : "")
            input.append(contentsOf: Array(flags.utf8) + [UInt8(ascii: ":")] + Array(request.text.utf8) + [0])
        }
        let output = try run(arguments: [], input: input)
        let fields = output.split(separator: 0, omittingEmptySubsequences: false).dropLast()
        guard fields.count == requests.count * 4 else {
            throw BashOracleError.malformedOutput("\(fields.count) fields for \(requests.count) texts")
        }
        let parses = try fields.map { try decode(Array($0)) }
        return stride(from: 0, to: parses.count, by: 4).map {
            BashAnswer(utf8: parses[$0], cLocale: parses[$0 + 1], reparse: parses[$0 + 2], dashC: parses[$0 + 3])
        }
    }

    /// The sandbox's own checks, one "ok …" or "FAIL …" line each.
    static func selfTest() throws -> [String] {
        let output = try run(arguments: ["--self-test"], input: Data(), acceptFailure: true)
        return String(decoding: output, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    private static func decode(_ field: [UInt8]) throws -> BashParse {
        guard let colon = field.firstIndex(of: UInt8(ascii: ":")) else {
            throw BashOracleError.malformedOutput("a field without a tag")
        }
        let tag = String(decoding: field[..<colon], as: UTF8.self)
        var body = Array(field[(colon + 1)...])
        switch tag {
        case "-": return .notAsked
        case "OK":
            while body.last == UInt8(ascii: "\n") { body.removeLast() }
            guard let text = String(validating: body, as: UTF8.self) else { return .printedBytes(body) }
            return .printed(text)
        default:
            guard tag.hasPrefix("ERR "), let status = Int(tag.dropFirst(4)) else {
                throw BashOracleError.malformedOutput("tag \(tag.debugDescription)")
            }
            let message = String(decoding: body, as: UTF8.self)
            return status == 1 || status == 2 ? .rejected(message) : .failed(status: status, message: message)
        }
    }

    private static func run(arguments: [String], input: Data, acceptFailure: Bool = false) throws -> Data {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("bash-oracle-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let inputFile = directory.appendingPathComponent("in"), errorFile = directory.appendingPathComponent("err")
        try input.write(to: inputFile)
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)

        let process = Process()
        process.executableURL = script
        process.arguments = arguments
        // Files, not pipes, for stdin and stderr: only stdout is read while the process runs, so a
        // full pipe can never block either side.
        process.standardInput = try FileHandle(forReadingFrom: inputFile)
        process.standardError = try FileHandle(forWritingTo: errorFile)
        let stdout = Pipe()
        process.standardOutput = stdout
        try process.run()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 || acceptFailure else {
            let stderr = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
            throw BashOracleError.sandboxFailed(status: process.terminationStatus, stderr: stderr)
        }
        return output
    }
}
