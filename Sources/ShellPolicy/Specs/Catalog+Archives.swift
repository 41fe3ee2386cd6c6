/// Policy v3 specs: GNU tar 1.35 (with its old-style first-argument letters) and the compressors.
/// Options that run programs are denied; creating writes the archive; extracting asks (it may
/// overwrite anything under the target directory); listing reads.
enum ArchiveSpecs {
    typealias O = OptionSpec

    static let tarOptions: [OptionSpec] = O.list([
        .runs("--to-command", because: "runs its value for every extracted file"),
        .runs("-I", "--use-compress-program", because: "runs its value as the compression program"),
        .runs("--checkpoint-action", because: "can run a command at each checkpoint (`exec=`)"),
        .runs("-F", "--info-script", "--new-volume-script", because: "runs a script at the end of each volume"),
        .runs("--rmt-command", because: "runs its value as the remote tape program"),
        .runs("--rsh-command", because: "runs its value as the remote shell"),
        .flag("-c", "--create"), .flag("-r", "--append"), .flag("-u", "--update"), .flag("-x", "--extract", "--get"),
        .flag("-t", "--list"), .flag("-d", "--diff", "--compare"), .flag("-O", "--to-stdout"), .flag("--test-label"),
        .value("-f", "--file"), OptionSpec(["-C", "--directory"], .required, .changesDirectory),
        .reads("-T", "--files-from"), .reads("-X", "--exclude-from"), .writes("--index-file"),
        .writes("-g", "--listed-incremental", truncates: false), .writes("--volno-file"),
        .asks("--delete", because: "`tar --delete` removes members from the archive"),
        .asks("--remove-files", because: "`tar --remove-files` deletes the files it archived"),
        .asks("--recursive-unlink", because: "`tar --recursive-unlink` removes directories before extracting"),
        .asks("-U", "--unlink-first", because: "`tar -U` removes files before extracting"),
        .asks("-P", "--absolute-names", because: "`tar -P` extracts to absolute paths"),
        .asks("-A", "--catenate", "--concatenate", because: "appends archives to an archive"),
        .value("-b", "--blocking-factor"), .value("-H", "--format"), .value("-K", "--starting-file"),
        .value("-L", "--tape-length"), .value("-N", "--newer", "--after-date"), .value("--newer-mtime"),
        .value("-V", "--label"), .value("--suffix"), .value("--owner"), .value("--group"), .value("--mode"),
        .value("--mtime"), .value("--transform", "--xform"), .value("--strip-components"), .value("--exclude"),
        .value("--warning"), .value("--sort"), .value("--pax-option"), .value("--quoting-style"), .value("--record-size"),
        .value("--exclude-tag"), .value("--exclude-tag-under"), .value("--exclude-tag-all"), .value("--exclude-ignore"),
        .value("--exclude-ignore-recursive"), .value("--level"), .value("--hole-detection"), .value("--sparse-version"),
        .value("--xattrs-include"), .value("--xattrs-exclude"), .value("--owner-map"), .value("--group-map"),
        .value("--quote-chars"), .value("--no-quote-chars"), .value("--set-mtime-format"), .value("--clamp-mtime"),
        .optionalValue("--backup"), .optionalValue("--checkpoint"), .optionalValue("--totals"),
        .optionalValue("--occurrence"), .optionalValue("--atime-preserve"), .optionalValue("--one-top-level"),
    ], O.letters("zjJZaBhiklmMopRsSvWw"), O.longFlags("gzip", "gunzip", "ungzip", "bzip2", "xz", "lzip", "lzma", "lzop",
        "zstd",
        "compress", "uncompress", "auto-compress", "no-auto-compress", "read-full-records", "dereference",
        "hard-dereference", "ignore-zeros", "ignore-failed-read", "keep-old-files", "keep-newer-files",
        "skip-old-files", "overwrite", "overwrite-dir", "no-overwrite-dir", "touch", "no-same-owner", "same-owner",
        "preserve-permissions", "same-permissions", "no-same-permissions", "numeric-owner", "preserve-order",
        "multi-volume", "block-number", "sparse", "verify", "interactive", "confirmation", "verbose",
        "show-transformed-names", "exclude-vcs", "exclude-vcs-ignores", "exclude-caches", "exclude-caches-under",
        "exclude-caches-all", "exclude-backups", "anchored", "no-anchored", "wildcards", "no-wildcards",
        "wildcards-match-slash", "no-wildcards-match-slash", "ignore-case", "no-ignore-case", "null", "no-null",
        "one-file-system", "acls", "no-acls", "xattrs", "no-xattrs", "selinux", "no-selinux", "force-local",
        "delay-directory-restore", "no-delay-directory-restore", "no-recursion", "recursion", "utc", "full-time",
        "seek", "no-seek", "posix", "old-archive", "portability", "verbatim-files-from", "no-verbatim-files-from",
        "keep-directory-symlink", "unquote", "no-unquote", "restrict", "check-device", "no-check-device",
        "show-defaults", "show-omitted-dirs", "show-snapshot-field-ranges", "index-file", "help", "usage", "version"))

