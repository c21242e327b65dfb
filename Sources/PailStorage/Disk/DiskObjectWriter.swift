import Foundation

/// Writes one object version and publishes it through the group committer.
///
/// A body that stays within the store's `inlineLimit` is kept in memory and committed inside its
/// index row: the batch's one WAL fsync makes it durable, where a file would need a create, an
/// fdatasync of its own and its directory's fsync. The first byte past the limit moves the body to a
/// fresh file, and from there it streams as any large object does.
final class DiskObjectWriter: ObjectWriter {
    private let store: DiskObjectStore
    private let bucket: String
    /// The body while it fits the inline limit; nil once it moved to `sink`.
    private var buffer: [UInt8]? = []
    private var sink: FileSink?
    private var aborted = false
    /// A full disk or exhausted descriptors met while writing: reported by `commit`, see `write`.
    private var exhausted: StorageError?
    private(set) var bytesWritten: Int64 = 0

    init(store: DiskObjectStore, bucket: String) throws {
        self.store = store
        self.bucket = bucket
        if store.inlineLimit == 0 { try spill() }
    }

    deinit { sink?.discard() }

    /// Appends bytes. When the disk is full or no descriptor is left, the file goes at once (its
    /// space is freed for others) and the rest of the body is accepted and dropped; `commit` then
    /// throws that error. So the server reads the whole body and the client gets the answer (a
    /// retryable 503) instead of a connection reset in the middle of sending, which is what a
    /// client sees when a server answers early and closes with request bytes unread.
    func write(_ bytes: UnsafeRawBufferPointer) throws {
        if aborted { throw StorageError.io("write after abort") }
        if exhausted != nil { return }
        do {
            if let held = buffer?.count, held + bytes.count > store.inlineLimit { try spill() }
            if buffer != nil {
                buffer?.append(contentsOf: bytes)
            } else {
                try sink!.write(bytes)
            }
        } catch let error as StorageError where error.isResourceExhaustion {
            exhausted = error
            buffer = nil
            sink?.discard()
            return
        }
        bytesWritten += Int64(bytes.count)
    }

    /// Moves what is buffered into a new file; later writes go there.
    private func spill() throws {
        let file = try FileSink(layout: store.layout, area: StoreLayout.objectsArea, active: store.active)
        if let held = buffer, !held.isEmpty { try held.withUnsafeBytes { try file.write($0) } }
        buffer = nil
        sink = file
    }

    func commit(key: String, etag: String, metadata: ObjectMetadata, tags: [ObjectTag],
                condition: WriteCondition) throws -> ObjectInfo {
        try commit(key: key, etag: etag, metadata: metadata, tags: tags, partSizes: [], condition: condition)
    }

    /// `commit` with the part sizes a copy of a multipart object keeps.
    func commit(key: String, etag: String, metadata: ObjectMetadata, tags: [ObjectTag], partSizes: [Int64],
                condition: WriteCondition) throws -> ObjectInfo {
        try commit(key: key, etag: etag, metadata: metadata, tags: tags, size: bytesWritten, partSizes: partSizes,
                   condition: condition)
    }

    func commit(key: String, etag: String, metadata: ObjectMetadata, tags: [ObjectTag], size: Int64,
                partSizes: [Int64], condition: WriteCondition) throws -> ObjectInfo {
        if aborted { throw StorageError.io("commit after abort") }
        if let exhausted { throw exhausted }
        let bucket = bucket, inline = buffer
        var segments = SegmentList(entries: [])
        var directories: [String] = []
        if let sink {
            try sink.sync()
            segments = SegmentList(entries: [.init(file: sink.relativePath, length: sink.bytesWritten)])
            directories = [StoreLayout.parentDirectory(of: sink.relativePath)]
        }
        let info = try store.committer.submit(directories: directories) { ctx in
            let row = ObjectRow(
                info: ObjectInfo(bucket: bucket, key: key, size: size, etag: etag,
                                 lastModified: DiskObjectStore.truncated(ctx.now), metadata: metadata,
                                 partSizes: partSizes, tags: tags),
                segments: segments, inline: inline)
            return try DiskObjectStore.publish(row, condition: condition, ctx: ctx)
        }
        sink?.committed()
        return info
    }

    func abort() {
        aborted = true
        buffer = nil
        sink?.discard()
    }
}
