import Foundation

extension DiskObjectStore {
    public func createUpload(bucket: String, key: String, metadata: ObjectMetadata, checksumAlgorithm: String?,
                             checksumType: String?, owner: String, tags: [ObjectTag]) throws -> UploadInfo {
        let uploadId = Self.newUploadId()
        return try committer.submit { ctx in
            guard try BucketRow.exists(ctx.db, bucket) else { throw StorageError.noSuchBucket }
            let info = UploadInfo(bucket: bucket, key: key, uploadId: uploadId,
                                  initiated: DiskObjectStore.truncated(ctx.now), metadata: metadata,
                                  checksumAlgorithm: checksumAlgorithm, checksumType: checksumType, owner: owner,
                                  tags: tags)
            try UploadRow.insert(ctx.db, info)
            return info
        }
    }

    public func upload(bucket: String, uploadId: String) throws -> UploadInfo {
        guard let info = try readers.read({ try UploadRow.find($0, bucket: bucket, uploadId: uploadId) }) else {
            throw StorageError.noSuchUpload
        }
        return info
    }

    public func makePartWriter(bucket: String, uploadId: String, partNumber: Int) throws -> PartWriter {
        _ = try upload(bucket: bucket, uploadId: uploadId)
        return try DiskPartWriter(store: self, bucket: bucket, uploadId: uploadId, partNumber: partNumber)
    }

    public func listParts(bucket: String, uploadId: String, after: Int, max: Int) throws -> [PartInfo] {
        try readers.read { db in
            guard try UploadRow.find(db, bucket: bucket, uploadId: uploadId) != nil else {
                throw StorageError.noSuchUpload
            }
            return try UploadRow.parts(db, uploadId: uploadId, after: after, max: Swift.max(0, max)).map(\.0)
        }
    }

    public func listUploads(bucket: String, prefix: String, keyMarker: String?, uploadIdMarker: String?,
                            max: Int) throws -> [UploadInfo] {
        try readers.read { db in
            guard try BucketRow.exists(db, bucket) else { throw StorageError.noSuchBucket }
            // S3: without an upload-id marker, listing resumes after every upload of keyMarker; with
            // one, after that upload within keyMarker's uploads.
            var markerInitiated: Int64?
            if let keyMarker, let uploadIdMarker,
               let marker = try UploadRow.find(db, bucket: bucket, uploadId: uploadIdMarker), marker.key == keyMarker {
                markerInitiated = IndexSchema.milliseconds(marker.initiated)
            }
            let prefixBytes = Array(prefix.utf8)
            let upper = KeyBounds.upperBound(ofPrefix: prefixBytes)
            let sql = """
                SELECT \(UploadRow.columns) FROM uploads
                WHERE bucket = ?1 AND key >= ?2 AND (?3 IS NULL OR key < ?3)
                  AND (?4 IS NULL OR key > ?4 OR (key = ?4 AND ?5 IS NOT NULL AND (initiated, upload_id) > (?5, ?6)))
                ORDER BY key, initiated, upload_id LIMIT ?7
                """
            return try db.with(sql) { s in
                s.bind(1, bucket)
                s.bind(2, textBytes: prefixBytes)
                if let upper { s.bind(3, textBytes: upper) }
                s.bind(4, keyMarker)
                if let markerInitiated { s.bind(5, markerInitiated) }
                s.bind(6, uploadIdMarker)
                s.bind(7, Swift.max(0, max))
                var out: [UploadInfo] = []
                while try s.step() { out.append(UploadRow.read(s)) }
                return out
            }
        }
    }

