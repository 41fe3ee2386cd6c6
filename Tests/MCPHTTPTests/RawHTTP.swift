import Foundation
import POSIXSupport

/// A tiny HTTP/1.1 client on a POSIX socket: what the tests need and nothing more, so the
/// status codes and headers seen are the server's own (no client library retries, redirects or
/// adds headers). Every request says `Connection: close` and is read to EOF.
struct RawResponse {
    var status: Int
    /// Lowercased names.
    var headers: [String: String]
    var body: String

    /// The `data:` payloads of an SSE body, parsed as JSON objects.
    var events: [[String: Any]] {
        body.split(separator: "\n").compactMap { line -> [String: Any]? in
            guard line.hasPrefix("data: ") else { return nil }
            return (try? JSONSerialization.jsonObject(with: Data(line.dropFirst(6).utf8))) as? [String: Any]
        }
    }

    var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] }
}

struct RawHTTPError: Error, CustomStringConvertible {
    var description: String
}

/// Blocking socket calls run on a thread of their own (`DedicatedThread`), never on Swift's
/// cooperative pool: on 2 cores two tests blocked in `recv` there would leave no thread for the
/// server they wait for.
final class RawConnection: @unchecked Sendable {
    // @unchecked: the descriptor is only used by one blocking call at a time.
    let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw RawHTTPError(description: "socket: \(errno)") }
        var timeout = timeval(tv_sec: 15, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            throw RawHTTPError(description: "connect to 127.0.0.1:\(port): errno \(errno)")
        }
    }

    deinit { close(fd) }

    func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw RawHTTPError(description: "send: errno \(errno)") }
            offset += n
        }
    }

    /// Reads until EOF, or until `until` appears in what was read, off the cooperative pool.
    func read(until marker: String? = nil) async -> String {
        await withCheckedContinuation { continuation in
            do {
                try DedicatedThread.start(name: "raw-http") { continuation.resume(returning: self.readBlocking(until: marker)) }
            } catch {
                continuation.resume(returning: "")
            }
        }
    }

    private func readBlocking(until marker: String? = nil) -> String {
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            data.append(contentsOf: buffer[0..<n])
            if let marker, String(decoding: data, as: UTF8.self).contains(marker) { break }
        }
        return String(decoding: data, as: UTF8.self)
    }
}

enum RawHTTP {
    static func requestBytes(_ method: String, _ path: String, headers: [(String, String)], body: String?) -> [UInt8] {
        var text = "\(method) \(path) HTTP/1.1\r\n"
        var names = Set<String>()
        for (name, value) in headers {
            text += "\(name): \(value)\r\n"
            names.insert(name.lowercased())
        }
        if !names.contains("host") { text += "Host: 127.0.0.1\r\n" }
        text += "Connection: close\r\n"
        if let body, !names.contains("content-length") { text += "Content-Length: \(body.utf8.count)\r\n" }
        text += "\r\n"
        return Array(text.utf8) + Array((body ?? "").utf8)
    }

    static func send(port: Int, _ method: String, _ path: String, headers: [(String, String)] = [], body: String? = nil) async throws -> RawResponse {
        let connection = try RawConnection(port: port)
        try connection.write(requestBytes(method, path, headers: headers, body: body))
        return try parse(await connection.read())
    }

    static func parse(_ text: String) throws -> RawResponse {
        guard let split = text.range(of: "\r\n\r\n") else { throw RawHTTPError(description: "no response head in: \(text.prefix(200))") }
        let head = text[..<split.lowerBound].components(separatedBy: "\r\n")
        let statusWords = head.first?.split(separator: " ") ?? []
        guard statusWords.count >= 2, let status = Int(statusWords[1]) else { throw RawHTTPError(description: "bad status line: \(head.first ?? "")") }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = String(text[split.upperBound...])
        if headers["transfer-encoding"]?.lowercased() == "chunked" { body = dechunk(body) }
        return RawResponse(status: status, headers: headers, body: body)
    }

    static func dechunk(_ text: String) -> String {
        var bytes = Substring(text)
        var result = ""
        while let lineEnd = bytes.range(of: "\r\n") {
            guard let size = Int(bytes[..<lineEnd.lowerBound].trimmingCharacters(in: .whitespaces), radix: 16), size > 0 else { break }
            let start = lineEnd.upperBound
            let utf8 = bytes[start...].utf8
            let end = utf8.index(utf8.startIndex, offsetBy: min(size, utf8.count))
            result += String(bytes[start..<end])
            bytes = bytes[end...].dropFirst(2)
        }
        return result
    }
}
