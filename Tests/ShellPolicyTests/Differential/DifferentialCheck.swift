/// The renderer under test: policy v3's `ShellRendering.canonical`, or a stand-in. Throws when the
/// text cannot be parsed or faithfully rendered (the policy then denies it).
typealias CanonicalRendering = @Sendable (String) throws -> String

/// One input string and where it came from (a hand-written topic, or the generator and its index).
struct DifferentialCase: Sendable, Hashable, CustomStringConvertible {
    var text: String
    var origin: String
    var description: String { "\(origin): \(text.debugDescription)" }
}

/// (a) Does bash run what we judged? For a rendering R = canonical(S): bash must accept R (from a
/// file and as `bash -c`), read it the same under both locales, and canonical(bash's printout of R)
/// must give R back, byte for byte.
enum Fidelity: Sendable, Equatable, CustomStringConvertible {
    case faithful
    /// Bash cannot re-read its own printout of R (a printer bug), so the printout proves nothing.
    case unverifiable(String)
    case failed(String)

    var description: String {
        switch self {
        case .faithful: "faithful"
        case .unverifiable(let why): "unverifiable: \(why)"
        case .failed(let why): "FAILED: \(why)"
        }
    }
}

/// (b) Do we parse S as bash does? canonical(bash's printout of S) must equal canonical(S).
enum Agreement: Sendable, Equatable, CustomStringConvertible {
    case agrees
    /// Bash rejects S as a syntax error (or crashes on it) and canonical throws too.
    case bothReject
    /// Bash accepts S but canonical throws: a deny, which is safe (counted, not a failure).
    case refused(String)
    /// Bash cannot re-read its own printout of S, so there is nothing trustworthy to compare with.
    case printerUnreliable
    /// `bash -c` accepts S but bash reading it from a file rejects it: no printout to compare with.
    case modeDependent
    /// A difference listed in `KnownDifferences` with its explanation.
    case known(String)
    case disagrees(String)

    var description: String {
        switch self {
        case .agrees: "agrees"
        case .bothReject: "both reject"
        case .refused(let error): "refused by canonical: \(error)"
        case .printerUnreliable: "bash's printout is unreliable"
        case .modeDependent: "bash -c accepts it, bash reading a file rejects it"
        case .known(let why): "known difference: \(why)"
        case .disagrees(let why): "DISAGREES: \(why)"
        }
    }
}

struct DifferentialResult: Sendable {
    var input: DifferentialCase
    /// canonical(S), or nil when it threw.
    var rendering: String?
    var agreement: Agreement
    /// nil when canonical(S) threw (nothing was rendered, nothing to check).
    var fidelity: Fidelity?
    /// Bash reads S differently under LC_ALL=C and C.UTF-8 (information: the node's locale matters
    /// for S, which is why only R, never S, may be sent).
    var localeDependentInput = false
    /// Bash rejects S as a syntax error or crashes on it (whatever canonical did).
    var bashRejects = false
}

/// The comparison rules, independent of how bash was asked.
enum DifferentialCheck {
    static func fidelity(of rendering: String, answer: BashAnswer, canonical: CanonicalRendering) -> Fidelity {
        let printed: String
        switch answer.utf8 {
        case .printed(let text): printed = text
        case .printedBytes: return .failed("bash's reading of the rendering holds bytes that are not UTF-8")
        case .rejected(let message): return .failed("bash rejects the rendering: \(firstLine(message))")
        case .failed(let status, let message): return .failed("bash did not finish (status \(status)): \(firstLine(message))")
        case .notAsked: return .failed("the oracle was not asked (harness bug)")
        }
        if answer.dashCRejects == true { return .failed("bash -c rejects the rendering: \(answer.dashC)") }
        switch answer.cLocale {
        case .notAsked: break
        case .printed(let text) where sameBytes(text, printed): break
        default: return .failed("bash reads the rendering differently under LC_ALL=C: \(answer.cLocale)")
        }
        if case .rejected = answer.reparse { return .unverifiable("bash cannot re-read its printout \(printed.debugDescription)") }
        if let misprint = BashPrintout.knownMisprint(in: printed) { return .unverifiable(misprint) }
        let back: String
        do { back = try canonical(BashPrintout.removingControlEscapes(printed)) } catch {
            return .failed("canonical rejects bash's printout \(printed.debugDescription): \(error)")
        }
        guard sameBytes(back, rendering) else {
            return .failed("bash runs \(printed.debugDescription), whose canonical form is \(back.debugDescription)")
        }
        return .faithful
    }

    static func agreement(
        of input: String, rendering: Result<String, any Error>, answer: BashAnswer,
        canonical: CanonicalRendering, knownDifference: String?
    ) -> Agreement {
        let verdict = agreementIgnoringKnown(of: input, rendering: rendering, answer: answer, canonical: canonical)
        if case .disagrees = verdict, let knownDifference { return .known(knownDifference) }
        return verdict
    }

