import Foundation
import PailStorage

/// Where `pail sse-speed` sends encrypted bytes: kept in memory (to read back) or dropped.
final class SSESpeedSink: ObjectWriter {
    private let keeping: Bool
    private(set) var bytes: [UInt8] = []
    private(set) var bytesWritten: Int64 = 0

    init(keeping: Bool) { self.keeping = keeping }

    func write(_ b: UnsafeRawBufferPointer) throws {
        if keeping { bytes.append(contentsOf: b) }
        bytesWritten += Int64(b.count)
    }

    func commit(key: String, etag: String, metadata: ObjectMetadata, tags: [ObjectTag], condition: WriteCondition) throws -> ObjectInfo {
        try commit(key: key, etag: etag, metadata: metadata, tags: tags, size: bytesWritten, partSizes: [], condition: condition)
    }

    func commit(key: String, etag: String, metadata: ObjectMetadata, tags: [ObjectTag], size: Int64, partSizes: [Int64],
                condition: WriteCondition) throws -> ObjectInfo {
        ObjectInfo(bucket: "", key: key, size: size, etag: etag, lastModified: Date(), metadata: metadata, partSizes: partSizes)
    }

    func abort() {}
}
