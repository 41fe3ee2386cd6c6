/// Policy v3 specs: Proxmox's own programs (see ProgramSpec.swift and Catalog+ProxmoxCLI.swift for
/// how their Getopt::Long/CLIHandler parsing is modelled). One file per family:
/// Catalog+ProxmoxQemu (`qm`), +ProxmoxContainer (`pct`), +ProxmoxAPI (`pvesh`), +ProxmoxBackup
/// (`vzdump`, `qmrestore`, `pvesm`), +ProxmoxCluster (`pvecm`, `pveum`, `pvenode`, `pvesr`,
/// `ha-manager`, …), +ProxmoxDaemons (daemon binaries, `pve-firewall`, `pveceph`).
enum ProxmoxSpecs {
    static let all: [ProgramSpec] = [
        qm, pct, pvesh, vzdump, qmrestore, pvesm, pvecm, pveum, pvenode, pvesr, haManager, pvesubscription, pveam,
        pveversion, pveperf, pvereport, pve8to9, pveupgrade, pveupdate, pveceph,
    ] + daemons
}
