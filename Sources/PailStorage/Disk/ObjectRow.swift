import Foundation

/// One row of `objects`: the record plus where its bytes are: files (`segments`), or the row
/// itself (`inline`, small objects) so that their write needs no file and no fsync of its own.
struct ObjectRow {
    var info: ObjectInfo
    var segments: SegmentList
    /// The bytes of an object kept in the index; nil for one in files, and when not selected.
    var inline: [UInt8]?

    /// Columns every object query selects, in this order.
    static let columns = "key, size, etag, last_modified, metadata, part_sizes, segments"

    init(info: ObjectInfo, segments: SegmentList, inline: [UInt8]? = nil) {
        self.info = info
        self.segments = segments
        self.inline = inline
    }

    /// Reads a row selected with `columns`.
    init(bucket: String, statement s: Statement) {
        info = Self.info(bucket: bucket, statement: s)
        segments = s.withBytes(6) { SegmentList(encoded: $0) }
    }

    /// Only the record of a row selected with `columns`: listings need no file paths.
    static func info(bucket: String, statement s: Statement) -> ObjectInfo {
        ObjectInfo(bucket: bucket, key: s.text(0), size: s.int64(1), etag: s.text(2),
                   lastModified: IndexSchema.date(s.int64(3)),
                   metadata: s.isNull(4) ? ObjectMetadata() : s.withBytes(4) { MetadataCoding.decode(stored: $0) },
                   partSizes: SegmentList.decodePartSizes(s.optionalText(5)))
    }

    static let selectOne = "SELECT \(columns) FROM objects WHERE bucket = ?1 AND key = ?2"
    static let selectOneWithBytes = "SELECT \(columns), inline FROM objects WHERE bucket = ?1 AND key = ?2"

    /// The row for `key`, or nil. `withBytes` also reads an inline object's bytes, which only a
    /// reader of the content needs.
    static func find(_ db: Database, bucket: String, key: String, withBytes: Bool = false) throws -> ObjectRow? {
        try db.with(withBytes ? selectOneWithBytes : selectOne) { s in
            s.bind(1, bucket); s.bind(2, key)
            guard try s.step() else { return nil }
            var row = ObjectRow(bucket: bucket, statement: s)
            if withBytes { row.inline = s.blob(7) }
            return row
        }
    }

    /// Inserts or replaces the row.
    func save(_ db: Database) throws {
        try db.with("""
            INSERT OR REPLACE INTO objects(bucket, key, size, etag, last_modified, metadata, part_sizes, segments, inline)
            VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
            """) { s in
            s.bind(1, info.bucket); s.bind(2, info.key); s.bind(3, info.size); s.bind(4, info.etag)
            s.bind(5, IndexSchema.milliseconds(info.lastModified))
            s.bind(6, try MetadataCoding.encode(info.metadata))
            s.bind(7, SegmentList.encodePartSizes(info.partSizes))
            s.bind(8, segments.encoded)
            s.bind(9, blob: inline)
            try s.step()
        }
    }

    /// Deletes the row for `key` and returns the files it referenced, nil when there was no row.
    /// Reads only the segments column (a full `find` decoded the whole row per key). Not `DELETE …
    /// RETURNING`: SQLite buffers the returned rows in an ephemeral B-tree, with a pager of its own,
    /// opened and freed on every execution (perf: mallocs, memsets and mutexes doubled the cost).
    static func delete(_ db: Database, bucket: String, key: String) throws -> [String]? {
        let files = try db.with("SELECT segments FROM objects WHERE bucket = ?1 AND key = ?2") { s -> [String]? in
            s.bind(1, bucket); s.bind(2, key)
            return try s.step() ? s.withBytes(0) { SegmentList(encoded: $0).files } : nil
        }
        guard let files else { return nil }
        try db.with("DELETE FROM objects WHERE bucket = ?1 AND key = ?2") { s in
            s.bind(1, bucket); s.bind(2, key)
            try s.step()
        }
        return files
    }

}
