import Foundation

/// Versioning inside the commit: where a new version goes, and what a delete does, under the
/// bucket's versioning state (S3 User Guide, "Retaining multiple versions of objects with S3
/// Versioning": how PUT and DELETE behave in Enabled and Suspended buckets).
extension DiskObjectStore {
    public func setVersioning(_ bucket: String, _ state: VersioningState) throws {
        defer { buckets.invalidate(bucket) }
        try committer.submit { ctx in
            guard try BucketRow.exists(ctx.db, bucket) else { throw StorageError.noSuchBucket }
            try ctx.db.with("UPDATE buckets SET versioning = ?2 WHERE name = ?1") { s in
                s.bind(1, bucket); s.bind(2, state.rawValue)
                try s.step()
            }
        }
    }

    /// Inside a commit: checks the bucket and the condition, then makes `row` the key's current
    /// version. Returns the record as stored (with its version id).
    static func publish(_ row: ObjectRow, condition: WriteCondition, ctx: CommitContext) throws -> ObjectInfo {
        guard let versioning = try BucketRow.versioning(ctx.db, row.info.bucket) else { throw StorageError.noSuchBucket }
        let current = try ObjectRow.find(ctx.db, bucket: row.info.bucket, key: row.info.key)
        try condition.check(current)
        var row = row
        try place(&row, versioning: versioning, current: current, ctx: ctx)
        return row.info
    }

    /// Makes `row` current. Never versioned: it replaces the old row and its files go. Enabled: the
    /// old current version becomes noncurrent. Suspended: the new row is the null version, replacing
    /// any earlier null version, current or not; a non-null current version becomes noncurrent.
    static func place(_ row: inout ObjectRow, versioning: VersioningState?, current: ObjectRow?,
                      ctx: CommitContext) throws {
        let bucket = row.info.bucket, key = row.info.key
        let kept = Set(row.segments.files)
        var replaced: [String] = []
        switch versioning {
        case nil:
            row.info.versionId = nil
            row.seq = 0
            if let current { replaced = current.segments.files }
        case .enabled?:
            row.seq = ctx.nextSequence()
            row.info.versionId = VersionID.make(seq: row.seq)
            if current != nil { try ObjectRow.demoteCurrent(ctx.db, bucket: bucket, key: key) }
        case .suspended?:
            row.seq = ctx.nextSequence()
            row.info.versionId = nil
            if let current {
                if current.info.versionId == nil { replaced = current.segments.files }
                else { try ObjectRow.demoteCurrent(ctx.db, bucket: bucket, key: key) }
            }
            replaced += try ObjectRow.removeNoncurrentNull(ctx.db, bucket: bucket, key: key)
        }
        row.info.isLatest = true
        try row.save(ctx.db)
        for file in replaced where !kept.contains(file) { ctx.unlinkAfterCommit(file) }
    }

    /// Inside a commit: one delete. Without a version id, a never-versioned bucket removes the
    /// object; a versioned one adds a delete marker (the null version when suspended). With a
    /// version id, that version goes for good (a current one is replaced by the next newest); a
    /// version that does not exist is a success, as in S3.
    static func delete(_ request: DeleteRequest, bucket: String, versioning: VersioningState?,
                       ctx: CommitContext) throws -> DeleteOutcome {
        switch request.version {
        case .latest:
            let current = try ObjectRow.find(ctx.db, bucket: bucket, key: request.key)
            if let ifMatch = request.ifMatch {
                guard let current, !current.info.isDeleteMarker else { throw StorageError.noSuchKey }
                guard ifMatch == "*" || current.info.etag == ifMatch else { throw StorageError.preconditionFailed }
            }
            guard let versioning else {
                try ObjectRow.delete(ctx.db, bucket: bucket, key: request.key)?.forEach(ctx.unlinkAfterCommit)
                return DeleteOutcome(versionId: nil, deleteMarker: false, createdMarker: false)
            }
            var marker = ObjectRow(
                info: ObjectInfo(bucket: bucket, key: request.key, size: 0, etag: "",
                                 lastModified: DiskObjectStore.truncated(ctx.now), metadata: ObjectMetadata(),
                                 isDeleteMarker: true),
                segments: SegmentList(entries: []))
            try place(&marker, versioning: versioning, current: current, ctx: ctx)
            return DeleteOutcome(versionId: marker.info.versionId, deleteMarker: true, createdMarker: true)
        case .null, .id:
            if case .id(let id) = request.version, VersionID.sequence(of: id) == nil {
                throw StorageError.invalidVersionId
            }
            guard let row = try ObjectRow.find(ctx.db, bucket: bucket, key: request.key, version: request.version) else {
                let id: String? = if case .id(let id) = request.version { id } else { nil }
                return DeleteOutcome(versionId: id, deleteMarker: false, createdMarker: false)
            }
            if let ifMatch = request.ifMatch, row.info.isDeleteMarker || (ifMatch != "*" && row.info.etag != ifMatch) {
                throw StorageError.preconditionFailed
            }
            if let lock = row.info.metadata.lock, !lock.permitsDeletion(at: ctx.now, bypassGovernance: request.bypassGovernance) {
                throw StorageError.objectLocked
            }
            if row.info.isLatest {
                try row.remove(ctx.db, from: .current)
                _ = try ObjectRow.promoteNewest(ctx.db, bucket: bucket, key: request.key)
            } else {
                try row.remove(ctx.db, from: .noncurrent)
            }
            row.segments.files.forEach(ctx.unlinkAfterCommit)
            return DeleteOutcome(versionId: row.info.versionId, deleteMarker: row.info.isDeleteMarker, createdMarker: false)
        }
    }

