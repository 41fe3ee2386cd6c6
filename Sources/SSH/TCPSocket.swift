import CLibSSH2
import Glibc

/// TCP connect with a real timeout: non-blocking `connect` + `poll`, trying every address
/// `getaddrinfo` returns. The socket stays non-blocking; libssh2 waits on it with its own timeout.
enum TCPSocket {
    static func connect(address: String, port: Int, timeout: Duration) throws(SSHError) -> Int32 {
        let endpoint = address.contains(":") ? "[\(address)]:\(port)" : "\(address):\(port)"
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_ADDRCONFIG
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(address, String(port), &hints, &list)
        if rc == EAI_SYSTEM, let exhausted = SSHError.exhausted(errno) { throw exhausted }
        if rc != 0 {
            throw .resolveFailed(address: address, detail: String(cString: gai_strerror(rc)))
        }
        defer { freeaddrinfo(list) }

        let deadline = Deadline(after: timeout)
        var lastError: SSHError = .unreachable(endpoint: endpoint, detail: "no usable address")
        var current = list
        while let info = current {
            current = info.pointee.ai_next
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
            if fd < 0 {
                // Out of descriptors: no other address will do better, and "unreachable" would send
                // the reader looking at the network.
                if let exhausted = SSHError.exhausted(errno) { throw exhausted }
                lastError = .unreachable(endpoint: endpoint, detail: "cannot create a socket: \(String(cString: strerror(errno)))")
                continue
            }
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            var one: Int32 = 1
            // Commands and their replies are small packets: Nagle would add up to 40 ms per round trip.
            _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            var result = Glibc.connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen)
            var err: Int32 = result == 0 ? 0 : errno
            if result != 0 && err == EINPROGRESS {
                var pfd = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                result = poll(&pfd, 1, deadline.remainingMilliseconds)
                if result == 0 {
                    close(fd)
                    lastError = .connectTimedOut(endpoint: endpoint, after: timeout)
                    continue
                }
                var soError: Int32 = 0
                var len = socklen_t(MemoryLayout<Int32>.size)
                getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &len)
                err = soError
            }
            if err == 0 { return fd }
            close(fd)
            switch err {
            case ECONNREFUSED: lastError = .connectionRefused(endpoint: endpoint)
            case ETIMEDOUT: lastError = .connectTimedOut(endpoint: endpoint, after: timeout)
            default: lastError = .unreachable(endpoint: endpoint, detail: String(cString: strerror(err)))
            }
        }
        throw lastError
    }
}

/// A point in time on the monotonic clock, for poll timeouts.
struct Deadline {
    let instant: ContinuousClock.Instant

    init(after duration: Duration) {
        instant = .now + duration
    }

    init(_ instant: ContinuousClock.Instant) { self.instant = instant }

    /// Milliseconds left, clamped to 0…Int32.max, rounded up so a poll never wakes early and spins.
    var remainingMilliseconds: Int32 {
        let left = ContinuousClock.now.duration(to: instant)
        if left <= .zero { return 0 }
        let ms = left.components.seconds * 1000 + (left.components.attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: ms)
    }
}
