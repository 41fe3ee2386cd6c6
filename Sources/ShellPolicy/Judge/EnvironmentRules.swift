/// Which variables a command line may set: environment for one command (`LANG=C cmd`) and shell
/// variables (`x=1`). Policy v3 allows from a list, denies the names that change which code runs,
/// and asks for the rest.
enum EnvironmentRules {
    /// Harmless for any program: locale, time zone, terminal size, colour, apt's front end.
    static let allowed: Set<String> = [
        "LANG", "LANGUAGE", "TZ", "COLUMNS", "LINES", "TERM", "NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE",
        "DEBIAN_FRONTEND", "SYSTEMD_COLORS", "SYSTEMD_URLIFY", "SYSTEMD_LOG_LEVEL", "POSIXLY_CORRECT", "TIME_STYLE",
        "QUOTING_STYLE", "BLOCK_SIZE", "DF_BLOCK_SIZE", "DU_BLOCK_SIZE", "LS_BLOCK_SIZE", "GREP_COLORS", "LS_COLORS",
    ]

    /// Names whose value becomes code, a program to run, a library to load, a config file to read,
    /// or changes how bash itself reads later commands or paths.
    static let codeChanging: Set<String> = [
        "PATH", "ENV", "BASH_ENV", "PS1", "PS2", "PS3", "PS4", "PROMPT_COMMAND", "SHELLOPTS", "BASHOPTS", "IFS", "HOME",
        "CDPATH", "GLOBIGNORE", "FUNCNEST", "HISTFILE", "INPUTRC", "EXECIGNORE", "TMOUT", "OLDPWD", "PWD", "MAIL", "MAILPATH",
        "PAGER", "MANPAGER", "SYSTEMD_PAGER", "SYSTEMD_PAGERSECURE", "SYSTEMD_EDITOR", "SYSTEMD_LESS", "GIT_PAGER", "LESS",
        "LESSOPEN", "LESSCLOSE", "LESSKEY", "EDITOR", "VISUAL", "SUDO_EDITOR", "BROWSER", "SSH_ASKPASS", "SUDO_ASKPASS",
        "TAR_OPTIONS", "GZIP", "XZ_OPT", "ZSTD_CLEVEL", "APT_CONFIG", "GCONV_PATH", "HOSTALIASES", "LOCALDOMAIN",
        "RES_OPTIONS", "GLIBC_TUNABLES", "OPENSSL_CONF", "OPENSSL_ENGINES", "CURL_HOME", "WGETRC", "XDG_CONFIG_HOME",
        "XDG_CONFIG_DIRS", "XDG_DATA_HOME", "TERMINFO", "TERMINFO_DIRS", "NODE_OPTIONS", "NODE_PATH", "PYTHONPATH",
        "PYTHONSTARTUP", "PYTHONHOME", "PYTHONUSERBASE", "PERL5LIB", "PERL5OPT", "PERLLIB", "PERL5DB", "RUBYOPT",
        "RUBYLIB", "LUA_PATH", "LUA_INIT", "TMPDIR", "SHELL", "USER", "LOGNAME",
    ]
    static let codeChangingPrefixes = ["LD_", "BASH_", "GIT_", "PYTHON", "PERL", "RUBY", "KRB5", "SSL_", "MALLOC_", "DYLD_", "LC_ALL="]

    /// `NAME=value` in front of a program: the program's environment.
    static func environment(_ name: String) -> Effect {
        if allowed.contains(name) || name.hasPrefix("LC_") { return .read }
        if isCodeChanging(name) {
            return .deny("setting `\(name)` changes which code runs or how the shell reads the rest of the line")
        }
        return .ask("the environment variable `\(name)` is not on the list of harmless ones (LANG, LC_*, TZ, COLUMNS, …)")
    }

    /// `name=value` alone, `export`, `declare`, `read`: a shell variable (exported ones reach later programs).
    static func shellVariable(_ name: String) -> Effect {
        guard ShellTreeParser.isName(name) else { return .deny("`\(name)` is not a plain variable name") }
        if name.utf8.allSatisfy({ ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 }) { return .read }
        return environment(name)
    }

    static func isCodeChanging(_ name: String) -> Bool {
        codeChanging.contains(name) || codeChangingPrefixes.contains { name.hasPrefix($0) }
    }
}
