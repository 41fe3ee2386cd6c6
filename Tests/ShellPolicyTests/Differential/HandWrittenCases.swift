/// The hand-written differential set, by topic (the topics live in the `HandWrittenCases+…` files).
/// Raw strings (`#"…"#`) keep shell backslashes readable; `\#n` is a newline in them.
enum HandWrittenCases {
    static var all: [DifferentialCase] {
        let topics: [(String, [String])] = [
            ("quoting", quoting), ("ansi-c", ansiC), ("here-doc", hereDocs), ("lexical", lexical),
            ("operators", operators), ("reserved", reservedWords), ("compound", compound),
            ("substitution", substitutions), ("expansion", braceAndTilde), ("assignment", assignments),
            ("redirection", redirections), ("unicode", unicode), ("control", controlCharacters),
            ("hostile", hostile),
        ]
        return topics.flatMap { topic, texts in
            texts.enumerated().map { DifferentialCase(text: $1, origin: "\(topic)#\($0)") }
        }
    }

    static let quoting: [String] = [
        #"echo 'a b' "c d" e\ f"#,
        #"echo "a\"b" 'it'\''s'"#,
        #"echo "$HOME" '$HOME' \$HOME"#,
        #"echo "a\\b" "a\b" 'a\b'"#,
        #"echo "x\$y" "x\`y" "x\\""#,
        #"echo ""''"" a""b''c"#,
        "echo \"multi\nline\" 'multi\nline'",
        #"echo "$(echo "nested")""#,
        #"echo "${x:-"default word"}" "${x#"*"}""#,
        #"echo $"translated" "a'b" 'a"b'"#,
        #"echo \"unbalanced"#,
        #"echo 'unterminated"#,
        #"echo "unterminated"#,
        #"echo trailing\"#,
        #"echo "\ " \\ \a\b"#,
        #"e'ch'o hi; "ec"ho hi; \echo hi"#,
        #"echo -- '-n' "-e" \-E"#,
        #"echo "${#x}" "${x[@]}" "$@" "$*" $# $? $$ $! $- $0 $1 ${10} $10"#,
        #"echo '' "" $'' $"""#,
        #"echo "'"'"'"'"#,
        #"echo "a"'b'$'c'$"d"e"#,
        #"echo "\$(not a substitution)" '$(nor this)'"#,
    ]

    static let ansiC: [String] = [
        #"echo $'\400'"#,
        #"echo $'a\400b' next"#,
        #"echo $'\777' $'\1000'"#,
        #"echo $'\0' $'a\0b'"#,
        #"echo $'\x' $'\x41' $'\x4142' $'\xZZ'"#,
        #"echo $'\xff' $'\xc3\xa9'"#,
        #"echo $'\u00e9' $'\u' $'\u20ac'"#,
        #"echo $'\U0001F600' $'\U110000' $'\UFFFFFFFF'"#,
        #"echo $'\cA' $'\c?' $'\c[' $'\ca'"#,
        #"echo $'\c@' after"#,
        #"echo $'\c\\' $'\c'"#,
        #"echo $'\e\E\a\b\f\n\r\t\v'"#,
        #"echo $'\'' $'\"' $'\?' $'\q' $'\\'"#,
        #"echo "$'not decoded in double quotes'""#,
        #"echo $'\u202e' $'\x01' $'\x7f'"#,
        #"echo $'\0101' $'\101' $'\18'"#,
        #"ec$'\x68'o hi"#,
        #"$'\x72\x6d' -rf /tmp/x"#,
        #"echo $'unterminated"#,
        #"echo $'a'$'b'"c"$'\n'"#,
    ]

    static let hereDocs: [String] = [
        "cat <<EOF\nbody $x\nEOF",
        "cat <<'EOF'\nbody $x `y`\nEOF",
        "cat <<\"EOF\"\nbody $x\nEOF",
        "cat <<E\\OF\nbody\nEOF",
        "cat <<E\\\nOF\nbody\nE\nOF\nEOF\necho after",
        "cat <<-EOF\n\tindented\n\tEOF",
        "cat <<- 'X'\n\t\tbody\n\tX",
        "cat <<A <<B\na\nA\nb\nB",
        "cat <<A | wc -l\nline\nA",
        "cat <<A && echo ok\nline\nA",
        "x=$(cat <<X\ninside\nX\n)",
        "cat <<\"E F\"; echo q\nbody\nE F",
        "cat <<EOF\nno terminator",
        "cat <<$x\nbody\n$x",
        "cat <<EOF\n$(echo sub) ${v} \\$ \\`\nEOF",
        "cat <<EOF\njoined \\\nline\nEOF",
        "cat <<EOF\nEOF \nstill body\nEOF",
        "cat <<EOF\nbody\nEOF\r\nEOF",
        "cat <<''\nbody\n\necho after",
        "cat <<<word <<<\"two words\" <<<$'\\x41'",
        "if true; then cat <<EOF\nin if\nEOF\nfi",
        "cat <<EOF; echo x\nbody\nEOF",
        "cat <<EOF >out 2>&1\nbody\nEOF",
        "cat << EOF\nspaced operator\nEOF",
        "cat <<EOF\n\tbody with tab\n\tEOF\nEOF",
    ]

    static let lexical: [String] = [
        "ls\r#x",
        "ls \r# comment?",
        "ls # comment $(reboot)",
        "ls#notcomment a#b",
        "#only a comment",
        "ls ;# c",
        ##"echo \# x"##,
        "ls\\\n-l",
        "ec\\\nho hi",
        "echo 'a\\\nb'",
        "echo \"a\\\nb\"",
        "ls \\\n# comment after continuation",
        "# comment \\\nls",
        "echo $(# c\nls)",
        "ls\r",
        "\rls",
        "ls\r\necho x\r\n",
        "   \t ls   \t -l   ",
        "\n\n\nls\n\n",
        "ls;;",
        "ls;",
        ";ls",
        "ls\\",
        "echo a\\\n\\\nb",
    ]
}
