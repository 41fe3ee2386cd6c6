/// Policy v3 spec: `pct`, the LXC container CLI.
///
/// Sources read: pve-container `src/PVE/CLI/pct.pm` (`$cmddef`; the `status`, `exec`, `enter`,
/// `console`, `fsck`, `push`, `pull` methods) and `src/PVE/API2/LXC.pm`, `LXC/Status.pm`,
/// `LXC/Config.pm`, `LXC/Snapshot.pm` (parameters of `vmlist`, `vm_config`, `vm_start`, `vm_stop`,
/// `vm_shutdown`, `migrate_vm`, `rollback`). `pct exec` hands its words to `lxc-attach`, which runs
/// them in the container as root.
extension ProxmoxSpecs {
    private typealias C = PVECLI

    private static let containerSkiplock = C.flag("skiplock", .effect(.ask("`--skiplock` ignores the lock another task holds")))

    private static let containerHostCode = C.value("hookscript", .runs("`--hookscript` runs a script on the node at every container start and stop"))

    /// `pct exec VMID [--] ARGV…`: the words after the VMID run inside the container.
    private static let containerExec: SpecRefinement = { parsed, judgement in
        guard let vmid = parsed.operands.first else { return }
        let argv = Array(parsed.operands.dropFirst())
        guard !argv.isEmpty else {
            judgement.effect = judgement.effect.joined(.deny("`pct exec` without a command starts a shell that reads its input"))
            return
        }
        guard vmid.literal != nil else {
            judgement.effect = judgement.effect.joined(.deny("the container `\(vmid.display)` that would run the command is only known at run time"))
            return
        }
        judgement.inner.append(.guestArgv(vmid: vmid.display, argv))
    }

    static let pct: ProgramSpec = C.program("pct", [
        // Reads.
        C.command("list"),
        C.command("config", [C.flag("current"), C.value("snapshot")]),
        C.command("pending"),
        C.command("status", [C.flag("verbose")]),
        C.command("df"),
        C.command("listsnapshot"),
        C.command("cpusets"),
        C.command("exec", [C.flag("keep-env")], refine: containerExec),
        // Everyday changes.
        C.command("start", [containerSkiplock, C.flag("debug")], effect: .change("`pct start` starts a container")),
        C.command("stop", [containerSkiplock, C.flag("overrule-shutdown")], effect: .change("`pct stop` stops a container")),
        C.command("shutdown", [C.value("timeout"), C.flag("forceStop")], effect: .change("`pct shutdown` shuts a container down")),
        C.command("reboot", [C.value("timeout")], effect: .change("`pct reboot` reboots a container")),
        C.command("suspend", effect: .change("`pct suspend` freezes a container")),
        C.command("resume", effect: .change("`pct resume` thaws a container")),
        C.command("snapshot", [C.value("description")], effect: .change("`pct snapshot` takes a snapshot")),
        C.command("fstrim", [C.flag("ignore-mountpoints")], effect: .change("`pct fstrim` discards unused blocks")),
        C.command("migrate", [C.value("target"), C.value("target-storage"), C.flag("online"), C.flag("restart"),
                              C.value("timeout"), C.value("bwlimit")],
                  effect: .change("`pct migrate` moves a container to another node")),
        // Needs a person.
        C.command("destroy", [C.flag("purge"), C.flag("force"), C.flag("destroy-unreferenced-disks")],
                  effect: .ask("`pct destroy` deletes a container and its volumes")),
        C.command("set", [containerHostCode], effect: .ask("`pct set` changes a container's configuration")),
        C.command("create", [containerHostCode], effect: .ask("`pct create` creates a container")),
        C.command("restore", [containerHostCode], effect: .ask("`pct restore` overwrites a container from a backup")),
        C.command("clone", effect: .ask("`pct clone` copies a container")),
        C.command("resize", effect: .ask("`pct resize` grows a volume, for good")),
        C.command("delsnapshot", [C.flag("force")], effect: .ask("`pct delsnapshot` deletes a snapshot")),
        C.command("rollback", [C.flag("start")], effect: .ask("`pct rollback` discards the container's state since a snapshot")),
        C.command("template", effect: .ask("`pct template` turns a container into a template, for good")),
        C.command("unlock", effect: .ask("`pct unlock` removes a lock another task holds")),
        C.command("move-volume", effect: .ask("`pct move-volume` moves a volume, optionally deleting the source")),
        C.command("remote-migrate", effect: .ask("`pct remote-migrate` moves a container to another cluster")),
        C.command("mount", effect: .ask("`pct mount` mounts a container's file systems on the node")),
        C.command("unmount", effect: .ask("`pct unmount` unmounts a container's file systems")),
        C.command("fsck", [C.flag("force"), C.value("device")], effect: .ask("`pct fsck` repairs a file system")),
        C.command("push", effect: .ask("`pct push` writes a file into the container")),
        C.command("pull", effect: .ask("`pct pull` copies a container's file onto the node")),
        C.command("rescan", effect: .ask("`pct rescan` rewrites container configurations")),
        // Never: interactive shells and consoles read what to run from their input.
        C.command("enter", [C.flag("keep-env")], effect: .deny("`pct enter` starts a shell in the container that reads its input")),
        C.command("console", [C.value("escape")], effect: .deny("`pct console` connects its input to the container's console")),
    ], aliases: ["move_volume": ["move-volume"]])
}
