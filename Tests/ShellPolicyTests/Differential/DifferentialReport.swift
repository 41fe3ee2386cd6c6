/// Every case of one differential run, judged in ONE sandbox run: all inputs S and all renderings R
/// go to bash together.
struct DifferentialReport: Sendable {
    var results: [DifferentialResult]
    var bashAnswers: Int

    static func run(
        _ cases: [DifferentialCase], canonical: CanonicalRendering, known: [String: String] = KnownDifferences.table
    ) throws -> DifferentialReport {
        let renderings = cases.map { input in Result { try canonical(input.text) } }
        // Keyed by bytes: String keys compare by canonical equivalence, and an NFD text must not
        // borrow the answer bash gave for its NFC twin.
        var requests: [[UInt8]: BashRequest] = [:], order: [[UInt8]] = []
        func ask(_ text: String, cLocale: Bool) {
            guard !text.utf8.contains(0) else { return }
            let key = Array(text.utf8)
            if requests[key] == nil { order.append(key) }
            var request = requests[key] ?? BashRequest(text: text, reparse: true, dashC: true)
            request.alsoCLocale = request.alsoCLocale || cLocale
            requests[key] = request
        }
        for (input, rendering) in zip(cases, renderings) {
            ask(input.text, cLocale: true)
            if case .success(let rendered) = rendering { ask(rendered, cLocale: mayDependOnLocale(rendered)) }
        }
        let answers = try BashOracle.parse(order.map { requests[$0]! })
        let answerByText = Dictionary(uniqueKeysWithValues: zip(order, answers))
        func answer(for text: String) -> BashAnswer? { answerByText[Array(text.utf8)] }

        let results = zip(cases, renderings).map { input, rendering -> DifferentialResult in
            var result = DifferentialResult(input: input, rendering: try? rendering.get(), agreement: .agrees)
            if let answer = answer(for: input.text) {
                result.agreement = DifferentialCheck.agreement(
                    of: input.text, rendering: rendering, answer: answer, canonical: canonical,
                    knownDifference: known.first { DifferentialCheck.sameBytes($0.key, input.text) }?.value)
                switch answer.utf8 {
                case .rejected, .failed: result.bashRejects = true
                default: break
                }
                if case .printed(let utf8) = answer.utf8, case .printed(let c) = answer.cLocale {
                    result.localeDependentInput = !DifferentialCheck.sameBytes(utf8, c)
                }
            } else {
                result.agreement = DifferentialCheck.agreementWithNUL(rendering: rendering)
            }
            if let rendered = result.rendering {
                result.fidelity = answer(for: rendered).map {
                    DifferentialCheck.fidelity(of: rendered, answer: $0, canonical: canonical)
                } ?? .failed("the rendering holds a NUL byte")
            }
            return result
        }
        return DifferentialReport(results: results, bashAnswers: order.count)
    }

    /// Locale changes bash's reading only through bytes ≥ 0x80 and `$'\u…'`/`$'\U…'`; asking for the
    /// LC_ALL=C parse of every ASCII-only rendering would cost a bash process each for nothing.
    private static func mayDependOnLocale(_ text: String) -> Bool {
        !text.utf8.allSatisfy { $0 < 0x80 } || text.contains("\\u") || text.contains("\\U")
    }

    var fidelityFailures: [DifferentialResult] { results.filter { if case .failed = $0.fidelity { true } else { false } } }
    var unverifiable: [DifferentialResult] { results.filter { if case .unverifiable = $0.fidelity { true } else { false } } }
    var disagreements: [DifferentialResult] { results.filter { if case .disagrees = $0.agreement { true } else { false } } }
    func count(_ agreement: (Agreement) -> Bool) -> Int { results.filter { agreement($0.agreement) }.count }

    var summary: String {
        let rendered = results.filter { $0.rendering != nil }.count
        let faithful = results.filter { $0.fidelity == .faithful }.count
        return """
            \(results.count) cases, \(results.filter(\.bashRejects).count) of them syntax errors (or crashes) for bash \
            (\(bashAnswers) texts parsed in the sandbox run); canonical rendered \(rendered)
              fidelity: \(faithful) faithful, \(fidelityFailures.count) failures, \(unverifiable.count) unverifiable (bash printer bug)
              agreement: \(count { $0 == .agrees }) agree, \(count { $0 == .bothReject }) both reject, \
            \(count { if case .refused = $0 { true } else { false } }) refused by canonical, \
            \(count { $0 == .printerUnreliable }) printer unreliable, \(count { $0 == .modeDependent }) -c/file mode dependent, \
            \(count { if case .known = $0 { true } else { false } }) known differences, \(disagreements.count) disagreements
              inputs bash reads differently under LC_ALL=C: \(results.filter(\.localeDependentInput).count)
            """
    }

    private static func clipped(_ text: String, to length: Int = 240) -> String {
        text.count <= length ? text : text.prefix(length) + "…"
    }

    /// The first failures of one kind, one per line, for the test's message.
    static func listing(_ results: [DifferentialResult], limit: Int = 25, detail: (DifferentialResult) -> String) -> String {
        let lines = results.prefix(limit).map { "  \(clipped($0.input.description)): \(clipped(detail($0)))" }
        let more = results.count > limit ? ["  … and \(results.count - limit) more"] : []
        return (lines + more).joined(separator: "\n")
    }
}
