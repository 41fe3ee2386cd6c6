import Foundation
import Testing
@testable import ShellPolicy

/// `ShellBuiltins.names` is the look-up in front of the builtins' switch: a builtin missing from it
/// would be judged as a program of that name instead. The test reads the switch's labels from the
/// source and compares.
@Suite("Policy v3 shell builtins")
struct ShellBuiltinsTests {
    static let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Sources/ShellPolicy/Judge/ShellBuiltins.swift").standardizedFileURL

    @Test func theNameSetIsTheSwitchsLabels() throws {
        let text = try String(contentsOf: Self.source, encoding: .utf8)
        let body = try #require(text.range(of: "static func judge(_ program: String")).upperBound
        let function = text[body...].prefix { _ in true }
        let end = try #require(function.range(of: "\n    }\n")).lowerBound
        var labels: Set<String> = []
        for line in function[..<end].split(separator: "\n", omittingEmptySubsequences: false) {
            // Top-level cases of the switch are indented by eight spaces; their labels may continue on the next line.
            guard line.hasPrefix("        case \"") || line.hasPrefix("             \"") else { continue }
            let quoted = line.split(separator: "\"", omittingEmptySubsequences: false)
            for index in stride(from: 1, to: quoted.count - 1, by: 2) { labels.insert(String(quoted[index])) }
        }
        #expect(labels.count > 50)
        #expect(labels == ShellBuiltins.names, "in the switch only: \(labels.subtracting(ShellBuiltins.names)); in the set only: \(ShellBuiltins.names.subtracting(labels))")
    }

    @Test(arguments: ["eval x", "source f", ". f", "alias a=b", "trap x EXIT", "hash -p /tmp/x ls", "enable -f x y"])
    func builtinsThatRunCodeAreDenied(_ command: String) {
        #expect(CommandPolicy.evaluate(command, mode: .guarded).verdict == .deny)
    }
}
