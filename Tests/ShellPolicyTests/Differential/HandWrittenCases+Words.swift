extension HandWrittenCases {
    static let substitutions: [String] = [
        "echo $(a $(b))",
        #"echo `a \`b\` c`"#,
        #"echo "$(a "b")""#,
        #"echo `echo \\\`x\\\``"#,
        "echo $( (a) )",
        "echo $(case x in x) y;; esac)",
        "echo $(echo ')')",
        "echo $(echo \")\")",
        "echo $(# )\n)",
        "diff <(a) >(b)",
        "echo <(a)x",
        "echo ${x/$(a)/b} ${x:-$(b)} ${x:=`c`}",
        "echo ${!x} ${!x*} ${x@Q} ${x^^} ${x,,} ${x:1:2} ${#x[@]}",
        "echo $(<file)",
        "echo ${x",
        "echo $(",
        "echo ``",
        "echo $()",
        "echo $(  ls   -l  |  wc  )",
        "echo $(a;b)x$(c)",
        "echo \"`a`\" '`b`'",
        "echo `a $(b) c`",
        "echo $(echo `echo $(echo x)`)",
        "echo ${x:-'a b'} \"${x:-'a b'}\"",
        "echo ${x//\\//_}",
        "echo $(cat <<EOF\nin comsub\nEOF\n)",
    ]

    static let braceAndTilde: [String] = [
        "echo {a,b}{1..3}", "echo {1..10..2} {a..z} {z..a..-1}", "echo {,} {a} {} {a,}",
        "echo ${x}{a,b}", "echo \"{a,b}\" '{a,b}' \\{a,b}",
        "echo ~ ~root ~+ ~- ~/x ~root/x", "x=~/a:~/b", "echo a~b ~\"root\" \"~\"",
        "echo a=~/x --opt=~/y", "echo ~nosuchuser/x",
        "echo * ?.txt [ab]* [!a]* [^a] \\* '*'",
        "echo [ ] [a", "echo *.{c,h}",
    ]

    static let assignments: [String] = [
        "a=1", "a+=1", "a=(1 2 3)", "a=([0]=x [5]=y)", "a[1]=x", "a[$(b)]=x", "a+=(x)",
        "declare -a 'x=(a b)'", "local x=1", "export a=b c", "a=1 b=2 cmd", "a= cmd",
        "a=$(cmd) b=`cmd`", "=x", "1a=b", "a.b=c", "a=( ", "a=(b) c", "a=(b\nc)",
        "a=\"x y\" b='z' c=$'\\t'", "a=b=c", "a[x y]=z", "a=(", "cmd a=b", "a=1;b=2",
        "IFS=: read -r a b", "a=~ b=~/x", "a=*",
    ]

    static let redirections: [String] = [
        "a >f", "a > f", "a >>f", "a <f", "a 2>&1", "a >&2", "a <> f", "a >| f",
        "a >&-", "a <&-", "a 3<&0", "a 2>>f", ">f a", "a >f1 >f2", "a < <(b)", "a > >(b)",
        "exec {fd}>f", "a {x}<f", "a {x}>&-", "a 10>f", "a 99999999999>f", "a 1 >f", "a 1>f",
        "a >", "a > ;", "a 2>&", "a &>", "a > $x", "a > \"$(b)\"", "a <<<", "a > f\\ g",
        "a >'f g'", "a <&3-", "a >&3-", "a 0<f 1>g 2>h",
        "a {fd}>f {fd2}<g", "a {1x}>f", "{fd}>f",
    ]
}
