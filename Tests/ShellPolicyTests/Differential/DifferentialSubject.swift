@testable import ShellPolicy

/// The renderer the differential suite checks: policy v3's canonical rendering.
enum DifferentialSubject {
    static let canonical: CanonicalRendering = { try ShellRendering.canonical($0) }
    static let isIdentityStub = false
}