    public func delete(bucket: String, _ requests: [DeleteRequest]) throws -> [Result<DeleteOutcome, StorageError>] {
        try committer.submit { ctx in
            guard let versioning = try BucketRow.versioning(ctx.db, bucket) else { throw StorageError.noSuchBucket }
            return try requests.map { request in
                do {
                    return .success(try Self.delete(request, bucket: bucket, versioning: versioning, ctx: ctx))
                } catch let error as StorageError {
                    switch error {
                    case .io, .database, .outOfSpace, .outOfDescriptors: throw error
                    default: return .failure(error)
                    }
                }
            }
        }
    }

    /// Replaces the tags of one version. Throws `.noSuchKey`, `.noSuchVersion`, or
    /// `.isDeleteMarker` (a marker has no tags). Returns the record with its new tags.
    public func setTags(bucket: String, key: String, version: VersionSelector, tags: [ObjectTag]) throws -> ObjectInfo {
        try updateVersion(bucket: bucket, key: key, version: version, column: "tags") { row, _ in
            row.info.tags = tags
            return TagCoding.encode(tags)
        }
    }

    /// Inside one commit: finds one version (not a delete marker), lets `change` edit its record and
    /// return the new value of `column`, and writes that column back to the version's row.
    func updateVersion(bucket: String, key: String, version: VersionSelector, column: String,
                       _ change: @escaping (inout ObjectRow, Date) throws -> String?) throws -> ObjectInfo {
        try committer.submit { ctx in
            guard try BucketRow.exists(ctx.db, bucket) else { throw StorageError.noSuchBucket }
            if case .id(let id) = version, VersionID.sequence(of: id) == nil { throw StorageError.invalidVersionId }
            guard var row = try ObjectRow.find(ctx.db, bucket: bucket, key: key, version: version),
                  !(version == .latest && row.info.isDeleteMarker) else {
                throw version == .latest ? StorageError.noSuchKey : StorageError.noSuchVersion
            }
            if row.info.isDeleteMarker { throw StorageError.isDeleteMarker(row.info) }
            let value = try change(&row, ctx.now)
            let sql = row.info.isLatest
                ? "UPDATE objects SET \(column) = ?3 WHERE bucket = ?1 AND key = ?2"
                : "UPDATE versions SET \(column) = ?3 WHERE bucket = ?1 AND key = ?2 AND seq = ?4"
            try ctx.db.with(sql) { s in
                s.bind(1, bucket); s.bind(2, key); s.bind(3, value)
                if !row.info.isLatest { s.bind(4, row.seq) }
                try s.step()
            }
            return row.info
        }
    }

    // MARK: Bucket settings

    /// A bucket setting's bytes (tagging, lifecycle, ...), nil when unset. Throws `.noSuchBucket`.
    public func bucketSetting(_ bucket: String, _ name: String) throws -> [UInt8]? {
        try readers.read { db in
            guard try BucketRow.exists(db, bucket) else { throw StorageError.noSuchBucket }
            return try db.with("SELECT value FROM bucket_settings WHERE bucket = ?1 AND name = ?2") { s in
                s.bind(1, bucket); s.bind(2, name)
                return try s.step() ? s.bytes(0) : nil
            }
        }
    }

    /// Sets (or with nil removes) a bucket setting. Throws `.noSuchBucket`.
    public func setBucketSetting(_ bucket: String, _ name: String, _ value: [UInt8]?) throws {
        try committer.submit { ctx in
            guard try BucketRow.exists(ctx.db, bucket) else { throw StorageError.noSuchBucket }
            let sql = value == nil
                ? "DELETE FROM bucket_settings WHERE bucket = ?1 AND name = ?2"
                : "INSERT OR REPLACE INTO bucket_settings(bucket, name, value) VALUES(?1, ?2, ?3)"
            try ctx.db.with(sql) { s in
                s.bind(1, bucket); s.bind(2, name)
                if let value { s.bind(3, blob: value) }
                try s.step()
            }
        }
    }

    /// Buckets that have the setting `name`, for background work such as lifecycle.
    public func buckets(withSetting name: String) throws -> [String] {
        try readers.read { db in
            try db.with("SELECT bucket FROM bucket_settings WHERE name = ?1 ORDER BY bucket") { s in
                s.bind(1, name)
                var out: [String] = []
                while try s.step() { out.append(s.text(0)) }
                return out
            }
        }
    }
}
