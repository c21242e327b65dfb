#if canImport(Glibc)
import Glibc
#endif

/// The read buffer of one connection: request heads are parsed in place, and body reads copy what is
/// buffered or read straight from the transport into the caller's memory.
final class ConnectionReader {
    let transport: ConnectionTransport
    let capacity: Int
    private let storage: UnsafeMutableRawPointer
    /// Unconsumed bytes are `storage[start..<end]`.
    private(set) var start = 0
    private(set) var end = 0

    init(transport: ConnectionTransport, capacity: Int) {
        self.transport = transport
        self.capacity = capacity
        self.storage = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
    }

    deinit { storage.deallocate() }

    var buffered: Int { end - start }

    /// The unconsumed bytes.
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: storage + start, count: end - start) }

    func consume(_ n: Int) {
        precondition(n <= buffered)
        start += n
        if start == end { start = 0; end = 0 }
    }

    /// Reads more bytes after the buffered ones; returns how many (0 at end of stream or when full).
    @discardableResult
    func fill(deadline: IODeadline) throws -> Int {
        compact()
        guard end < capacity else { return 0 }
        let n = try transport.read(into: UnsafeMutableRawBufferPointer(start: storage + end, count: capacity - end),
                                   deadline: deadline)
        end += n
        return n
    }

    /// Like `fill`, but without waiting, on a plain socket: nil when no bytes are ready yet.
    func fillIfReady(from socket: SocketTransport) throws -> Int? {
        compact()
        guard end < capacity else { return 0 }
        guard let n = try socket.readIfReady(into: UnsafeMutableRawBufferPointer(start: storage + end, count: capacity - end))
        else { return nil }
        end += n
        return n
    }

    private func compact() {
        if end == capacity && start > 0 {
            memmove(storage, storage + start, end - start)
            end -= start
            start = 0
        }
    }

    /// Reads up to `buffer.count` bytes: buffered ones first, then (for large reads) straight from the
    /// transport into `buffer`. Returns 0 at end of stream.
    func read(into buffer: UnsafeMutableRawBufferPointer, deadline: IODeadline) throws -> Int {
        guard buffer.count > 0 else { return 0 }
        if buffered == 0 {
            if buffer.count >= 16 * 1024 {
                return try transport.read(into: buffer, deadline: deadline)
            }
            if try fill(deadline: deadline) == 0 { return 0 }
        }
        let n = min(buffered, buffer.count)
        buffer.baseAddress!.copyMemory(from: storage + start, byteCount: n)
        consume(n)
        return n
    }

    /// Reads one line ending in LF (a preceding CR is dropped), at most `maxLength` bytes long.
    /// Returns nil at end of stream; throws `HTTPError.malformed` for an over-long line.
    func readLine(maxLength: Int, deadline: IODeadline) throws -> [UInt8]? {
        var scanned = 0
        while true {
            let b = bytes
            if let i = b[scanned...].firstIndex(of: UInt8(ascii: "\n")) {
                var line = Array(b[0..<i])
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                consume(i + 1)
                return line
            }
            scanned = b.count
            if scanned > maxLength { throw HTTPError.malformed("line too long") }
            if try fill(deadline: deadline) == 0 { return nil }
        }
    }
}
