extension HandWrittenCases {
    static let unicode: [String] = [
        "echo héllo 'é' \"é\"",
        "ech\u{3BF} hi",
        "echo e\u{301} \u{E9}",
        "echo \u{2018}quotes\u{2019} \u{201C}dq\u{201D}",
        "\u{FF4C}\u{FF53} -l",
        "echo a\u{A0}b",
        "echo \u{202E}abc",
        "echo 😀 '😀'",
        "ls\u{2028}x",
        "echo a\u{200B}b",
        "echo ‐n x",
        "x\u{E9}=1",
    ]

    static let controlCharacters: [String] = [
        "echo\ta\tb",
        "echo a\u{0B}b",
        "echo a\u{0C}b",
        "echo a\u{01}b '\u{01}' \"\u{01}\"",
        "echo a\u{7F}b '\u{7F}'",
        "echo \u{1B}[31mred",
        "echo a\u{07}b a\u{08}b",
        "cat <<EOF\na\u{01}b\u{7F}c\nEOF",
        "cat <<'EOF'\na\u{01}b\nEOF",
        "echo $(echo \"\u{01}\") `echo \u{01}`",
        "ls\u{0}rm -rf /tmp/x",
        "echo a\u{0}",
    ]

    /// Issue 17's parser-differential classes, as shapes (not its corpus).
    static let hostile: [String] = [
        "echo $'\\400'; rm -rf /tmp/x",
        "x=$'\\400rm'; $x",
        "ls\r# ; rm -rf /tmp/x",
        "cat <<E\\\nOF\nrm -rf /tmp/x\nEOF\nE\nOF",
        "cat <<-E\\\n\tOF\n\tbody\n\tEOF",
        "ls() { rm -rf /tmp/x; }; ls",
        "function qm { :; }; qm destroy 100",
        "BASH_CMDS[ls]=/bin/rm ls /tmp/x",
        "BASH_ALIASES[ls]='rm -rf /tmp/x'",
        "declare -a 'x=($(reboot))'",
        "shopt -s extglob\necho @(a|b)",
        "shopt -s expand_aliases; alias ll=true\nll",
        "eval 'rm -rf /tmp/x'",
        "echo ${x[$(reboot)]}",
        "a[$(reboot)]=1",
        "(( x[$(reboot)] ))",
        "[[ -v x[$(reboot)] ]]",
        "printf -v 'x[$(reboot)]' %s 1",
        "cat <<EOF\n$(reboot)\nEOF",
        "echo `echo \\`reboot\\``",
        "echo \"$(echo ')' ; reboot)\"",
        "case $(reboot) in *) ;; esac",
        "for x in $(reboot); do :; done",
        "echo $((`reboot`))",
        "echo ${x:-`reboot`}",
        "exec 3<>/dev/tcp/127.0.0.1/22",
        "PS4='$(reboot)' bash -x -c :",
        "IFS=x; y=axrm; $y",
        "echo a\\\r\nb",
        "echo \"a\r\"#b",
        "cat <<EOF | sh\nrm -rf /tmp/x\nEOF",
        // Depth: bash parses 20000 nested subshells, and crashes (SIGSEGV) on 3000 nested `$(`.
        String(repeating: "(", count: 20_000) + "a" + String(repeating: ")", count: 20_000),
        String(repeating: "$(", count: 3_000) + "a" + String(repeating: ")", count: 3_000),
        "echo " + String(repeating: "\"", count: 10_001),
        "cat <<E\nx\\",
        // Found by the generator: `bash -c` says "syntax error in conditional expression", exits 0
        // and runs nothing (not even the next line); a file parse rejects it outright.
        "[[ a == a ]]\r# hidden\necho line2",
    ]
}
