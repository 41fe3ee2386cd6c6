/// Policy v3 specs: Storage programs (see ProgramSpec.swift). Filled in by the catalog work.
enum StorageSpecs {
    static let all: [ProgramSpec] = []
}
