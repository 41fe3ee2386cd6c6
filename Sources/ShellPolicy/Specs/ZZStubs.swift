enum NetworkSpecs { static let all: [ProgramSpec] = [] }
enum HardwareSpecs { static let all: [ProgramSpec] = [] }
enum ArchiveSpecs { static let all: [ProgramSpec] = [] }
enum SessionSpecs { static let all: [ProgramSpec] = [] }
