/// The `HTTPBodyWriter` a streaming producer writes to. Holds the response head back so the head and a
/// small first write leave in one send, and counts bytes against the declared length.
final class ConnectionBodyWriter: HTTPBodyWriter {
    private let transport: ConnectionTransport
    private let stallTimeout: Double
    private let declared: Int64
    private var pending: [UInt8]
    private(set) var written: Int64 = 0
    private(set) var aborted = false
    /// Head plus first write up to this size are coalesced into one send.
    static let coalesceLimit = 64 * 1024

    private let onAbort: () -> Void

    init(transport: ConnectionTransport, head: [UInt8], declaredLength: Int64, stallTimeout: Double,
         abort: @escaping () -> Void) {
        self.transport = transport
        self.onAbort = abort
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
            pending.append(contentsOf: bytes)
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
        try flush()
        written += count
        try transport.sendFile(fd: fd, offset: offset, count: count, stallTimeout: stallTimeout)
    }

    func abortConnection() {
        aborted = true
        onAbort()
    }

    /// Sends the held-back head, if any.
    func flush() throws {
        guard !pending.isEmpty else { return }
        let p = pending
        pending = []
        try p.withUnsafeBytes { try transport.write($0, stallTimeout: stallTimeout) }
    }
}
