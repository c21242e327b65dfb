import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A plain TCP connection over a non-blocking socket descriptor, which it owns and closes.
public final class SocketTransport: ConnectionTransport {
    public let fd: Int32
    private let lock = NSLock()
    private var closed = false

    /// Takes ownership of a connected socket and makes it non-blocking.
    public init(fd: Int32) {
        self.fd = fd
        SocketOptions.setNonBlocking(fd)
        SocketOptions.setNoSIGPIPE(fd)
    }

    deinit { close() }

    public var isSecure: Bool { false }

    public func read(into buffer: UnsafeMutableRawBufferPointer, deadline: IODeadline) throws -> Int {
        while true {
            if let n = try readIfReady(into: buffer) { return n }
            try SocketWait.readable(fd, deadline: deadline)
        }
    }

    /// One read that never waits: nil when no bytes are ready, 0 at end of stream.
    func readIfReady(into buffer: UnsafeMutableRawBufferPointer) throws -> Int? {
        guard buffer.count > 0 else { return 0 }
        while true {
            let n = recv(fd, buffer.baseAddress, buffer.count, 0)
            if n >= 0 { return n }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return nil
            case ECONNRESET, ENOTCONN, EPIPE: return 0
            case let e: throw HTTPError.io(e)
            }
        }
    }

    public func write(_ bytes: UnsafeRawBufferPointer, stallTimeout: Double) throws {
        guard var p = bytes.baseAddress else { return }
        var left = bytes.count
        while left > 0 {
            // MSG_NOSIGNAL: a write to a closed peer must return EPIPE, not kill the process.
            let n = send(fd, p, left, Int32(MSG_NOSIGNAL))
            if n > 0 {
                p += n
                left -= n
                continue
            }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: try SocketWait.writable(fd, deadline: .after(stallTimeout))
            case EPIPE, ECONNRESET, ENOTCONN: throw HTTPError.connectionClosed
            case let e: throw HTTPError.io(e)
            }
        }
    }

    public func sendFile(fd fileFD: Int32, offset: Int64, count: Int64, stallTimeout: Double) throws {
        var off = off_t(offset)
        var left = count
        while left > 0 {
            let chunk = Int(min(left, 1 << 30))
            let n = Glibc.sendfile(fd, fileFD, &off, chunk)
            if n > 0 {
                left -= Int64(n)
                continue
            }
            if n == 0 { throw HTTPError.io(EIO) }  // the file is shorter than promised
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: try SocketWait.writable(fd, deadline: .after(stallTimeout))
            case EPIPE, ECONNRESET, ENOTCONN: throw HTTPError.connectionClosed
            case let e: throw HTTPError.io(e)
            }
        }
    }

    public func shutdownSocket() {
        lock.lock()
        defer { lock.unlock() }
        if !closed { _ = Glibc.shutdown(fd, Int32(SHUT_RDWR)) }
    }

    public func abort() {
        lock.lock()
        defer { lock.unlock() }
        guard !closed else { return }
        SocketOptions.setLingerZero(fd)
        closed = true
        _ = Glibc.close(fd)
    }

    public func close() {
        lock.lock()
        defer { lock.unlock() }
        guard !closed else { return }
        closed = true
        _ = Glibc.close(fd)
    }
}
