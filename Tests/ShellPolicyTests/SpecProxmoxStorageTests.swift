import Testing
@testable import ShellPolicy

/// Storage programs on a PVE node: ZFS, Ceph, LVM, md, multipath, iSCSI, images, boot.
@Suite("Policy v3 specs: storage programs")
struct SpecProxmoxStorageTests {
    static let cases: [(command: String, expected: EffectClass)] = [
        ("zfs list", .read), ("zfs list -o name,used,avail -t snapshot -r rpool", .read), ("zfs list -j", .read),
        ("zfs get all rpool/data", .read), ("zfs get -H -p -o value used rpool", .read), ("zfs mount", .read),
        ("zfs allow rpool", .read), ("zfs upgrade", .read), ("zfs upgrade -v", .read), ("zfs version", .read),
        ("zfs holds rpool/x@s", .read),
        ("zfs mount -a", .ask), ("zfs mount rpool/x", .ask), ("zfs allow -u bob create rpool", .ask), ("zfs upgrade -a", .ask),
        ("zfs destroy rpool/data/vm-100-disk-0", .ask), ("zfs rollback rpool/x@s", .ask), ("zfs snapshot rpool/x@s", .ask),
        ("zfs send rpool/x@s", .ask), ("zfs recv -F rpool/x", .ask), ("zfs set compression=zstd rpool", .ask),
        ("zfs create rpool/x", .ask), ("zfs frobnicate", .ask), ("zfs program rpool x.lua", .deny),
        ("zpool status", .read), ("zpool status -v", .read), ("zpool status -x", .read), ("zpool list -H -o name,health", .read),
        ("zpool iostat -v 1 3", .read), ("zpool get all rpool", .read), ("zpool history rpool", .read), ("zpool events -v", .read),
        ("zpool import", .read), ("zpool upgrade", .read), ("zpool scrub rpool", .change), ("zpool scrub -s rpool", .change),
        ("zpool trim rpool", .change), ("zpool import rpool2", .ask), ("zpool import -a", .ask), ("zpool upgrade rpool", .ask),
        ("zpool export -f rpool", .ask), ("zpool clear rpool", .ask), ("zpool events -c", .ask), ("zpool labelclear /dev/sdb", .ask),
        ("zpool status -c smart", .deny), ("zpool iostat -c media", .deny),
        ("arc_summary", .read), ("arc_summary -s arc", .read), ("arcstat 1 5", .read), ("arcstat -f time,hit% 1", .read),
        ("ceph -s", .read), ("ceph status", .read), ("ceph health", .read), ("ceph health detail", .read), ("ceph df", .read),
        ("ceph health detail -f json", .read), ("ceph osd tree", .read), ("ceph osd tree -f json", .read), ("ceph osd df tree", .read),
        ("ceph osd status", .read), ("ceph osd pool ls detail", .read), ("ceph --format json osd pool ls", .read),
        ("ceph mon stat", .read), ("ceph pg stat", .read), ("ceph versions", .read), ("ceph fs status", .read),
        ("ceph crash ls", .read), ("ceph config dump", .read), ("ceph config-key ls", .read), ("ceph -w", .read),
        ("ceph osd set noout", .ask), ("ceph osd unset noout", .ask), ("ceph osd out 3", .ask), ("ceph osd pool delete x", .ask),
        ("ceph auth get client.admin", .ask), ("ceph auth ls", .ask), ("ceph config-key get mgr/x", .ask),
        ("ceph config-key dump", .ask), ("ceph config set osd x 1", .ask), ("ceph tell osd.0 bench", .ask),
        ("ceph --admin-daemon /run/ceph/x.asok status", .ask), ("ceph", .deny), ("ceph --cluster ceph", .deny),
        ("rados df", .read), ("rados lspools", .read), ("rados -p rbd ls", .read), ("rados get x /tmp/x", .ask),
        ("rbd ls -p rbd", .read), ("rbd ls -l rbd", .read), ("rbd info rbd/vm-100-disk-0", .read), ("rbd du -p rbd", .read),
        ("rbd snap ls rbd/vm-100-disk-0", .read), ("rbd showmapped", .read), ("rbd rm rbd/x", .ask), ("rbd export rbd/x -", .ask),
        ("rbd snap rm rbd/x@s", .ask),
        ("lvs", .read), ("lvs -a -o +devices", .read), ("vgs --units g", .read), ("pvs --noheadings -o pv_name", .read),
        ("lvdisplay pve/data", .read), ("vgdisplay -v", .read), ("lvs --reportformat json", .read),
        ("lvs --config devices{filter=[]}", .ask), ("lvs --driverloaded n", .ask), ("lvs --profile x", .ask),
        ("lvremove -y pve/vm-100-disk-0", .ask), ("lvcreate -L 1G -n x pve", .ask), ("vgchange -an pve", .ask),
        ("mdadm --detail /dev/md0", .read), ("mdadm -D /dev/md0", .read), ("mdadm --detail --scan", .read),
        ("mdadm --examine /dev/sda1", .read), ("mdadm /dev/md0", .ask), ("mdadm --stop /dev/md0", .ask),
        ("mdadm /dev/md0 --fail /dev/sda1", .ask), ("mdadm --zero-superblock /dev/sda1", .ask),
        ("mdadm --monitor --program /tmp/x /dev/md0", .deny),
        ("multipath -l -l", .read), ("multipath -l", .read), ("multipath -t", .read), ("multipath", .ask), ("multipath -F", .ask),
        ("multipath -r", .ask), ("multipath -k", .deny),
        ("iscsiadm -m session", .read), ("iscsiadm -m session -P 3", .read), ("iscsiadm -m node", .read),
        ("iscsiadm -m node -o show", .read), ("iscsiadm -m session -R", .change), ("iscsiadm -m node --login", .ask),
        ("iscsiadm -m discovery -t st -p 10.0.0.5", .ask), ("iscsiadm -m node -o delete", .ask), ("iscsiadm -m node -S", .ask),
        ("iscsiadm -m fw", .ask), ("iscsiadm -m session -u", .ask),
        ("qemu-img info /var/lib/vz/images/100/d.qcow2", .read), ("qemu-img info --output json d.qcow2", .read),
        ("qemu-img check d.qcow2", .read), ("qemu-img map --output json d.qcow2", .read), ("qemu-img snapshot -l d.qcow2", .read),
        ("qemu-img check -r all d.qcow2", .ask), ("qemu-img snapshot -c s d.qcow2", .ask), ("qemu-img snapshot d.qcow2", .ask),
        ("qemu-img info --object secret,id=s,file=/etc/shadow d.qcow2", .ask), ("qemu-img convert -O raw a b", .ask),
        ("qemu-img create -f qcow2 x 10G", .ask), ("qemu-img resize x +1G", .ask),
        ("proxmox-boot-tool status", .read), ("proxmox-boot-tool kernel list", .read), ("proxmox-boot-tool refresh", .change),
        ("proxmox-boot-tool kernel pin 6.8.12-1-pve", .ask), ("proxmox-boot-tool format /dev/sda2", .ask),
        ("efibootmgr", .read), ("efibootmgr -v", .read), ("efibootmgr -o 0001,0002", .ask), ("efibootmgr -B -b 0003", .ask),
        ("efibootmgr -c -d /dev/sda -p 2", .ask), ("efibootmgr -n 0001", .ask),
    ]

    @Test("Storage program effects", arguments: cases)
    func effect(command: String, expected: EffectClass) {
        let judgement = SpecProbe.judge(command)
        #expect(judgement.effect.kind == expected, "\(command): \(judgement.effect)")
    }

    @Test("Files that storage tools read or write are handed to the judge")
    func paths() {
        #expect(SpecProbe.files("ceph -o /etc/x status") == ["truncate /etc/x"])
        #expect(SpecProbe.judge("ceph -k /etc/pve/priv/ceph.client.admin.keyring status").paths.map(\.access) == [.read])
        #expect(SpecProbe.judge("arcstat -o /root/arc.log 1").paths.map(\.access) == [.write(truncates: true)])
        #expect(SpecProbe.files("qemu-img info /var/lib/vz/images/100/d.qcow2") == ["read /var/lib/vz/images/100/d.qcow2"])
        #expect(SpecProbe.judge("mdadm --detail --config /etc/x /dev/md0").paths.map(\.access) == [.read])
    }
}
