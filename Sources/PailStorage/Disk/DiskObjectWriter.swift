import Foundation

/// Writes one object version into a fresh file and publishes it through the group committer.
final class DiskObjectWriter: ObjectWriter {
    private let store: DiskObjectStore
    private let bucket: String
    private let sink: FileSink

    init(store: DiskObjectStore, bucket: String) throws {
        self.store = store
        self.bucket = bucket
        sink = try FileSink(layout: store.layout, area: StoreLayout.objectsArea, active: store.active)
    }

    deinit { sink.discard() }

    func write(_ bytes: UnsafeRawBufferPointer) throws { try sink.write(bytes) }

    var bytesWritten: Int64 { sink.bytesWritten }

    func commit(key: String, etag: String, metadata: ObjectMetadata, condition: WriteCondition) throws -> ObjectInfo {
        try sink.sync()
        let bucket = bucket
        let segments = SegmentList(entries: [.init(file: sink.relativePath, length: sink.bytesWritten)])
        let size = sink.bytesWritten
        let info = try store.committer.submit(directories: [StoreLayout.parentDirectory(of: sink.relativePath)]) { ctx in
            let row = ObjectRow(
                info: ObjectInfo(bucket: bucket, key: key, size: size, etag: etag,
                                 lastModified: DiskObjectStore.truncated(ctx.now), metadata: metadata),
                segments: segments)
            return try DiskObjectStore.publish(row, condition: condition, ctx: ctx)
        }
        sink.committed()
        return info
    }

    func abort() { sink.discard() }
}
