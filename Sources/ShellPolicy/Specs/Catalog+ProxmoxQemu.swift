/// Policy v3 spec: `qm`, the QEMU/KVM guest CLI.
///
/// Sources read: qemu-server `src/PVE/CLI/qm.pm` (`$cmddef`, the `showcmd`/`status`/`wait`/`exec`/
/// `terminal` methods), `src/PVE/API2/Qemu.pm` (parameters of `vmlist`, `vm_config`, `vm_start`,
/// `vm_stop`, `vm_shutdown`, `vm_suspend`, `vm_resume`, `snapshot`, `migrate_vm`, `destroy_vm`, …),
/// `src/PVE/API2/Qemu/Agent.pm` (which agent commands are GET and which POST), and
/// `src/PVE/QemuServer.pm` (`showcmd` prints no password: VNC passwords are set over QMP later).
extension ProxmoxSpecs {
    private typealias C = PVECLI

    /// Options that only PVE's own migration and HA code pass, or that skip the guest's lock.
    private static func internalUse(_ name: String, argument: Bool = true) -> OptionSpec {
        let effect = OptionEffect.effect(.ask("`--\(name)` is for Proxmox's own migration and HA code, or skips the guest's lock"))
        return argument ? C.value(name, effect) : C.flag(name, effect)
    }

    private static let skiplock = internalUse("skiplock", argument: false)

    /// Options that let the VM run arbitrary code on the node itself, not in the guest.
    static let qemuHostCode: [OptionSpec] = [
        C.value("hookscript", .runs("`--hookscript` runs a script on the node at every guest start and stop")),
        C.value("args", .runs("`--args` passes raw arguments to the QEMU process on the node (e.g. `-object`, `-chardev`)")),
    ]

    /// `qm guest cmd` commands the agent answers without changing the guest (GET in Agent.pm, plus the
    /// POSTs `ping` and `fsfreeze-status`, which only report).
    static let agentReads: Set<String> = [
        "ping", "info", "get-time", "get-timezone", "get-host-name", "get-osinfo", "get-users", "get-vcpus",
        "get-fsinfo", "get-memory-blocks", "get-memory-block-info", "network-get-interfaces", "fsfreeze-status",
    ]

    private static let agentCommand: SpecRefinement = { parsed, judgement in
        guard parsed.operands.count >= 2 else { return }
        let command = parsed.operands[1]
        guard let name = command.literal else {
            judgement.effect = judgement.effect.joined(.deny("the guest agent command `\(command.display)` is only known at run time"))
            return
        }
        if agentReads.contains(name) { return }
        if name == "fstrim" {
            judgement.effect = judgement.effect.joined(.change("`fstrim` discards the guest's unused blocks"))
        } else {
            judgement.effect = judgement.effect.joined(.ask("the guest agent command `\(name)` changes the guest (freezes file systems, powers off, suspends, or is not known)"))
        }
    }

    /// `qm guest exec VMID [--] ARGV…`: the words after the VMID run inside the guest.
    private static let guestExec: SpecRefinement = { parsed, judgement in
        guard let vmid = parsed.operands.first else { return }
        let argv = Array(parsed.operands.dropFirst())
        guard !argv.isEmpty else {
            judgement.effect = judgement.effect.joined(.ask("`qm guest exec` without a command reads what to run from its input"))
            return
        }
        guard vmid.literal != nil else {
            judgement.effect = judgement.effect.joined(.deny("the guest `\(vmid.display)` that would run the command is only known at run time"))
            return
        }
        judgement.inner.append(.guestArgv(vmid: vmid.display, argv))
    }

    /// `qm cloudinit dump VMID user` holds the password hash and keys given to cloud-init.
    private static let cloudinitDump: SpecRefinement = { parsed, judgement in
        guard parsed.operands.count >= 2, parsed.operands[1].literal == "meta" || parsed.operands[1].literal == "network" else {
            judgement.effect = judgement.effect.joined(.ask("`qm cloudinit dump … user` shows the guest's cloud-init password hash"))
            return
        }
    }

