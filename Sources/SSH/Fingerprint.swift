import CLibSSH2

/// Key fingerprints and the HMAC that hashed known_hosts entries use, via OpenSSL's libcrypto
/// (libssh2's own crypto backend, so no new dependency).
public enum Fingerprint {
    /// OpenSSH's `SHA256:<base64 without padding>` form of a key blob.
    public static func sha256(of blob: [UInt8]) -> String {
        var digest = [UInt8](repeating: 0, count: 32)
        let ok = blob.withUnsafeBytes { raw in
            digest.withUnsafeMutableBufferPointer { pt_sha256(raw.baseAddress, raw.count, $0.baseAddress) }
        }
        precondition(ok != 0, "OpenSSL SHA-256 failed")
        var text = base64(digest)
        while text.hasSuffix("=") { text.removeLast() }
        return "SHA256:" + text
    }

    static func hmacSHA1(key: [UInt8], data: [UInt8]) -> [UInt8] {
        var mac = [UInt8](repeating: 0, count: 20)
        let ok = key.withUnsafeBytes { k in
            data.withUnsafeBytes { d in
                mac.withUnsafeMutableBufferPointer {
                    pt_hmac_sha1(k.baseAddress, k.count, d.baseAddress, d.count, $0.baseAddress)
                }
            }
        }
        precondition(ok != 0, "OpenSSL HMAC-SHA1 failed")
        return mac
    }
}
