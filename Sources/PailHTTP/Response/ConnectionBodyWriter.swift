#if canImport(Glibc)
import Glibc
#endif

/// The `HTTPBodyWriter` a streaming producer writes to. Holds the response head back so the head and a
/// small first write leave in one send, and counts bytes against the declared length.
final class ConnectionBodyWriter: HTTPBodyWriter {
    private let transport: ConnectionTransport
    private let stallTimeout: Double
    private let declared: Int64
    /// The connection's output buffer, holding the head until the first write or flush.
    private let pending: OutputBuffer
    private(set) var written: Int64 = 0
    private(set) var aborted = false
    /// Head plus first write up to this size are coalesced into one send.
    static let coalesceLimit = 64 * 1024

    /// Weak, as the closure it replaces was: a producer may keep the writer past the connection.
    private weak var connection: HTTPConnection?

    /// `head` holds the encoded response head; the writer sends it with or before the first body bytes.
    init(transport: ConnectionTransport, head: OutputBuffer, declaredLength: Int64, stallTimeout: Double,
         connection: HTTPConnection) {
        self.transport = transport
        self.connection = connection
        self.pending = head
        self.declared = declaredLength
        self.stallTimeout = stallTimeout
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        if aborted { throw HTTPError.connectionClosed }
        guard bytes.count > 0 else { return }
        if written + Int64(bytes.count) > declared { throw HTTPError.bodyTooLarge }
        written += Int64(bytes.count)
        if !pending.isEmpty && pending.count + bytes.count <= Self.coalesceLimit {
            pending.append(bytes)
            try flush()
            return
        }
        try flush()
        try transport.write(bytes, stallTimeout: stallTimeout)
    }

    func sendFile(fd: Int32, offset: Int64, count: Int64) throws {
        if aborted { throw HTTPError.connectionClosed }
        guard count > 0 else { return }
        if written + count > declared { throw HTTPError.bodyTooLarge }
        if !pending.isEmpty && pending.count + Int(count) <= Self.smallFileLimit {
            // A small object leaves with its head in one send: a pread and a copy cost less than a
            // second syscall and a second TCP segment (the 4 KiB GET profile).
            try appendFromFile(fd: fd, offset: offset, count: Int(count))
            written += count
            try flush()
            return
        }
        try flush()
        written += count
        try transport.sendFile(fd: fd, offset: offset, count: count, stallTimeout: stallTimeout)
    }

    /// Head plus a file body up to this size are read and sent together instead of using sendfile.
    static let smallFileLimit = 16 * 1024

    private func appendFromFile(fd: Int32, offset: Int64, count: Int) throws {
        // On a failed read the buffer keeps only the head: unread bytes never go out as body bytes.
        try pending.appendUninitialized(count: count) { buffer in
            var done = 0
            while done < count {
                let n = pread(fd, buffer.baseAddress! + done, count - done, off_t(offset) + off_t(done))
                if n > 0 { done += n; continue }
                if n < 0 && errno == EINTR { continue }
                throw HTTPError.io(n == 0 ? EIO : errno)  // the file is shorter than promised
            }
        }
    }

    func abortConnection() {
        aborted = true
        connection?.abortConnection()
    }

    /// Sends the held-back head, if any.
    func flush() throws {
        guard !pending.isEmpty else { return }
        try pending.drain { try transport.write($0, stallTimeout: stallTimeout) }
    }
}
