import Testing
@testable import ProxmoxTools
@Test func smoke() { #expect(1 == 1) }
