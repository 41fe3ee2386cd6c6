/// Policy v3 specs: services and system programs (see ProgramSpec.swift). One file per family:
/// Catalog+ServicesSystemctl (`systemctl`, unit names), +ServicesSystemd (`journalctl`,
/// `timedatectl`, `hostnamectl`, `loginctl`, power commands), +ServicesPackages (`apt`, `apt-get`,
/// `apt-cache`, `dpkg`, `dpkg-query`), +ServicesCluster (`chronyc`, `openssl`, corosync tools).
enum ServicesSpecs {
    static let all: [ProgramSpec] = [
        systemctl, journalctl, timedatectl, hostnamectl, loginctl, dpkg, dpkgQuery, chronyc, openssl,
        corosyncCfgtool, corosyncQuorumtool, corosyncCmapctl,
    ] + powerCommands + aptPrograms
}