    static let qm: ProgramSpec = C.program("qm", [
        // Reads.
        C.command("list", [C.flag("full")]),
        C.command("config", [C.flag("current"), C.value("snapshot")]),
        C.command("pending"),
        C.command("showcmd", [C.flag("pretty"), C.value("snapshot")]),
        C.command("status", [C.flag("verbose")]),
        C.command("listsnapshot"),
        C.command("wait", [C.value("timeout")]),
        C.group("cloudinit", [
            C.command("dump", refine: cloudinitDump),
            C.command("pending"),
            C.command("update", effect: .ask("`qm cloudinit update` regenerates the guest's cloud-init drive")),
        ]),
        C.group("guest", [
            C.command("cmd", refine: agentCommand),
            C.command("exec-status"),
            C.command("exec", [C.flag("synchronous"), C.value("timeout"),
                               C.flag("pass-stdin", .effect(.ask("`--pass-stdin` feeds the guest command this command's input")))],
                      refine: guestExec),
            C.command("passwd", [C.flag("crypted")], effect: .ask("`qm guest passwd` sets a guest user's password")),
        ]),
        // Everyday changes.
        C.command("start", [skiplock, C.value("timeout"), internalUse("stateuri"), internalUse("migratedfrom"),
                            internalUse("migration_type"), internalUse("migration_network"), internalUse("machine"),
                            internalUse("force-cpu"), internalUse("targetstorage"), internalUse("nets-host-mtu"),
                            internalUse("with-conntrack-state", argument: false)],
                  effect: .change("`qm start` starts a guest")),
        C.command("stop", [skiplock, C.value("timeout"), C.flag("overrule-shutdown"), internalUse("migratedfrom"),
                           internalUse("keepActive", argument: false)],
                  effect: .change("`qm stop` stops a guest")),
        C.command("shutdown", [skiplock, C.value("timeout"), C.flag("forceStop"), internalUse("keepActive", argument: false)],
                  effect: .change("`qm shutdown` shuts a guest down")),
        C.command("reboot", [C.value("timeout")], effect: .change("`qm reboot` reboots a guest")),
        C.command("reset", [skiplock], effect: .change("`qm reset` resets a guest")),
        C.command("suspend", [skiplock, C.flag("todisk"), C.value("statestorage")],
                  effect: .change("`qm suspend` pauses a guest")),
        C.command("resume", [skiplock, internalUse("nocheck", argument: false)], effect: .change("`qm resume` resumes a guest")),
        C.command("snapshot", [C.flag("vmstate"), C.value("description")], effect: .change("`qm snapshot` takes a snapshot")),
        C.command("migrate", [C.value("target"), C.flag("online"), C.flag("with-local-disks"), C.value("targetstorage"),
                              C.value("bwlimit"), C.value("migration_type"), C.value("migration_network"),
                              C.flag("with-conntrack-state"),
                              C.flag("force", .effect(.ask("`qm migrate --force` migrates a guest with local devices")))],
                  effect: .change("`qm migrate` moves a guest to another node")),
        // Needs a person.
        C.command("destroy", [skiplock, C.flag("purge"), C.flag("destroy-unreferenced-disks")],
                  effect: .ask("`qm destroy` deletes a guest and its disks")),
        C.command("set", [skiplock] + qemuHostCode, effect: .ask("`qm set` changes a guest's configuration")),
        C.command("create", qemuHostCode, effect: .ask("`qm create` creates a guest")),
        C.command("clone", effect: .ask("`qm clone` copies a guest and its disks")),
        C.command("delsnapshot", [C.flag("force")], effect: .ask("`qm delsnapshot` deletes a snapshot")),
        C.command("rollback", [C.flag("start")], effect: .ask("`qm rollback` discards the guest's state since a snapshot")),
        C.command("template", effect: .ask("`qm template` turns a guest into a template, for good")),
        C.command("unlock", effect: .ask("`qm unlock` removes a lock another task holds")),
        C.command("sendkey", effect: .ask("`qm sendkey` types into the guest's console")),
        C.command("remote-migrate", effect: .ask("`qm remote-migrate` moves a guest to another cluster")),
        C.command("enroll-efi-keys", effect: .ask("`qm enroll-efi-keys` changes the guest's EFI variables")),
        C.command("importovf", effect: .ask("`qm importovf` creates a guest from an OVF manifest")),
        C.command("import", effect: .ask("`qm import` creates a guest from an import source")),
        C.command("cleanup", effect: .ask("`qm cleanup` is run by QEMU's exit hook, not by people")),
        C.command("nbdstop", effect: .ask("`qm nbdstop` stops the NBD server of a migration")),
        C.group("disk", [
            C.command("import", effect: .ask("`qm disk import` allocates a disk from a file")),
            C.command("move", effect: .ask("`qm disk move` moves a disk, optionally deleting the source")),
            C.command("rescan", effect: .ask("`qm disk rescan` rewrites guest configurations")),
            C.command("resize", [skiplock], effect: .ask("`qm disk resize` grows a disk, for good")),
            C.command("unlink", [C.flag("force")], effect: .ask("`qm disk unlink` detaches and may delete disks")),
        ]),
        // Never: these read what to do from their input, or bridge it to the guest.
        C.command("monitor", effect: .deny("`qm monitor` runs QEMU monitor commands read from its input")),
        C.command("terminal", effect: .deny("`qm terminal` connects its input to the guest's serial console")),
        C.command("vncproxy", effect: .deny("`qm vncproxy` connects its input to the guest's VNC console")),
        C.command("mtunnel", effect: .deny("`qm mtunnel` reads migration commands from its input")),
    ], aliases: [
        "agent": ["guest", "cmd"], "importdisk": ["disk", "import"], "move-disk": ["disk", "move"],
        "move_disk": ["disk", "move"], "rescan": ["disk", "rescan"], "resize": ["disk", "resize"],
        "unlink": ["disk", "unlink"],
    ])
}
