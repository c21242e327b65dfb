import Foundation

extension DiskObjectStore {
    /// Changes one version's Object Lock state inside a commit: `change` gets the current state and
    /// the commit's time and returns the new one (or throws to refuse, changing nothing). Throws as
    /// `head` for a missing version or a delete marker.
    public func changeLock(bucket: String, key: String, version: VersionSelector,
                           _ change: @escaping (ObjectLockState?, Date) throws -> ObjectLockState?) throws -> ObjectInfo {
        try committer.submit { ctx in
            guard try BucketRow.exists(ctx.db, bucket) else { throw StorageError.noSuchBucket }
            if case .id(let id) = version, VersionID.sequence(of: id) == nil { throw StorageError.invalidVersionId }
            guard var row = try ObjectRow.find(ctx.db, bucket: bucket, key: key, version: version),
                  !(version == .latest && row.info.isDeleteMarker) else {
                throw version == .latest ? StorageError.noSuchKey : StorageError.noSuchVersion
            }
            if row.info.isDeleteMarker { throw StorageError.isDeleteMarker(row.info) }
            row.info.metadata.lock = try change(row.info.metadata.lock, ctx.now)
            let sql = row.info.isLatest
                ? "UPDATE objects SET metadata = ?3 WHERE bucket = ?1 AND key = ?2"
                : "UPDATE versions SET metadata = ?3 WHERE bucket = ?1 AND key = ?2 AND seq = ?4"
            try ctx.db.with(sql) { s in
                s.bind(1, bucket); s.bind(2, key); s.bind(3, try MetadataCoding.encode(row.info.metadata))
                if !row.info.isLatest { s.bind(4, row.seq) }
                try s.step()
            }
            return row.info
        }
    }
}
