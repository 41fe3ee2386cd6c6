// shell-policy-bench: time CommandPolicy decisions (release build recommended).
//
//   swift test --filter PolicyCorpusExport   with POLICY_CORPUS_OUT=/tmp/corpus.json, then
//   swift build -c release --product shell-policy-bench
//   .build/release/shell-policy-bench /tmp/corpus.json
//
// Prints the corpus size by class, the verdict counts, the median time per decision over the
// corpus, and the slowest of the generated worst cases (100 KB lines, 10,000-deep nesting).
import Foundation
import ShellPolicy

struct CorpusCase: Decodable {
    var group: String
    var command: String
    var mode: String
}

func seconds(_ body: () -> Void) -> Double {
    let clock = ContinuousClock()
    let elapsed = clock.measure(body)
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

/// Unbuffered, so what was printed survives a crash in a later case.
func say(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
}

func format(_ value: Double) -> String {
    value < 1e-3 ? String(format: "%.1f µs", value * 1e6) : String(format: "%.2f ms", value * 1e3)
}

let arguments = CommandLine.arguments
guard arguments.count == 2, let data = FileManager.default.contents(atPath: arguments[1]) else {
    FileHandle.standardError.write(Data("usage: shell-policy-bench CORPUS.json (see the comment at the top of main.swift)\n".utf8))
    exit(64)
}
let corpus = try JSONDecoder().decode([CorpusCase].self, from: data)

var byGroup: [String: Int] = [:]
var verdicts: [String: [Verdict: Int]] = [:]
var times: [Double] = []
for item in corpus {
    let mode = PolicyMode(rawValue: item.mode) ?? .guarded
    byGroup[item.group, default: 0] += 1
    var verdict = Verdict.allow
    var samples: [Double] = []
    for _ in 0..<15 { samples.append(seconds { verdict = CommandPolicy.evaluate(item.command, mode: mode).verdict }) }
    verdicts[item.mode, default: [:]][verdict, default: 0] += 1
    times.append(median(samples))
}
say("corpus: \(corpus.count) cases")
for (group, count) in byGroup.sorted(by: { $0.key < $1.key }) { say("  \(group): \(count)") }
for (mode, counts) in verdicts.sorted(by: { $0.key < $1.key }) {
    say("verdicts (\(mode)): " + Verdict.allCases.map { "\($0.rawValue) \(counts[$0] ?? 0)" }.joined(separator: ", "))
}
if !times.isEmpty {
    say("time per decision: median \(format(median(times))), p99 \(format(times.sorted()[Int(Double(times.count - 1) * 0.99)])), max \(format(times.max() ?? 0))")
}

let levels = 10_000
let worst: [(String, String)] = [
    ("100 KB of `ls; `", String(repeating: "ls; ", count: 25_000)),
    ("100 KB word", "echo " + String(repeating: "a", count: 99_990)),
    ("100 KB unterminated quote", "echo '" + String(repeating: "a", count: 99_990)),
    ("100 KB of `echo $(ls) | grep x && `", String(repeating: "echo $(ls) | grep x && ", count: 4_000) + "ls"),
    ("100 KB here-doc of $(id)", "cat <<EOF\n" + String(repeating: "$(id)\n", count: 16_000) + "EOF"),
    ("100 KB of `a=(`", String(repeating: "a=(", count: 33_000)),
    ("100 KB of `sudo `", String(repeating: "sudo ", count: 19_999) + "ls"),
    ("100 KB of `sh -c '`", String(repeating: "sh -c '", count: 14_000)),
    ("100 KB of backticks", String(repeating: "`", count: 100_000)),
    ("10,000 × `{ `", String(repeating: "{ ", count: levels) + "ls; " + String(repeating: "}; ", count: levels)),
    ("10,000 × `( `", String(repeating: "( ", count: levels) + "ls" + String(repeating: " )", count: levels)),
    ("10,000 × `$( `", "echo " + String(repeating: "$( ", count: levels) + "ls" + String(repeating: ")", count: levels)),
    ("10,000 × `${x:-`", "echo " + String(repeating: "${x:-", count: levels) + "y" + String(repeating: "}", count: levels)),
    ("5,000 × `if` (90 KB)", String(repeating: "if true; then ", count: levels / 2) + "ls" + String(repeating: "; fi", count: levels / 2)),
]
var slowest = ("", 0.0)
for (name, command) in worst {
    var verdict = Verdict.allow
    let time = (0..<3).map { _ in seconds { verdict = CommandPolicy.evaluate(command, mode: .guarded).verdict } }.min() ?? 0
    say("  \(name) (\(command.utf8.count) bytes): \(verdict.rawValue) in \(format(time))")
    if time > slowest.1 { slowest = (name, time) }
}
say("worst case: \(slowest.0) in \(format(slowest.1))")

// The deepest input the parser accepts, on a thread with a 512 KiB stack (macOS's size for
// Swift's cooperative pool): prints the verdicts, or crashes — which is the finding.
let limit = Int(ProcessInfo.processInfo.environment["DEPTH"] ?? "") ?? 100  // ShellParser.maximumNesting
let only = Int(ProcessInfo.processInfo.environment["ONLY"] ?? "")
let deepest = [
    String(repeating: "{ ", count: limit - 1) + "ls; " + String(repeating: "}; ", count: limit - 1),
    String(repeating: "( ", count: limit - 1) + "ls" + String(repeating: " )", count: limit - 1),
    String(repeating: "if true; then ", count: limit - 1) + "ls" + String(repeating: "; fi", count: limit - 1),
    "echo " + String(repeating: "\"${x:-", count: limit / 2 - 1) + "y" + String(repeating: "}\"", count: limit / 2 - 1),
]
let done = DispatchSemaphore(value: 0)
let thread = Thread {
    let answers = deepest.enumerated().filter { only == nil || $0.offset == only }.map(\.element).map { CommandPolicy.evaluate($0, mode: .guarded).verdict.rawValue }
    say("deepest accepted nesting on a 512 KiB stack: \(answers.joined(separator: ", "))")
    done.signal()
}
thread.stackSize = (Int(ProcessInfo.processInfo.environment["STACK_KB"] ?? "") ?? 512) * 1024
thread.start()
done.wait()