    /// One transaction: the chosen part files become the object's segments (no bytes copied), the
    /// upload's rows go, and the unchosen part files and the replaced object's files are unlinked
    /// after commit.
    public func completeUpload(bucket: String, uploadId: String, partNumbers: [Int], etag: String,
                               metadata: ObjectMetadata, condition: WriteCondition) throws -> ObjectInfo {
        try committer.submit { ctx in
            guard let upload = try UploadRow.find(ctx.db, bucket: bucket, uploadId: uploadId) else {
                throw StorageError.noSuchUpload
            }
            let parts = Dictionary(try UploadRow.parts(ctx.db, uploadId: uploadId).map { ($0.0.partNumber, $0) },
                                   uniquingKeysWith: { a, _ in a })
            var entries: [SegmentList.Entry] = []
            var sizes: [Int64] = []
            for number in partNumbers {
                // The caller validated the list against listParts; a miss here is a caller bug.
                guard let (part, file) = parts[number] else {
                    throw StorageError.database("completeUpload: part \(number) of \(uploadId) is not recorded")
                }
                entries.append(.init(file: file, length: metadata.encryption?.storedLength(plaintext: part.size) ?? part.size))
                sizes.append(part.size)
            }
            let row = ObjectRow(
                info: ObjectInfo(bucket: bucket, key: upload.key, size: sizes.reduce(0, +), etag: etag,
                                 lastModified: DiskObjectStore.truncated(ctx.now), metadata: metadata,
                                 partSizes: sizes, tags: upload.tags),
                segments: SegmentList(entries: entries))
            let info = try DiskObjectStore.publish(row, condition: condition, ctx: ctx)
            try UploadRow.remove(ctx, uploadId: uploadId, keeping: Set(row.segments.files))
            try ctx.db.with("""
                INSERT OR REPLACE INTO completed_uploads(upload_id, bucket, key, etag, version_id, completed, metadata)
                VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)
                """) { s in
                s.bind(1, uploadId); s.bind(2, bucket); s.bind(3, info.key); s.bind(4, info.etag)
                s.bind(5, info.versionId); s.bind(6, IndexSchema.milliseconds(info.lastModified))
                s.bind(7, try MetadataCoding.encode(info.metadata))
                try s.step()
            }
            return info
        }
    }

    public func completedUpload(bucket: String, uploadId: String) throws -> ObjectInfo? {
        try readers.read { db in
            try db.with("SELECT key, etag, version_id, completed, metadata FROM completed_uploads WHERE upload_id = ?1 AND bucket = ?2") { s in
                s.bind(1, uploadId); s.bind(2, bucket)
                guard try s.step() else { return nil }
                return ObjectInfo(bucket: bucket, key: s.text(0), size: 0, etag: s.text(1),
                                  lastModified: IndexSchema.date(s.int64(3)),
                                  metadata: MetadataCoding.decode(s.optionalText(4)), versionId: s.optionalText(2))
            }
        }
    }

    /// Forgets completed uploads older than `date` (a retry days later is not a retry).
    public func forgetCompletedUploads(before date: Date) throws {
        try committer.submit { ctx in
            try ctx.db.with("DELETE FROM completed_uploads WHERE completed < ?1") { s in
                s.bind(1, IndexSchema.milliseconds(date))
                try s.step()
            }
        }
    }

    public func abortUpload(bucket: String, uploadId: String) throws {
        try committer.submit { ctx in
            guard try UploadRow.find(ctx.db, bucket: bucket, uploadId: uploadId) != nil else {
                throw StorageError.noSuchUpload
            }
            try UploadRow.remove(ctx, uploadId: uploadId)
        }
    }

    public func abortUploads(initiatedBefore date: Date) throws -> Int {
        try committer.submit { ctx in
            let ids = try ctx.db.with("SELECT upload_id FROM uploads WHERE initiated < ?1") { s in
                s.bind(1, IndexSchema.milliseconds(date))
                var ids: [String] = []
                while try s.step() { ids.append(s.text(0)) }
                return ids
            }
            for id in ids { try UploadRow.remove(ctx, uploadId: id) }
            return ids.count
        }
    }

    /// 24 random bytes as base64url without padding: 32 URL-safe characters.
    static func newUploadId() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<24).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
    }
}
