import Foundation

/// Writes one part into a fresh file under `uploads/` and records it through the group committer.
final class DiskPartWriter: PartWriter {
    private let store: DiskObjectStore
    private let bucket: String
    private let uploadId: String
    private let partNumber: Int
    private let sink: FileSink
    /// A full disk met while writing, reported by `commitPart` (as `DiskObjectWriter.write` explains).
    private var exhausted: StorageError?

    init(store: DiskObjectStore, bucket: String, uploadId: String, partNumber: Int) throws {
        self.store = store
        self.bucket = bucket
        self.uploadId = uploadId
        self.partNumber = partNumber
        sink = try FileSink(layout: store.layout, area: StoreLayout.uploadsArea, active: store.active)
    }

    deinit { sink.discard() }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        if exhausted != nil { return }
        do {
            try sink.write(bytes)
        } catch let error as StorageError where error.isResourceExhaustion {
            exhausted = error
            sink.discard()
        }
    }

    var bytesWritten: Int64 { sink.bytesWritten }

    func commitPart(etag: String, checksum: String?) throws -> PartInfo {
        try commitPart(etag: etag, checksum: checksum, size: sink.bytesWritten)
    }

    func commitPart(etag: String, checksum: String?, size: Int64) throws -> PartInfo {
        if let exhausted { throw exhausted }
        try sink.sync()
        let (bucket, uploadId, partNumber) = (bucket, uploadId, partNumber)
        let file = sink.relativePath
        let info = try store.committer.submit(directories: [StoreLayout.parentDirectory(of: file)]) { ctx in
            guard try UploadRow.find(ctx.db, bucket: bucket, uploadId: uploadId) != nil else {
                throw StorageError.noSuchUpload
            }
            let previous = try ctx.db.with("SELECT file FROM parts WHERE upload_id = ?1 AND part_number = ?2") { s in
                s.bind(1, uploadId); s.bind(2, partNumber)
                return try s.step() ? s.text(0) : nil
            }
            let part = PartInfo(partNumber: partNumber, size: size, etag: etag,
                                lastModified: DiskObjectStore.truncated(ctx.now), checksum: checksum)
            try ctx.db.with("""
                INSERT OR REPLACE INTO parts(upload_id, part_number, size, etag, last_modified, checksum, file)
                VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)
                """) { s in
                s.bind(1, uploadId); s.bind(2, partNumber); s.bind(3, size); s.bind(4, etag)
                s.bind(5, IndexSchema.milliseconds(part.lastModified)); s.bind(6, checksum); s.bind(7, file)
                try s.step()
            }
            if let previous { ctx.unlinkAfterCommit(previous) }
            return part
        }
        sink.committed()
        return info
    }

    func abort() { sink.discard() }
}
