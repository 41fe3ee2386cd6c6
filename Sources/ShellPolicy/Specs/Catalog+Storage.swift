/// Policy v3 specs: storage programs (see ProgramSpec.swift). One file per family:
/// Catalog+StorageZFS (`zfs`, `zpool`, ARC tools), +StorageCeph (`ceph`, `rados`, `rbd`),
/// +StorageBlock (LVM, `mdadm`, `multipath`, `iscsiadm`), +StorageBoot (`qemu-img`,
/// `proxmox-boot-tool`, `efibootmgr`).
enum StorageSpecs {
    static let all: [ProgramSpec] = [
        zfs, zpool, arcSummary, arcstat, ceph, rados, rbd, mdadm, multipath, iscsiadm, qemuImg, proxmoxBootTool,
        efibootmgr,
    ] + lvm
}
