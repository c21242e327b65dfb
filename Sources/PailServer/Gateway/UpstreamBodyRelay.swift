import Foundation
import PailHTTP
#if canImport(Glibc)
import Glibc
#endif

/// Relays a large response body from the upstream to the client with the two sockets working at once:
/// a thread of its own reads the upstream into a small ring of buffers while the connection thread
/// writes the filled ones to the client. Read and write in turn on one thread left each socket idle
/// half the time (a 256 MiB GET ran at about 85 % of RGW's own speed; overlapped it keeps up).
///
/// Memory is the ring, whatever the body's size. If the client goes away, the reader stops after its
/// current read and drops the upstream connection; it never touches the client's socket.
// Unchecked: the ring's bookkeeping is guarded by `condition` (NSCondition: reader and relay wait on
// it, which Synchronization's Mutex cannot do), and `source` is read by the one relay thread.
final class UpstreamBodyRelay: @unchecked Sendable {
    static let bufferSize = 256 * 1024
    static let depth = 4

    private let source: HTTPClientResponse
    private let count: Int64
    private let ring: UnsafeMutableRawBufferPointer
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var lengths = [Int](repeating: 0, count: depth)
    private var produced = 0
    private var consumed = 0
    private var failure: Error?
    private var cancelled = false
    private var readerDone = false

    private init(source: HTTPClientResponse, count: Int64) {
        self.source = source
        self.count = count
        ring = .allocate(byteCount: Self.bufferSize * Self.depth, alignment: 4096)
    }

    deinit { ring.deallocate() }

    /// Sends `count` body bytes of `source` to `writer`.
    static func relay(_ source: HTTPClientResponse, count: Int64, to writer: HTTPBodyWriter) throws {
        let relay = UpstreamBodyRelay(source: source, count: count)
        let thread = Thread { relay.readLoop() }
        thread.name = "pail.gateway-relay"
        thread.start()
        try relay.writeLoop(writer)
    }

    private func slot(_ n: Int) -> UnsafeMutableRawBufferPointer {
        let start = (n % Self.depth) * Self.bufferSize
        return UnsafeMutableRawBufferPointer(rebasing: ring[start..<(start + Self.bufferSize)])
    }

    /// The reader thread: fills free slots until the body ends, fails or the writer gives up.
    private func readLoop() {
        var left = count
        var error: Error?
        while left > 0 {
            condition.lock()
            while produced - consumed == Self.depth && !cancelled { condition.wait() }
            let stop = cancelled
            let n = produced
            condition.unlock()
            if stop { break }
            let buffer = slot(n)
            let want = Int(min(Int64(buffer.count), left))
            do {
                var filled = 0
                while filled < want {
                    let got = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled..<want]))
                    if got == 0 { throw HTTPError.bodyTruncated }
                    filled += got
                }
                left -= Int64(filled)
                condition.lock()
                lengths[n % Self.depth] = filled
                produced += 1
                condition.broadcast()
                condition.unlock()
            } catch let e {
                error = e
                break
            }
        }
        if error == nil && left == 0 {
            // Reads the end of the body, so the connection goes back to the pool.
            var byte: UInt8 = 0
            _ = try? withUnsafeMutableBytes(of: &byte) { try source.read(into: $0) }
        } else {
            source.close()
        }
        condition.lock()
        failure = error
        readerDone = true
        condition.broadcast()
        condition.unlock()
    }

    /// The connection thread: writes each filled slot in order.
    private func writeLoop(_ writer: HTTPBodyWriter) throws {
        var written: Int64 = 0
        while written < count {
            condition.lock()
            if produced == consumed && !readerDone {
                WorkerThread.blocking { while produced == consumed && !readerDone { condition.wait() } }
            }
            let available = produced > consumed
            let n = consumed
            let length = available ? lengths[n % Self.depth] : 0
            let error = failure
            condition.unlock()
            guard available else { throw error ?? HTTPError.bodyTruncated }
            do {
                try writer.write(UnsafeRawBufferPointer(rebasing: slot(n)[0..<length]))
            } catch {
                condition.lock()
                cancelled = true
                condition.broadcast()
                condition.unlock()
                throw error
            }
            written += Int64(length)
            condition.lock()
            consumed += 1
            condition.broadcast()
            condition.unlock()
        }
    }
}