    private static func agreementIgnoringKnown(
        of input: String, rendering: Result<String, any Error>, answer: BashAnswer, canonical: CanonicalRendering
    ) -> Agreement {
        if let verdict = agreementAcrossModes(answer: answer, rendering: rendering) { return verdict }
        switch (answer.utf8, rendering) {
        case (.rejected, .failure): return .bothReject
        case (.rejected(let message), .success(let rendered)):
            return .disagrees("bash rejects it (\(firstLine(message))) but canonical renders \(rendered.debugDescription)")
        // Bash's parser recurses: 3000 nested `$(` crash it (status 139). Nothing runs on the node
        // then, so a canonical that refuses agrees.
        case (.failed, .failure): return .bothReject
        case (.failed(let status, let message), .success(let rendered)):
            return .disagrees("bash did not finish (status \(status)): \(firstLine(message)); canonical renders \(rendered.debugDescription)")
        case (.notAsked, _): return .disagrees("the oracle was not asked (harness bug)")
        case (_, .failure(let error)): return .refused("\(error)")
        case (.printedBytes, .success(let rendered)):
            return .disagrees("bash reads bytes that are not UTF-8 text, canonical renders \(rendered.debugDescription)")
        case (.printed(let printed), .success(let rendered)):
            if case .rejected = answer.reparse { return .printerUnreliable }
            if BashPrintout.knownMisprint(in: printed) != nil { return .printerUnreliable }
            do {
                let viaBash = try canonical(BashPrintout.removingControlEscapes(printed))
                return sameBytes(viaBash, rendered) ? .agrees
                    : .disagrees("bash reads \(printed.debugDescription) → \(viaBash.debugDescription), canonical gives \(rendered.debugDescription)")
            } catch {
                return .disagrees("canonical accepts the text but rejects bash's printout \(printed.debugDescription): \(error)")
            }
        }
    }

    /// Where `bash -n -c` (what the node does) and the file parse (what prints) differ on accepting
    /// S, -c decides; nil when they agree or -c was not asked.
    private static func agreementAcrossModes(answer: BashAnswer, rendering: Result<String, any Error>) -> Agreement? {
        guard let dashCRejects = answer.dashCRejects else { return nil }
        let fileRejects: Bool
        switch answer.utf8 {
        case .rejected, .failed: fileRejects = true
        default: fileRejects = false
        }
        guard dashCRejects != fileRejects else { return nil }
        switch rendering {
        case .failure(let error): return dashCRejects ? .bothReject : .refused("\(error)")
        case .success(let rendered):
            return dashCRejects
                ? .disagrees("bash -c rejects it (\(answer.dashC)), canonical renders \(rendered.debugDescription)")
                : .modeDependent
        }
    }

    /// A text bash never sees whole: the node's `bash -c` stops at the first NUL.
    static func agreementWithNUL(rendering: Result<String, any Error>) -> Agreement {
        switch rendering {
        case .failure: return .bothReject
        case .success(let rendered): return .disagrees("a NUL byte cuts the text for bash, canonical renders \(rendered.debugDescription)")
        }
    }

    /// Swift's `==` on String is canonical equivalence ("é" == "e\u{301}"); bash compares bytes.
    static func sameBytes(_ a: String, _ b: String) -> Bool { a.utf8.elementsEqual(b.utf8) }

    private static func firstLine(_ text: String) -> String {
        String(text.split(separator: "\n", omittingEmptySubsequences: true).first ?? "")
    }
}

enum BashPrintout {
    /// Printouts that parse but say something else than what bash parsed (bash 5.2 print_cmd.c):
    /// - `<>` loses its descriptor when that is 1 (the printer tests `!= 1`, the default of output
    ///   redirections, not 0) while fd 0 prints as `0<>`: a bare ` <> ` is `1<>`, re-read as fd 0;
    /// - `coproc cmd` prints as `coproc COPROC cmd`, which re-read runs a command named COPROC (a
    ///   name is only taken before a compound command).
    /// Either may also match text inside quotes; then the case is only skipped, never passed.
    static func knownMisprint(in text: String) -> String? {
        let scalars = Array(text.unicodeScalars)
        for index in scalars.indices.dropFirst().dropLast(2)
        where scalars[index] == "<" && scalars[index + 1] == ">" && scalars[index + 2] == " " && scalars[index - 1] == " " {
            return "bash prints `1<>` as `<>` (print_cmd.c), so its printout of this text cannot be trusted"
        }
        var rest = Substring(text)
        while let range = rest.range(of: "coproc COPROC ") {
            rest = rest[range.upperBound...]
            let compound = ["{", "(", "[[", "while ", "until ", "if ", "for ", "case ", "select "]
            if !compound.contains(where: { rest.hasPrefix($0) }) {
                return "bash prints `coproc cmd` as `coproc COPROC cmd`, which runs COPROC"
            }
        }
        return nil
    }

    /// Bash's printer shows its internal quoting: in word text, unquoted here-doc bodies and
    /// substitutions it writes CTLESC (\x01) before every \x01 and \x7f (`$'\x01'` prints as
    /// `'\x01\x01'`) although the word holds one. Undone here; a quoted-delimiter here-doc body,
    /// which bash prints raw, is the one place where this could merge two real bytes.
    static func removingControlEscapes(_ text: String) -> String {
        guard text.unicodeScalars.contains("\u{01}") else { return text }
        var scalars = String.UnicodeScalarView()
        var escaped = false
        for scalar in text.unicodeScalars {
            if !escaped, scalar == "\u{01}" { escaped = true; continue }
            if escaped, scalar != "\u{01}", scalar != "\u{7f}" { scalars.append("\u{01}") }
            escaped = false
            scalars.append(scalar)
        }
        if escaped { scalars.append("\u{01}") }
        return String(scalars)
    }
}
