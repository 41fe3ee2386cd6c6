import Testing

/// How bash 5.2's printer rewrites forms, pinned. Fidelity compares canonical(bash's printout of R)
/// with R, so wherever the printer turns one tree into another (`|&` into a `2>&1` redirection, a
/// default descriptor into an explicit one, `<&-` into `>&-`), the parser must read both spellings
/// as the same tree, or every rendering using the form fails (a). Also a witness that the oracle
/// is the bash we think it is: a newer bash that prints differently fails here first.
@Suite("Differential: bash 5.2 printer normal forms")
struct BashPrinterFactsTests {
    static let facts: [(input: String, printed: String)] = [
        // Tree changes the parser must absorb.
        ("a |& b", "a 2>&1 | b"),
        ("a 2>f |& b", "a 2> f 2>&1 | b"),
        ("a >&2", "a 1>&2"),
        ("a <&-", "a 0>&-"),
        ("a 3<&-", "a 3>&-"),
        ("a <>f", "a 0<> f"),
        ("a 0<<<w", "a <<< w"),
        ("! time a", "time ! a"),
        ("cat <<-E\n\tx\n\tE", "cat <<-E\nx\nE"),
        ("cat <<\"E\"\nx\nE", "cat <<'E'\nx\nE"),
        // Digits before `&>` are a word, not a descriptor.
        ("a 1&>f", "a 1 &> f"),
        ("a 0&>f", "a 0 &> f"),
        // Printer bugs: the printout means something else (BashPrintout.knownMisprint).
        ("a 1<>f", "a <> f"),
        ("coproc a b", "coproc COPROC a b"),
        ("coproc N a", "coproc COPROC N a"),
        ("coproc { a; }", "coproc COPROC { a; }"),   // correct: before a compound the name is taken
        // Decoded at parse time.
        (#"echo $'\x41'"#, "echo 'A'"),
        ("echo $\"x\"", "echo \"x\""),
        ("a\\\nb", "ab"),
        ("ls # c", "ls"),
        // Layout only.
        ("echo $(  a  ;b )", "echo $(a; b)"),
        ("a;b", "a; b"),
        ("a&&b", "a && b"),
        ("a=(1  2)", "a=(1 2)"),
        ("x=1 a 2>&1 >f <g", "x=1 a 2>&1 > f < g"),
        ("a <<<w", "a <<< w"),
        ("a {fd}>f", "a {fd}> f"),
        ("{ a; }", "{ a; }"),
        ("if a; then b; fi", "if a; then\n    b;\nfi"),
        ("while a; do b; done", "while a; do\n    b;\ndone"),
        ("for i in a; do b; done", "for i in a;\ndo\n    b;\ndone"),
        ("case x in a) b;; esac", "case x in \n    a)\n        b\n    ;;\nesac"),
        ("function f { a; }", "f () \n{ \n    a\n}"),
        ("f() ( a )", "f () \n{ \n    ( a )\n}"),
        // A `;` after a here-doc operator becomes the newline after the body.
        ("cat <<\"E F\"; echo q\nbody\nE F", "cat <<'E F'\nbody\nE F\n echo q"),
        ("(( x = 1 ))", "(( x = 1 ))"),
        ("[[ a == b ]]", "[[ a == b ]]"),
        ("a `b` $((1+2)) ~root ${x} \"$(c)\"", "a `b` $((1+2)) ~root ${x} \"$(c)\""),
    ]

    @Test("bash prints each form as pinned (one batch)")
    func printedForms() throws {
        let answers = try BashOracle.parse(Self.facts.map { BashRequest(text: $0.input) })
        for (fact, answer) in zip(Self.facts, answers) {
            #expect(answer.utf8 == .printed(fact.printed), "\(fact.input.debugDescription)")
        }
    }
}