    static func compressor(_ name: String, extra: [OptionSpec] = [], decompresses: Bool = false,
        keepsByDefault: Bool = false) -> ProgramSpec {
        ProgramSpec(name, options: O.list(extra, [
            .value("-S", "--suffix"), .value("-T", "--threads"), .value("-M", "--memlimit", "--memory"),
            .value("-F", "--format"), .value("-C", "--check"), .reads("--files"), .reads("--files0"),
            .flag("-c", "--stdout", "--to-stdout"), .flag("-d", "--decompress", "--uncompress"), .flag("-k", "--keep"),
            .flag("-l", "--list"), .flag("-t", "--test"),
        ], O.letters("fhLnNqrvVz0123456789e"), O.longFlags(
            "force", "help", "no-name", "name", "quiet", "recursive", "rsyncable", "verbose",
            "version", "fast", "best", "compress", "extreme", "single-stream", "no-sparse", "robot", "synchronous",
            "no-sync")), refine: SpecRefinements.compressor(decompresses: decompresses, keepsByDefault: keepsByDefault))
    }

    static let zstdExtra: [OptionSpec] = [
        .writes("-o"), .writes("--output-dir-flat", truncates: false), .writes("--output-dir-mirror", truncates: false),
        .writes("--trace"), .reads("-D"), .reads("--patch-from"), .reads("--filelist"),
        .asks("--rm", because: "`zstd --rm` deletes the source files"),
        .asks("--train", because: "`zstd --train` writes a dictionary file"),
        .optionalValue("--long"), .flag("--ultra"), .flag("--no-progress"), .flag("--exclude-compressed"),
        .value("--stream-size"), .value("--size-hint"), .optionalValue("--adapt"), .flag("-b"), .flag("-B"),
    ]

    static let all: [ProgramSpec] = [
        ProgramSpec("tar", style: .gnuOldStyleFirst, options: tarOptions, refine: SpecRefinements.tar),
        compressor("gzip"), compressor("gunzip", decompresses: true), compressor("xz"), compressor("unxz",
            decompresses: true),
        compressor("bzip2"), compressor("bunzip2", decompresses: true),
        compressor("zstd", extra: zstdExtra, keepsByDefault: true),
        compressor("unzstd", extra: zstdExtra, decompresses: true, keepsByDefault: true),
        ProgramSpec("xzcat", options: O.list(O.letters("qQvT"), O.longFlags("quiet", "verbose")), operands: .readFiles),
        ProgramSpec("bzcat", options: O.list(O.letters("qsv"), O.longFlags("quiet", "small", "verbose")),
            operands: .readFiles),
        ProgramSpec("zstdcat", options: O.list(O.letters("qv"), O.longFlags("quiet", "verbose")), operands: .readFiles),
    ]
}
