import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension DiskObjectStore {
    public func makeWriter(bucket: String) throws -> ObjectWriter {
        try requireBucket(bucket)
        return try DiskObjectWriter(store: self, bucket: bucket)
    }

    public func head(bucket: String, key: String) throws -> ObjectInfo {
        try findRow(bucket: bucket, key: key).info
    }

    /// Looks up the row, opens its files, and retries when a file vanished in between: a concurrent
    /// overwrite or delete committed and unlinked it after our lookup. The retry sees the new state.
    public func open(bucket: String, key: String) throws -> ObjectContent {
        for _ in 0..<8 {
            let row = try findRow(bucket: bucket, key: key, withBytes: true)
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
                    throw StorageError.io("open \(file): \(String(cString: strerror(err)))")
                }
                fds[file] = fd
            }
            if vanished { continue }
            let segments = row.segments.entries.map { ObjectContent.Segment(fd: fds[$0.file]!, offset: 0, length: $0.length) }
            return ObjectContent(info: row.info, segments: segments, owning: Array(fds.values))
        }
        throw StorageError.io("open \(key): its files kept vanishing under concurrent overwrites")
    }

    public func delete(bucket: String, key: String) throws {
        _ = try delete(bucket: bucket, keys: [key])
    }

    public func delete(bucket: String, keys: [String]) throws -> [StorageError?] {
        try committer.submit { ctx in
            guard try BucketRow.exists(ctx.db, bucket) else { throw StorageError.noSuchBucket }
            for key in keys {
                try ObjectRow.delete(ctx.db, bucket: bucket, key: key)?.forEach(ctx.unlinkAfterCommit)
            }
            return [StorageError?](repeating: nil, count: keys.count)
        }
    }

    /// Copies the bytes into a new version (an object's files have exactly one owner, which keeps
    /// the unlink-after-commit rule simple; a small one is kept in the index like any small PUT) and
    /// commits it with the source's ETag and part sizes.
    public func copy(source: ObjectContent, destBucket: String, destKey: String, metadata: ObjectMetadata,
                     condition: WriteCondition) throws -> ObjectInfo {
        try requireBucket(destBucket)
        let writer = try DiskObjectWriter(store: self, bucket: destBucket)
        defer { writer.abort() }
        try ObjectContent.copy(source.segments, chunkSize: 1 << 20) { try writer.write($0) }
        return try writer.commit(key: destKey, etag: source.info.etag, metadata: metadata,
                                 partSizes: source.info.partSizes, condition: condition)
    }

    /// Inside a commit: checks the bucket and the condition, saves `row` and schedules the files of
    /// the version it replaces for removal.
    static func publish(_ row: ObjectRow, condition: WriteCondition, ctx: CommitContext) throws -> ObjectInfo {
        guard try BucketRow.exists(ctx.db, row.info.bucket) else { throw StorageError.noSuchBucket }
        let current = try ObjectRow.find(ctx.db, bucket: row.info.bucket, key: row.info.key)
        try condition.check(current)
        try row.save(ctx.db)
        if let current {
            let kept = Set(row.segments.files)
            for file in current.segments.files where !kept.contains(file) { ctx.unlinkAfterCommit(file) }
        }
        return row.info
    }

    /// The row for `key`; a miss checks the bucket only then, to choose between the two errors.
    func findRow(bucket: String, key: String, withBytes: Bool = false) throws -> ObjectRow {
        try readers.read { db in
            if let row = try ObjectRow.find(db, bucket: bucket, key: key, withBytes: withBytes) { return row }
            throw try BucketRow.exists(db, bucket) ? StorageError.noSuchKey : StorageError.noSuchBucket
        }
    }
}
