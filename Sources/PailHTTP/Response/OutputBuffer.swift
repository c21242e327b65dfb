#if canImport(Glibc)
import Glibc
#endif

/// The bytes of one response head, and of a small body that leaves in the same send. A connection
/// keeps one from response to response, so encoding a head allocates nothing once it has grown.
final class OutputBuffer {
    private var storage: UnsafeMutableRawPointer?
    private(set) var capacity = 0
    private(set) var count = 0
    /// Capacity kept between responses; a larger buffer (a coalesced 64 KiB body) is freed after use
    /// so that idle connections do not each hold one.
    static let keptCapacity = 32 * 1024

    deinit { storage?.deallocate() }

    var isEmpty: Bool { count == 0 }

    /// The bytes written so far. Valid until the next append.
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: storage, count: count) }

    /// Forgets the contents, keeping the memory unless it grew past `keptCapacity`.
    func removeAll() {
        count = 0
        if capacity > Self.keptCapacity {
            storage?.deallocate()
            storage = nil
            capacity = 0
        }
    }

    /// Makes room for `extra` more bytes.
    @inline(__always)
    func reserve(_ extra: Int) {
        if count + extra > capacity { grow(to: count + extra) }
    }

    private func grow(to needed: Int) {
        let newCapacity = max(needed, capacity * 2, 8 * 1024)
        let new = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
        if let storage {
            new.copyMemory(from: storage, byteCount: count)
            storage.deallocate()
        }
        storage = new
        capacity = newCapacity
    }

    func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        (storage! + count).copyMemory(from: source, byteCount: bytes.count)
        count += bytes.count
    }

    func append(_ bytes: [UInt8]) { bytes.withUnsafeBytes { append($0) } }

    @inline(__always)
    func append(_ byte: UInt8) {
        reserve(1)
        storage!.storeBytes(of: byte, toByteOffset: count, as: UInt8.self)
        count += 1
    }

    @inline(__always)
    func append(_ a: UInt8, _ b: UInt8) {
        reserve(2)
        storage!.storeBytes(of: a, toByteOffset: count, as: UInt8.self)
        storage!.storeBytes(of: b, toByteOffset: count + 1, as: UInt8.self)
        count += 2
    }

    func append(_ text: String) {
        if text.utf8.withContiguousStorageIfAvailable({ append(UnsafeRawBufferPointer($0)) }) == nil {
            for b in text.utf8 { append(b) }
        }
    }

    /// Appends `text` with CR, LF and NUL replaced by SP, copying and replacing in one pass.
    func appendReplacingLineBreaks(_ text: String) {
        let copied: Void? = text.utf8.withContiguousStorageIfAvailable { source in
            reserve(source.count)
            let target = storage! + count
            for i in 0..<source.count {
                let b = source[i]
                target.storeBytes(of: b == 13 || b == 10 || b == 0 ? 0x20 : b, toByteOffset: i, as: UInt8.self)
            }
            count += source.count
        }
        if copied == nil {
            for b in text.utf8 { append(b == 13 || b == 10 || b == 0 ? 0x20 : b) }
        }
    }

    /// Appends `n` in decimal, with a `-` when negative (as `String(n)` writes it).
    func appendDecimal(_ n: Int64) {
        if n < 0 { append(UInt8(ascii: "-")) }
        let m = n.magnitude
        var place: UInt64 = 1
        while m / place >= 10 { place *= 10 }
        reserve(19)
        while place > 0 {
            append(UInt8(ascii: "0") + UInt8(m / place % 10))
            place /= 10
        }
    }

    /// Appends `count` bytes that `fill` writes. When `fill` throws, nothing is appended.
    func appendUninitialized(count n: Int, _ fill: (UnsafeMutableRawBufferPointer) throws -> Void) rethrows {
        reserve(n)
        try fill(UnsafeMutableRawBufferPointer(start: storage! + count, count: n))
        count += n
    }

    /// Hands the contents to `send` after emptying the buffer, so that a failed send leaves nothing
    /// behind to send again. `send` must not append.
    func drain(_ send: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        let contents = bytes
        count = 0
        defer { removeAll() }
        try send(contents)
    }
}
