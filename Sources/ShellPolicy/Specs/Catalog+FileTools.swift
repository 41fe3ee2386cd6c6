/// Policy v3 specs: coreutils that change files. Writes are `PathUse`s the judge checks against the
/// writable places; removing, moving and re-owning are `.ask` whatever the path.
enum FileToolSpecs {
    typealias O = OptionSpec

    static let all: [ProgramSpec] = [
        ProgramSpec("tee", options: O.list([.flag("-a", "--append")], O.letters("ip"), [.optionalValue("--output-error")], O.longFlags("ignore-interrupts"), O.helpAndVersion),
                    operands: .writeFiles(truncates: true), effect: .change("`tee` writes files"),
                    refine: SpecRefinements.appendKeepsContents),
        ProgramSpec("touch", options: O.list(O.letters("acfhm"), [.value("-d", "--date"), .value("-r", "--reference"), .value("-t"),
                        .value("--time")], O.longFlags("no-create", "no-dereference"), O.helpAndVersion),
                    operands: .writeFiles(truncates: false), effect: .change("`touch` creates files")),
        ProgramSpec("mkdir", options: O.list(O.letters("pvZ"), [.value("-m", "--mode"), .optionalValue("--context")], O.longFlags("parents", "verbose"), O.helpAndVersion),
                    operands: .writeFiles(truncates: false), effect: .change("`mkdir` creates directories")),
        ProgramSpec("rmdir", options: O.list(O.letters("pv"), O.longFlags("ignore-fail-on-non-empty", "parents", "verbose"), O.helpAndVersion), operands: .writeFiles(truncates: false), effect: .ask("`rmdir` removes directories")),
        ProgramSpec("mktemp", options: O.list(O.letters("dqtu"), [.value("-p", "--tmpdir"), .value("--suffix")], O.longFlags("directory", "dry-run", "quiet"), O.helpAndVersion),
                    effect: .change("`mktemp` creates a temporary file")),
        ProgramSpec("cp", options: O.list(copyOptions, [.asks("--remove-destination", because: "removes destination files first")]),
                    effect: .change("`cp` copies files"), refine: SpecRefinements.lastOperandIsTarget(readsSources: true)),
        ProgramSpec("mv", options: O.list([.writes("-t", "--target-directory")], O.letters("bfinuvTZ"), [.value("-S", "--suffix"), .optionalValue("--backup"), .value("--update"), .optionalValue("--exchange")], O.longFlags("force", "interactive", "no-clobber", "no-copy", "strip-trailing-slashes",
                        "no-target-directory", "verbose", "context", "debug"), O.helpAndVersion),
                    operands: .writeFiles(truncates: true), effect: .ask("`mv` moves or replaces files")),
        ProgramSpec("rm", options: O.list([OptionSpec(["--no-preserve-root"], .none, .effect(.deny("`rm --no-preserve-root` may remove /")))], O.letters("dfirvIR"), [.optionalValue("--interactive"), .optionalValue("--preserve-root")], O.longFlags("force", "one-file-system", "recursive", "dir", "verbose"), O.helpAndVersion),
                    operands: .writeFiles(truncates: true), effect: .ask("`rm` deletes files")),
        ProgramSpec("shred", options: O.list(O.letters("fuvxz"), [.value("-n", "--iterations"), .value("-s", "--size"),
                        .reads("--random-source"), .optionalValue("--remove")], O.longFlags("force", "verbose", "exact", "zero"), O.helpAndVersion), operands: .writeFiles(truncates: true), effect: .ask("`shred` destroys file contents")),
        ProgramSpec("truncate", options: O.list(O.letters("co"), [.value("-s", "--size"), .reads("-r", "--reference")], O.longFlags("no-create", "io-blocks"), O.helpAndVersion),
                    operands: .writeFiles(truncates: true), effect: .ask("`truncate` cuts files")),
        ProgramSpec("ln", options: O.list([.writes("-t", "--target-directory", truncates: false)], O.letters("bdfFinLPrsTv"), [.value("-S", "--suffix"), .optionalValue("--backup")], O.longFlags("directory", "force", "interactive",
                        "logical", "no-dereference", "physical", "relative", "symbolic", "no-target-directory", "verbose"), O.helpAndVersion),
                    effect: .ask("`ln` makes links, which can redirect later writes"),
                    refine: SpecRefinements.lastOperandIsTarget(readsSources: false)),
        ProgramSpec("chmod", options: modeOwnerOptions, operands: .skipping(1, then: .writeFiles(truncates: false)),
                    effect: .ask("`chmod` changes permissions")),
        ProgramSpec("chown", options: O.list(modeOwnerOptions, O.letters("hHLP"), [.value("--from")]),
                    operands: .skipping(1, then: .writeFiles(truncates: false)), effect: .ask("`chown` changes owners")),
        ProgramSpec("chgrp", options: O.list(modeOwnerOptions, O.letters("hHLP")),
                    operands: .skipping(1, then: .writeFiles(truncates: false)), effect: .ask("`chgrp` changes groups")),
        ProgramSpec("dd", style: .keyValue, options: O.helpAndVersion,
                    operands: .keyValue(["if": .readsFile, "of": .writesFile(truncates: true), "bs": .safe, "ibs": .safe,
                                         "obs": .safe, "cbs": .safe, "count": .safe, "skip": .safe, "iseek": .safe,
                                         "seek": .safe, "oseek": .safe, "conv": .safe, "iflag": .safe, "oflag": .safe,
                                         "status": .safe]),
                    effect: .change("`dd` copies data")),
        ProgramSpec("sync", options: O.list(O.letters("df"), O.longFlags("data", "file-system"), O.helpAndVersion),
                    effect: .change("`sync` flushes buffers")),
    ]

    static let copyOptions: [OptionSpec] = O.list([
        .writes("-t", "--target-directory"), .value("-S", "--suffix"), .optionalValue("--backup"),
        .optionalValue("--preserve"), .value("--no-preserve"), .optionalValue("--reflink"), .value("--sparse"),
        .optionalValue("--update"), .optionalValue("--context"),
    ], O.letters("abdfHilLnprsTuvxPRZ"), O.longFlags("archive", "attributes-only", "copy-contents", "force",
        "interactive", "link", "dereference", "no-clobber", "no-dereference", "parents", "recursive",
        "strip-trailing-slashes", "symbolic-link", "no-target-directory", "verbose", "keep-directory-symlink",
        "one-file-system", "debug"), O.helpAndVersion)

    static let modeOwnerOptions: [OptionSpec] = O.list([
        OptionSpec(["--no-preserve-root"], .none, .effect(.deny("changing / recursively is never unattended"))),
        .value("--reference"),
    ], O.letters("cfvR"), O.longFlags("changes", "silent", "quiet", "verbose", "recursive", "preserve-root",
        "dereference", "no-dereference"), O.helpAndVersion)
}
