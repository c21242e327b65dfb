import Foundation
import Synchronization
import PailS3
@testable import PailStorage

/// Helpers for the chunk-format tests: a deterministic random source, a patterned plaintext, and
/// encrypting into memory.
enum EncryptionFixture {
    static let dataKey = (0..<32).map { UInt8($0 * 7 & 0xFF) }

    /// Bytes from a counter: reproducible salts, so failures reproduce.
    static func counterRandom() -> RandomSource {
        let state = Counter()
        return RandomSource { n in (0..<n).map { _ in state.next() } }
    }

    final class Counter: Sendable {
        private let value = Mutex<UInt8>(0)
        func next() -> UInt8 { value.withLock { $0 &+= 37; return $0 } }
    }

    static func plaintext(_ count: Int, seed: UInt8 = 1) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed) &+ ($0 >> 8)) }
    }

    static func record(chunkSize: Int) -> ObjectEncryption {
        ObjectEncryption(mode: .s3, wrappedKey: [1, 2, 3], chunkSize: chunkSize)
    }

    /// Encrypts `parts` (one block each when there are several, numbered from 1) and returns the
    /// stored bytes and the record.
    static func encrypt(_ parts: [[UInt8]], chunkSize: Int, writeSize: Int = 7_000,
                        key: [UInt8] = dataKey) throws -> ([UInt8], ObjectInfo) {
        let memory = MemoryObjectWriter()
        let writer = EncryptedObjectWriter(wrapping: memory, dataKey: key, encryption: record(chunkSize: chunkSize),
                                           random: counterRandom())
        for (i, part) in parts.enumerated() {
            if parts.count > 1 { try writer.startPart(i + 1) }
            var at = 0
            repeat {
                let n = min(writeSize, part.count - at)
                try part[at..<(at + n)].withUnsafeBytes { try writer.write($0) }
                at += n
            } while at < part.count
        }
        let info = try writer.commit(key: "k", etag: "e", metadata: ObjectMetadata(), condition: .none)
        return (memory.bytes, info)
    }

    /// The plaintext of `[start, start+length)` read back from `stored`.
    static func decrypt(_ stored: [UInt8], _ info: ObjectInfo, start: Int64 = 0, length: Int64? = nil,
                        key: [UInt8] = dataKey) throws -> [UInt8] {
        let content = ObjectContent(info: info, segments: [ObjectContent.Segment(bytes: stored, offset: 0, length: Int64(stored.count))],
                                    owning: [])
        let reader = try EncryptedRangeReader(content: content, dataKey: key, encryption: info.metadata.encryption!,
                                              start: start, length: length ?? info.size - start)
        var out: [UInt8] = []
        try reader.forEach { out += $0 }
        return out
    }

    /// Where `needle` first occurs in `haystack` (a naive search), or nil.
    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        for i in 0...(haystack.count - needle.count) where haystack[i] == needle[0] {
            if Array(haystack[i..<(i + needle.count)]) == needle { return i }
        }
        return nil
    }
}
