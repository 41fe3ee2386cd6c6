import Glibc
import POSIXSupport

/// What can be told about a private key file without decrypting it, so that "missing",
/// "unreadable", "needs a passphrase" and "wrong passphrase" are distinct errors rather than
/// libssh2's one "Unable to extract public key from private key file".
struct PrivateKeyFile {
    enum Inspection: Equatable {
        case missing
        case unreadable(String)
        /// No descriptor left to open it with (EMFILE/ENFILE): the key is not the problem.
        case noDescriptor(String)
        case key(encrypted: Bool)
    }

    static func inspect(_ path: String) -> Inspection {
        if access(path, F_OK) != 0 { return .missing }
        guard let file = fopen(path, "r") else {
            let code = errno
            if ResourceLimits.isDescriptorExhaustion(code) { return .noDescriptor(ResourceLimits.descriptorDetail(code)) }
            return .unreadable(String(cString: strerror(code)))
        }
        defer { fclose(file) }
        var bytes = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 1 << 20 {
            let n = fread(&buffer, 1, buffer.count, file)
            if n <= 0 { break }
            bytes += buffer[0..<n]
        }
        let text = String(decoding: bytes, as: UTF8.self)
        if text.contains("-----BEGIN OPENSSH PRIVATE KEY-----") {
            // openssh-key-v1: "openssh-key-v1\0", then string ciphername ("none" when unencrypted).
            let body = text.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
            guard let blob = unbase64(body), blob.count > 19,
                  blob.starts(with: Array("openssh-key-v1\0".utf8)) else {
                return .unreadable("not a valid OpenSSH private key")
            }
            let offset = 15
            let length = Int(blob[offset]) << 24 | Int(blob[offset + 1]) << 16 | Int(blob[offset + 2]) << 8 | Int(blob[offset + 3])
            guard offset + 4 + length <= blob.count else { return .unreadable("truncated OpenSSH private key") }
            let cipher = String(decoding: blob[(offset + 4)..<(offset + 4 + length)], as: UTF8.self)
            return .key(encrypted: cipher != "none")
        }
        if text.contains("PRIVATE KEY-----") {
            return .key(encrypted: text.contains("ENCRYPTED"))
        }
        return .unreadable("no private key found in the file (is it the .pub file?)")
    }
}
