import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension DiskObjectStore {
    public func makeWriter(bucket: String) throws -> ObjectWriter {
        try requireBucket(bucket)
        return try DiskObjectWriter(store: self, bucket: bucket)
    }

    public func head(bucket: String, key: String, version: VersionSelector) throws -> ObjectInfo {
        try findRow(bucket: bucket, key: key, version: version).info
    }

    /// Looks up the row, opens its files, and retries when a file vanished in between: a concurrent
    /// overwrite or delete committed and unlinked it after our lookup. The retry sees the new state.
    public func open(bucket: String, key: String, version: VersionSelector) throws -> ObjectContent {
        for _ in 0..<8 {
            let row = try findRow(bucket: bucket, key: key, version: version, withBytes: true)
            if let inline = row.inline {
                let segment = ObjectContent.Segment(bytes: inline, offset: 0, length: Int64(inline.count))
                return ObjectContent(info: row.info, segments: inline.isEmpty ? [] : [segment], owning: [])
            }
            var fds: [String: Int32] = [:]
            var vanished = false
            for file in row.segments.files where fds[file] == nil {
                let fd = Glibc.open(layout.absolute(file), O_RDONLY | O_CLOEXEC)
                if fd < 0 {
                    let err = errno
                    for fd in fds.values { close(fd) }
                    if err == ENOENT { vanished = true; break }
                    throw StorageError.posix(err, "open \(file)")
                }
                fds[file] = fd
            }
            if vanished { continue }
            let segments = row.segments.entries.map { ObjectContent.Segment(fd: fds[$0.file]!, offset: 0, length: $0.length) }
            return ObjectContent(info: row.info, segments: segments, owning: Array(fds.values))
        }
        throw StorageError.io("open \(key): its files kept vanishing under concurrent overwrites")
    }

    /// Copies the bytes into a new version (an object's files have exactly one owner, which keeps
    /// the unlink-after-commit rule simple; a small one is kept in the index like any small PUT) and
    /// commits it with the source's ETag and part sizes.
    public func copy(source: ObjectContent, destBucket: String, destKey: String, metadata: ObjectMetadata,
                     tags: [ObjectTag], condition: WriteCondition) throws -> ObjectInfo {
        try requireBucket(destBucket)
        let writer = try DiskObjectWriter(store: self, bucket: destBucket)
        defer { writer.abort() }
        try ObjectContent.copy(source.segments, chunkSize: 1 << 20) { try writer.write($0) }
        return try writer.commit(key: destKey, etag: source.info.etag, metadata: metadata, tags: tags,
                                 partSizes: source.info.partSizes, condition: condition)
    }

    /// The row of the version asked for. A miss checks the bucket only then, to choose between the
    /// errors; a latest version that is a delete marker is `.latestIsDeleteMarker`, a version that
    /// is one `.isDeleteMarker` (neither has bytes to read).
    func findRow(bucket: String, key: String, version: VersionSelector = .latest, withBytes: Bool = false) throws -> ObjectRow {
        if case .id(let id) = version, VersionID.sequence(of: id) == nil { throw StorageError.invalidVersionId }
        return try readers.read { db in
            let found: ObjectRow?
            if version == .latest {
                found = try ObjectRow.find(db, bucket: bucket, key: key, withBytes: withBytes)
            } else {
                // Two queries (current row, then older versions): one snapshot for both.
                found = try db.readTransaction {
                    try ObjectRow.find(db, bucket: bucket, key: key, version: version, withBytes: withBytes)
                }
            }
            if let row = found {
                if row.info.isDeleteMarker {
                    if version == .latest { throw StorageError.latestIsDeleteMarker(versionId: row.info.versionId) }
                    throw StorageError.isDeleteMarker(row.info)
                }
                return row
            }
            guard try BucketRow.exists(db, bucket) else { throw StorageError.noSuchBucket }
            throw version == .latest ? StorageError.noSuchKey : StorageError.noSuchVersion
        }
    }
}
