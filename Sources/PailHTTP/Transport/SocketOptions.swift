#if canImport(Glibc)
import Glibc
#endif

/// Small `fcntl`/`setsockopt` helpers.
enum SocketOptions {
    static func setNonBlocking(_ fd: Int32) {
        let flags = fcntl(fd, F_GETFL)
        if flags >= 0 && flags & O_NONBLOCK == 0 { _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK) }
    }

    static func setInt(_ fd: Int32, _ level: Int32, _ name: Int32, _ value: Int32) {
        var v = value
        _ = setsockopt(fd, level, name, &v, socklen_t(MemoryLayout<Int32>.size))
    }

    static func setNoDelay(_ fd: Int32) { setInt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, 1) }

    static func setReuseAddress(_ fd: Int32) { setInt(fd, SOL_SOCKET, SO_REUSEADDR, 1) }

    /// Linux has no SO_NOSIGPIPE; sends use MSG_NOSIGNAL and the process ignores SIGPIPE instead.
    static func setNoSIGPIPE(_ fd: Int32) {}

    /// `close()` then sends RST instead of FIN.
    static func setLingerZero(_ fd: Int32) {
        var l = linger(l_onoff: 1, l_linger: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, socklen_t(MemoryLayout<linger>.size))
    }

    /// Ignores SIGPIPE process-wide: a write to a closed peer must fail with EPIPE, not end the process.
    static func ignoreSIGPIPE() { _ = signal(SIGPIPE, SIG_IGN) }
}
