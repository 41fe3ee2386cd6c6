/// Policy v3 specs: Proxmox programs (see ProgramSpec.swift). Filled in by the catalog work.
enum ProxmoxSpecs {
    static let all: [ProgramSpec] = []
}
