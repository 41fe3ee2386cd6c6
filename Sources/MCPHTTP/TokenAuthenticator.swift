public import MCPServer
public import ToolKit
public import ProxmoxModel
import Crypto
import Foundation

/// Bearer tokens → principals. Only SHA-256 digests are held; a presented token is hashed and
/// compared with every principal's digest in constant time (no early exit on the first
/// difference, none on the first match), so timing says nothing about how close a guess was.
public struct TokenAuthenticator: Sendable {
    private let entries: [(principal: Principal, digest: [UInt8])]

    public init(_ file: TokensFile) {
        entries = file.entries.compactMap { entry in
            Self.bytes(hex: entry.tokenSHA256).map { (entry.principal, $0) }
        }
    }

    public var isEmpty: Bool { entries.isEmpty }

    /// The principal whose token this is, or nil.
    public func principal(for token: String) -> Principal? {
        let digest = Array(SHA256.hash(data: Data(token.utf8)))
        var found: Principal?
        for entry in entries where Self.constantTimeEqual(entry.digest, digest) {
            if found == nil { found = entry.principal }
        }
        return found
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }

    /// SHA-256 of `token` as lowercase hex: what the tokens file stores.
    public static func digest(of token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// A new token: `pvt_` and 32 random bytes (256 bits from the system's CSPRNG) as hex.
    public static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return "pvt_" + bytes.map { String(format: "%02x", $0) }.joined()
    }

    static func bytes(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count == 64 else { return nil }
        var result: [UInt8] = []
        result.reserveCapacity(32)
        for index in stride(from: 0, to: 64, by: 2) {
            guard let byte = UInt8(String(decoding: digits[index...index + 1], as: UTF8.self), radix: 16) else { return nil }
            result.append(byte)
        }
        return result
    }
}
