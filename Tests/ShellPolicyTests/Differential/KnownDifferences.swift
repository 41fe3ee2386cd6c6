/// Texts where canonical may knowingly differ from bash's printout, each with the reason. Keyed by
/// the exact input text; an entry only excuses a disagreement, never a fidelity failure. Keep it
/// short and every entry explained, or it becomes a place to hide parser bugs.
enum KnownDifferences {
    static let table: [String: String] = [
        // `bash -c` parses and executes its string one command at a time, so a line can change how
        // later lines parse; pretty-print mode executes nothing, so its printout is the parse with
        // extglob off (a syntax error here). A canonical that reads `@(a|b)` as a pattern differs.
        "shopt -s extglob\necho @(a|b)": "the parse depends on a shopt executed earlier in the same string",
        // Same mechanism for aliases (expand_aliases is off in non-interactive bash unless set).
        "shopt -s expand_aliases; alias ll=true\nll": "alias expansion depends on a shopt executed earlier",
        // The oracle reads a file; the node runs `bash -c`, whose string input differs at the very
        // end: a final unquoted backslash stays a literal `\` with -c and is dropped from a file;
        // a here-doc body ending in `\` at the end of a -c string gets a 0xFF byte appended (bash
        // stores its EOF marker -1 as a character). Measured with bash 5.2.15 in the sandbox.
        #"echo trailing\"#: "bash -c keeps a final backslash, bash reading a file drops it",
        "cat <<E\nx\\": "bash -c appends byte 0xFF to a here-doc body that ends in a backslash at the end of input",
    ]
}
