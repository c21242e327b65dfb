import Foundation
@testable import PailStorage

/// An `ObjectWriter` that keeps the stored bytes in memory and records what was committed, so that
/// tests can alter the bytes and read them back through an `ObjectContent`.
final class MemoryObjectWriter: ObjectWriter {
    private(set) var bytes: [UInt8] = []
    private(set) var committed: ObjectInfo?
    var bytesWritten: Int64 { Int64(bytes.count) }

    func write(_ bytes: UnsafeRawBufferPointer) throws { self.bytes += bytes }

    func commit(key: String, etag: String, metadata: ObjectMetadata, tags: [ObjectTag],
                condition: WriteCondition) throws -> ObjectInfo {
        try commit(key: key, etag: etag, metadata: metadata, tags: tags, size: bytesWritten, partSizes: [], condition: condition)
    }

    func commit(key: String, etag: String, metadata: ObjectMetadata, tags: [ObjectTag], size: Int64,
                partSizes: [Int64], condition: WriteCondition) throws -> ObjectInfo {
        let info = ObjectInfo(bucket: "b", key: key, size: size, etag: etag, lastModified: Date(timeIntervalSince1970: 0),
                              metadata: metadata, partSizes: partSizes, tags: tags)
        committed = info
        return info
    }

    func abort() {}
}
