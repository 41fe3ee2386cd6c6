/// Policy v3 specs: Services programs (see ProgramSpec.swift). Filled in by the catalog work.
enum ServicesSpecs {
    static let all: [ProgramSpec] = []
}
