import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A ring of payload buffers whose hashing runs behind the connection thread.
///
/// MD5 cannot be split across cores and runs at about 750 MiB/s on one (OpenSSL), about the speed of
/// a disk's sequential write, so hashing a large body inline made the upload as slow as the hash plus
/// the receive and the write around it. Here each hash (MD5, the client's checksum) is a lane: its
/// own serial queue that hashes every buffer, in order, while the caller fills and writes the next
/// ones. Every byte is hashed exactly once and in sequence.
///
/// The caller's loop: `nextBuffer()`, fill it, `hash(count:)`, write from it, repeat; then `finish()`
/// before reading the digests. A buffer is handed out again only after every lane hashed what it held,
/// so the caller may keep writing from a buffer it passed to `hash` until it asks for the next one.
/// Memory is bounded by `depth` buffers. The ring is mapped directly rather than taken from malloc:
/// its pages are touched only as the body grows into them and are returned when the pipeline goes,
/// where malloc would keep them resident in each connection thread's arena after a large upload.
///
/// With `overlapped == false` there is one buffer and `hash` runs the lanes inline: small bodies pay
/// no queue hand-offs. Not thread-safe: one caller thread per pipeline.
// Unchecked: each lane's digest is touched only on its own serial queue, the buffer slots are handed
// over through `condition` (NSCondition: the caller waits on it, which a Mutex cannot do).
final class HashPipeline: @unchecked Sendable {
    typealias Update = (UnsafeRawBufferPointer) -> Void

    private let lanes: [Update]
    private let queues: [DispatchQueue]
    private let bufferSize: Int
    private let depth: Int
    /// `depth` buffers back to back: mapped for the ring, from malloc for the single inline buffer.
    private let memory: UnsafeMutableRawBufferPointer
    private let mapped: Bool
    private let condition = NSCondition()
    /// Buffers handed to the lanes so far; only the caller's thread touches it.
    private var submitted = 0
    /// Buffers each lane has hashed (guarded by `condition`).
    private var hashed: [Int]

    /// `lanes` are the hash updates; each is only ever called from one thread at a time, in order.
    init(bufferSize: Int, depth: Int, overlapped: Bool, lanes: [Update]) {
        precondition(bufferSize > 0 && depth > 0)
        self.lanes = lanes
        self.bufferSize = bufferSize
        self.depth = overlapped ? depth : 1
        if overlapped, let region = Self.map(byteCount: depth * bufferSize) {
            memory = region
            mapped = true
        } else {
            memory = .allocate(byteCount: self.depth * bufferSize, alignment: 16)
            mapped = false
        }
        queues = overlapped ? lanes.indices.map { DispatchQueue(label: "pail.ingest-hash.\($0)") } : []
        hashed = [Int](repeating: 0, count: lanes.count)
    }

    deinit {
        finish()
        if mapped { munmap(memory.baseAddress, memory.count) } else { memory.deallocate() }
    }

    private static func map(byteCount: Int) -> UnsafeMutableRawBufferPointer? {
        let region = mmap(nil, byteCount, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        guard let region, region != UnsafeMutableRawPointer(bitPattern: -1) else { return nil }
        return UnsafeMutableRawBufferPointer(start: region, count: byteCount)
    }

    /// The buffer to fill next; blocks until every lane is done with what it last held.
    func nextBuffer() -> UnsafeMutableRawBufferPointer {
        if !queues.isEmpty {
            condition.lock()
            while let slowest = hashed.min(), submitted - slowest >= depth { condition.wait() }
            condition.unlock()
        }
        return slot(submitted, count: bufferSize)
    }

    private func slot(_ index: Int, count: Int) -> UnsafeMutableRawBufferPointer {
        let start = (index % depth) * bufferSize
        return UnsafeMutableRawBufferPointer(rebasing: memory[start..<start + count])
    }

    /// Hashes the first `count` bytes of the buffer `nextBuffer()` returned last (later, when overlapped).
    func hash(count: Int) {
        // Shared with the lanes on purpose: `nextBuffer()` keeps the caller off it until they are done.
        nonisolated(unsafe) let chunk = UnsafeRawBufferPointer(slot(submitted, count: count))
        submitted += 1
        guard !queues.isEmpty else {
            for update in lanes { update(chunk) }
            return
        }
        for (i, lane) in lanes.enumerated() {
            nonisolated(unsafe) let update = lane   // runs only on queues[i], serially
            queues[i].async { [self] in
                update(chunk)
                condition.lock()
                hashed[i] += 1
                condition.broadcast()
                condition.unlock()
            }
        }
    }

    /// Waits until every lane hashed every buffer passed to `hash`. Call before reading the digests,
    /// and on every exit path before the buffers may go (an error can leave lanes mid-queue).
    func finish() {
        guard !queues.isEmpty else { return }
        condition.lock()
        while let slowest = hashed.min(), slowest < submitted { condition.wait() }
        condition.unlock()
    }
}
