import Foundation

/// Queries on the `uploads` and `parts` tables.
enum UploadRow {
    static let columns = "bucket, key, upload_id, initiated, metadata, checksum_algorithm, checksum_type, owner, tags"

    static func read(_ s: Statement) -> UploadInfo {
        UploadInfo(bucket: s.text(0), key: s.text(1), uploadId: s.text(2), initiated: IndexSchema.date(s.int64(3)),
                   metadata: MetadataCoding.decode(s.optionalText(4)), checksumAlgorithm: s.optionalText(5),
                   checksumType: s.optionalText(6), owner: s.text(7),
                   tags: s.isNull(8) ? [] : TagCoding.decode(s.text(8)))
    }

    /// The upload if it exists in `bucket` (an upload of another bucket counts as missing).
    static func find(_ db: Database, bucket: String, uploadId: String) throws -> UploadInfo? {
        try db.with("SELECT \(columns) FROM uploads WHERE upload_id = ?1") { s in
            s.bind(1, uploadId)
            guard try s.step() else { return nil }
            let info = read(s)
            return info.bucket == bucket ? info : nil
        }
    }

    static func insert(_ db: Database, _ info: UploadInfo) throws {
        try db.with("""
            INSERT INTO uploads(bucket, key, upload_id, initiated, metadata, checksum_algorithm, checksum_type, owner, tags)
            VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
            """) { s in
            s.bind(1, info.bucket); s.bind(2, info.key); s.bind(3, info.uploadId)
            s.bind(4, IndexSchema.milliseconds(info.initiated)); s.bind(5, try MetadataCoding.encode(info.metadata))
            s.bind(6, info.checksumAlgorithm); s.bind(7, info.checksumType); s.bind(8, info.owner)
            s.bind(9, TagCoding.encode(info.tags))
            try s.step()
        }
    }

    /// Parts with their files, ascending by number.
    static func parts(_ db: Database, uploadId: String, after: Int = 0, max: Int = Int(Int32.max)) throws -> [(PartInfo, String)] {
        try db.with("""
            SELECT part_number, size, etag, last_modified, checksum, file FROM parts
            WHERE upload_id = ?1 AND part_number > ?2 ORDER BY part_number LIMIT ?3
            """) { s in
            s.bind(1, uploadId); s.bind(2, after); s.bind(3, max)
            var out: [(PartInfo, String)] = []
            while try s.step() {
                out.append((PartInfo(partNumber: Int(s.int64(0)), size: s.int64(1), etag: s.text(2),
                                     lastModified: IndexSchema.date(s.int64(3)), checksum: s.optionalText(4)),
                            s.text(5)))
            }
            return out
        }
    }

    /// Deletes the upload and its part rows, scheduling every part file for removal except `keep`.
    static func remove(_ ctx: CommitContext, uploadId: String, keeping keep: Set<String> = []) throws {
        for (_, file) in try parts(ctx.db, uploadId: uploadId) where !keep.contains(file) {
            ctx.unlinkAfterCommit(file)
        }
        try ctx.db.with("DELETE FROM parts WHERE upload_id = ?1") { s in
            s.bind(1, uploadId); try s.step()
        }
        try ctx.db.with("DELETE FROM uploads WHERE upload_id = ?1") { s in
            s.bind(1, uploadId); try s.step()
        }
    }
}
