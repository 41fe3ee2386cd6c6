/// Policy v3 specs: who is logged in and since when (util-linux `last`, procps `w`, coreutils `who`).
enum SessionSpecs {
    typealias O = OptionSpec

    static let all: [ProgramSpec] = [
        ProgramSpec("last", options: O.list([.reads("-f", "--file"), .value("-n", "--limit"), .value("-s", "--since"),
            .value("-t", "--until"), .value("-p", "--present"), .value("--time-format")], O.letters("adFiRwxT0123456789"),
            O.longFlags("hostlast", "dns", "fulltimes", "ip", "nohostname", "fullnames", "system", "help", "version"))),
        ProgramSpec("lastb", options: O.list([.reads("-f", "--file"), .value("-n", "--limit"), .value("-s", "--since"),
            .value("-t", "--until")], O.letters("adFiRwx"), O.longFlags("help", "version"))),
        ProgramSpec("lastlog", options: O.list([.value("-b", "--before"), .value("-t", "--time"), .value("-u", "--user"),
            .asks("-C", "--clear", because: "clears lastlog records"), .asks("-S", "--set",
                because: "changes lastlog records")],
            O.letters("h"), O.longFlags("help"))),
        ProgramSpec("w", options: O.list(O.letters("hiusfopV"), O.longFlags("no-header", "ip-addr", "no-current", "short",
            "from", "old-style", "pids", "help", "version"))),
        ProgramSpec("who", options: O.list(O.letters("abdHlmpqrstTuw"), O.longFlags("all", "boot", "dead", "heading",
            "login", "lookup", "process", "count", "runlevel", "short", "time", "mesg", "message", "writable", "users"),
            O.helpAndVersion), operands: .values),
        ProgramSpec("users", options: O.helpAndVersion),
    ]
}
