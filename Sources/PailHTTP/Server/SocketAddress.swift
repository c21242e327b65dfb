import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Resolving listen addresses and printing peer addresses.
enum SocketAddress {
    /// Creates, binds and listens on a TCP socket for `host` (IPv4 or IPv6 literal, a name, or "" for
    /// all IPv4 interfaces) and `port`; returns the descriptor and the bound port.
    static func listen(host: String, port: UInt16, backlog: Int32 = 1024) throws -> (fd: Int32, port: UInt16) {
        var h = host
        if h.hasPrefix("[") && h.hasSuffix("]") { h = String(h.dropFirst().dropLast()) }
        if h.isEmpty || h == "*" { h = "0.0.0.0" }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE
        hints.ai_family = AF_UNSPEC
        var result: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(h, String(port), &hints, &result)
        guard rc == 0, let first = result else {
            throw HTTPServerError.cannotListen("cannot resolve \(host): \(String(cString: gai_strerror(rc)))")
        }
        defer { freeaddrinfo(result) }
        var lastError = "no address for \(host)"
        var ai: UnsafeMutablePointer<addrinfo>? = first
        while let a = ai {
            ai = a.pointee.ai_next
            let fd = socket(a.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            if fd < 0 { lastError = String(cString: strerror(errno)); continue }
            SocketOptions.setReuseAddress(fd)
            if a.pointee.ai_family == AF_INET6 { SocketOptions.setInt(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, 1) }
            if bind(fd, a.pointee.ai_addr, a.pointee.ai_addrlen) != 0 || Glibc.listen(fd, backlog) != 0 {
                lastError = "\(host):\(port): \(String(cString: strerror(errno)))"
                close(fd)
                continue
            }
            var storage = sockaddr_storage()
            var len = socklen_t(MemoryLayout<sockaddr_storage>.size)
            _ = withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
            }
            return (fd, boundPort(storage))
        }
        throw HTTPServerError.cannotListen(lastError)
    }

    static func boundPort(_ storage: sockaddr_storage) -> UInt16 {
        var s = storage
        let isV6 = Int32(storage.ss_family) == AF_INET6
        return withUnsafePointer(to: &s) { p -> UInt16 in
            if isV6 {
                return p.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin6_port) }
            }
            return p.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin_port) }
        }
    }

    /// `host:port`, with brackets around IPv6 hosts.
    static func describe(_ storage: sockaddr_storage, length: socklen_t) -> String {
        var s = storage
        var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        var serv = [CChar](repeating: 0, count: Int(NI_MAXSERV))
        let rc = withUnsafePointer(to: &s) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                getnameinfo($0, length, &host, socklen_t(host.count), &serv, socklen_t(serv.count),
                            NI_NUMERICHOST | NI_NUMERICSERV)
            }
        }
        guard rc == 0 else { return "unknown" }
        let h = String(cString: host), p = String(cString: serv)
        return Int32(storage.ss_family) == AF_INET6 ? "[\(h)]:\(p)" : "\(h):\(p)"
    }
}
