import Testing

/// The oracle itself: the sandbox holds, and bash answers what we expect of bash 5.2.
@Suite("Differential: bash sandbox and oracle")
struct BashSandboxTests {
    @Test("the sandbox's self-test passes (read-only, no network, no capabilities, nothing executed)")
    func sandboxSelfTest() throws {
        let lines = try BashOracle.selfTest()
        #expect(lines.count >= 12, "\(lines)")
        #expect(lines.allSatisfy { $0.hasPrefix("ok ") }, "\(lines.filter { !$0.hasPrefix("ok ") })")
    }

    @Test("bash's answers, one batch")
    func answers() throws {
        let requests = [
            BashRequest(text: "echo   hi ;ls|wc", reparse: true),
            BashRequest(text: "echo (", dashC: true),
            BashRequest(text: #"echo $'\u00e9'"#, alsoCLocale: true),
            BashRequest(text: "cat <<A | cat <<B && x\na\nA\nb\nB", reparse: true),
            BashRequest(text: #"echo $'\xff'"#),
            BashRequest(text: #"echo $'a\400b' c"#),
            BashRequest(text: "ls\\\n-l # comment"),
            BashRequest(text: "echo \u{01}"),
            BashRequest(text: #"echo trailing\"#, dashC: true),
            BashRequest(text: "[[ a == a ]]\r", dashC: true),
        ]
        let answers = try BashOracle.parse(requests)
        try #require(answers.count == requests.count)
        #expect(answers[0].utf8 == .printed("echo hi; ls | wc"))
        #expect(answers[0].cLocale == .notAsked)
        #expect(answers[0].reparse == .printed("echo hi; ls | wc"))
        guard case .rejected(let message) = answers[1].utf8 else { Issue.record("\(answers[1].utf8)"); return }
        #expect(message.contains("syntax error"))
        #expect(answers[1].reparse == .notAsked)
        guard case .rejected = answers[1].dashC else { Issue.record("\(answers[1].dashC)"); return }
        #expect(answers[0].dashC == .notAsked)
        #expect(answers[2].utf8 == .printed("echo 'é'"))
        #expect(answers[2].cLocale == .printed(#"echo '\u00E9'"#))
        // Bash prints the second here-doc body before ` && x`: a line bash itself then rejects.
        #expect(answers[3].utf8.printout?.contains("\n && x") == true, "\(answers[3].utf8)")
        guard case .rejected = answers[3].reparse else { Issue.record("\(answers[3].reparse)"); return }
        #expect(answers[4].utf8 == .printedBytes(Array("echo '".utf8) + [0xFF, UInt8(ascii: "'")]))
        // \400 is masked to 8 bits: a NUL, which ends the word's text ("b" is gone).
        #expect(answers[5].utf8 == .printed("echo 'a' c"))
        // Backslash-newline joins the two words; the comment is dropped.
        #expect(answers[6].utf8 == .printed("ls-l"))
        #expect(answers[7].utf8 == .printed("echo \u{01}\u{01}"))
        // A file drops a final backslash; `bash -c` keeps it (and accepts the text either way).
        #expect(answers[8].utf8 == .printed("echo trailing"))
        #expect(answers[8].dashC == .printed(""))
        #expect(answers[8].dashCRejects == false)
        // `bash -n -c` reports this syntax error but exits 0.
        #expect(answers[9].dashC.printout?.contains("syntax error in conditional expression") == true)
        #expect(answers[9].dashCRejects == true)
    }

    @Test("a text with a NUL byte is refused before bash is asked")
    func nulIsRefused() {
        #expect(throws: BashOracleError.self) { try BashOracle.parse([BashRequest(text: "ls\u{0}rm")]) }
    }

    @Test(
        "bash's CTLESC quoting is undone in printouts",
        arguments: [
            ("'\u{01}\u{01}'", "'\u{01}'"), ("a\u{01}\u{7F}b", "a\u{7F}b"), ("\u{01}\u{01}\u{01}\u{01}", "\u{01}\u{01}"),
            ("plain", "plain"), ("lone\u{01}x", "lone\u{01}x"), ("end\u{01}", "end\u{01}"),
        ])
    func controlEscapes(printed: String, expected: String) {
        #expect(DifferentialCheck.sameBytes(BashPrintout.removingControlEscapes(printed), expected))
    }

    @Test("bash misprints `1<>` as `<>` and `coproc a` as `coproc COPROC a`: such printouts are recognised")
    func misprintedReadWrite() throws {
        let answers = try BashOracle.parse([BashRequest(text: "a 1<>f 0<>g")])
        #expect(answers[0].utf8 == .printed("a <> f 0<> g"))
        #expect(BashPrintout.knownMisprint(in: "a <> f 0<> g") != nil)
        #expect(BashPrintout.knownMisprint(in: "a 0<> g") == nil)
        #expect(BashPrintout.knownMisprint(in: "coproc COPROC a b") != nil)
        #expect(BashPrintout.knownMisprint(in: "coproc COPROC { a; }") == nil)
        #expect(BashPrintout.knownMisprint(in: "coproc N { a; }") == nil)
    }

    @Test("renderings are compared byte for byte, not by Swift's canonical equivalence")
    func byteComparison() {
        #expect("e\u{301}" == "\u{E9}")
        #expect(!DifferentialCheck.sameBytes("e\u{301}", "\u{E9}"))
    }
}
