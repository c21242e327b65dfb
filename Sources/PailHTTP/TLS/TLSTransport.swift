import Foundation
import COpenSSL
#if canImport(Glibc)
import Glibc
#endif

/// TLS over a non-blocking socket, driven by one thread; waits with `poll()` on WANT_READ/WANT_WRITE.
public final class TLSTransport: ConnectionTransport {
    private let ssl: OpaquePointer
    /// The socket; owned and closed by this transport.
    public let fd: Int32
    private let lock = NSLock()
    private var closed = false

    /// Wraps the connected socket `fd` for the server side of `context`. Call `handshake` next.
    public convenience init(context: TLSServerContext, fd: Int32) throws {
        let s = try Self.makeSSL(context.context, fd: fd)
        SSL_set_accept_state(s)
        self.init(ssl: s, fd: fd)
    }

    /// Takes ownership of a configured `SSL` on `fd`.
    init(ssl: OpaquePointer, fd: Int32) {
        self.ssl = ssl
        self.fd = fd
    }

    /// A new `SSL` for `fd` (made non-blocking) under `context`.
    static func makeSSL(_ context: OpaquePointer, fd: Int32) throws -> OpaquePointer {
        SocketOptions.setNonBlocking(fd)
        guard let s = SSL_new(context) else { throw TLSError.fromQueue("SSL_new") }
        guard SSL_set_fd(s, fd) == 1 else {
            SSL_free(s)
            throw TLSError.fromQueue("SSL_set_fd")
        }
        return s
    }

    deinit { close() }

    public var isSecure: Bool { true }

    /// Runs the server handshake; throws `HTTPError.timeout` when `deadline` passes first.
    public func handshake(deadline: IODeadline) throws {
        while true {
            ERR_clear_error()
            let r = SSL_do_handshake(ssl)
            if r == 1 { return }
            try waitOrThrow(SSL_get_error(ssl, r), deadline: deadline, operation: "handshake")
        }
    }

    private func waitOrThrow(_ code: Int32, deadline: IODeadline, operation: String) throws {
        switch code {
        case SSL_ERROR_WANT_READ: try SocketWait.readable(fd, deadline: deadline)
        case SSL_ERROR_WANT_WRITE: try SocketWait.writable(fd, deadline: deadline)
        case SSL_ERROR_ZERO_RETURN, SSL_ERROR_SYSCALL: throw HTTPError.connectionClosed
        default:
            // A client that verifies the server reports why the certificate was refused.
            let verify = SSL_get_verify_result(ssl)
            if verify != X509_V_OK {
                ERR_clear_error()
                throw TLSError("certificate verify failed: \(String(cString: X509_verify_cert_error_string(verify)))")
            }
            throw TLSError.fromQueue(operation)
        }
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer, deadline: IODeadline) throws -> Int {
        guard buffer.count > 0 else { return 0 }
        let count = Int32(min(buffer.count, Int(Int32.max)))
        while true {
            ERR_clear_error()
            let r = SSL_read(ssl, buffer.baseAddress, count)
            if r > 0 { return Int(r) }
            let code = SSL_get_error(ssl, r)
            switch code {
            case SSL_ERROR_ZERO_RETURN, SSL_ERROR_SYSCALL: return 0
            case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
                try waitOrThrow(code, deadline: deadline, operation: "read")
            default:
                ERR_clear_error()
                return 0  // a broken TLS stream ends the connection like a reset
            }
        }
    }

    public func write(_ bytes: UnsafeRawBufferPointer, stallTimeout: Double) throws {
        guard var p = bytes.baseAddress else { return }
        var left = bytes.count
        while left > 0 {
            ERR_clear_error()
            let r = SSL_write(ssl, p, Int32(min(left, 1 << 20)))
            if r > 0 {
                p += Int(r)
                left -= Int(r)
                continue
            }
            try waitOrThrow(SSL_get_error(ssl, r), deadline: .after(stallTimeout), operation: "write")
        }
    }

    /// No sendfile under TLS: pread into a buffer and encrypt.
    public func sendFile(fd fileFD: Int32, offset: Int64, count: Int64, stallTimeout: Double) throws {
        let size = 64 * 1024
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        defer { buffer.deallocate() }
        var off = offset, left = count
        while left > 0 {
            let n = pread(fileFD, buffer, Int(min(Int64(size), left)), off_t(off))
            if n < 0 {
                if errno == EINTR { continue }
                throw HTTPError.io(errno)
            }
            if n == 0 { throw HTTPError.io(EIO) }
            try write(UnsafeRawBufferPointer(start: buffer, count: n), stallTimeout: stallTimeout)
            off += Int64(n)
            left -= Int64(n)
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
        closed = true
        SocketOptions.setLingerZero(fd)
        SSL_free(ssl)
        _ = Glibc.close(fd)
    }

    public func close() {
        lock.lock()
        defer { lock.unlock() }
        guard !closed else { return }
        closed = true
        ERR_clear_error()
        _ = SSL_shutdown(ssl)  // one non-blocking close_notify attempt
        ERR_clear_error()
        SSL_free(ssl)
        _ = Glibc.close(fd)
    }
}
