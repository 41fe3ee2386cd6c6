import Testing
@testable import ShellPolicy

/// The canonical rendering: what the node receives. Each case is the original text and its rendering.
@Suite("Shell rendering (policy v3)")
struct ShellRenderingTests {
    static let cases: [(String, String)] = [
        ("qm list", "qm list"),
        ("ls -la /var/lib/vz", "ls -la /var/lib/vz"),
        ("echo 'a b'", "echo 'a b'"),
        ("echo \"x $HOME y\"", "echo 'x '\"${HOME}\"' y'"),
        ("a && b || c; d &", "a && b || c; d &"),
        ("cat <<EOF\nhi $USER\nEOF\n", "cat <<PROXMOX_TOOLS_EOF\nhi ${USER}\nPROXMOX_TOOLS_EOF\n"),
        ("cat <<'EOF'\n$x\nEOF", "cat <<'PROXMOX_TOOLS_EOF'\n$x\nPROXMOX_TOOLS_EOF\n"),
        ("echo $(date +%F)", "echo $( date +%F )"),
        ("echo `uname -r`", "echo $( uname -r )"),
        ("ls /var/log/*.log", "ls /var/log/*.log"),
        ("ls ~/x", "ls ~/x"),
        ("'if' x", "'if' x"),
        ("X=1 env", "X=1 env"),
        ("for i in 1 2; do echo $i; done", "for i in 1 2; do echo ${i}; done"),
        ("if true; then ls; else df; fi", "if true; then ls; else df; fi"),
        ("case $x in a|b) ls;; *) df;; esac", "case ${x} in a | b) ls ;; *) df ;; esac"),
        ("( cd /tmp; ls ) > /dev/null 2>&1", "( cd /tmp; ls ) > /dev/null 2>&1"),
        ("echo $'a\\tb'", "echo 'a\tb'"),
        ("echo a\\\nb", "echo ab"),
        ("x=\"it's\"", "x='it'\\''s'"),
        ("diff <(ls a) <(ls b)", "diff <( ls a ) <( ls b )"),
        ("echo $((1+2))", "echo $((1+2))"),
        ("echo a\r#b", "echo 'a\r#b'"),
        ("echo hi # comment", "echo hi"),
        ("! true | cat", "! true | cat"),
        // Only the default descriptor is dropped: `2>` stays `2>`.
        ("ls 2>/dev/null", "ls 2> /dev/null"), ("ls 1>f 2>>g 3>|h", "ls > f 2>> g 3>| h"), ("a |& b", "a 2>&1 | b"),
    ]

    @Test("renders canonically", arguments: cases.indices)
    func renders(_ index: Int) throws {
        let (input, expected) = Self.cases[index]
        let rendered = try ShellRendering.canonical(input)
        #expect(rendered == expected, "rendered as: \(rendered.debugDescription)")
        // Rendering is a fixed point: the canonical text renders to itself.
        let again = try ShellRendering.canonical(expected)
        #expect(again == expected, "re-rendered as: \(again.debugDescription)")
    }

    static let refused = [
        "f() { ls; }", "function f { ls; }", "[[ -f x ]]", "(( x++ ))", "echo ${x:-y}", "echo ${!x}", "a[1]=2", "a=(1 2)",
        "echo $((x+1))", "echo $'\\400'", "echo $'a\\0b'", "cat <<EOF\nno end", "echo 'open", "echo \"open", "echo $(ls",
        "ls |", "if true; then", "( )", "{ }", "for x in a <b; do ls; done", "case x in <) ls;; esac", "exec {fd}>x", "coproc ls", "select x in a; do ls; done", "echo $'\\c@'",
    ]

    @Test("refuses what it cannot render faithfully", arguments: refused)
    func refuses(_ input: String) {
        #expect(throws: ShellSyntaxError.self) { try ShellRendering.canonical(input) }
    }
}
