#if canImport(Glibc)
import Glibc

#elseif canImport(Darwin)
import Darwin
#endif
@testable import SSH
import Testing
import POSIXSupport

@Suite struct ResourceExhaustionTests {
    @Test func descriptorExhaustionNamesTheLimit() throws {
        let error = try #require(SSHError.exhausted(EMFILE))
        guard case .resourceExhausted(let detail) = error else { Issue.record("\(error)"); return }
        #expect(detail.hasPrefix("too many open files (limit "))
        #expect(SSHError.exhausted(ECONNREFUSED) == nil)
    }
}
