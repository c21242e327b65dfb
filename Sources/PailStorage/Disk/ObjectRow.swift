import Foundation

/// One row of `objects` (a key's newest version) or of `versions` (its older versions and delete
/// markers): the record plus where its bytes are: files (`segments`), or the row itself (`inline`,
/// small objects) so that their write needs no file and no fsync of its own.
struct ObjectRow {
    var info: ObjectInfo
    var segments: SegmentList
    /// The bytes of an object kept in the index; nil for one in files, and when not selected.
    var inline: [UInt8]?
    /// Version order within the key (higher is newer); 0 for objects of never-versioned buckets.
    var seq: Int64 = 0

    /// The two tables rows live in.
    enum Table: String {
        case current = "objects"
        case noncurrent = "versions"
    }

    /// Columns every object query selects, in this order.
    static let columns = "key, size, etag, last_modified, metadata, part_sizes, segments, version_id, marker, tags, seq"
    /// Where `inline` is when a query selects it after `columns`.
    static let inlineColumn: Int32 = 11
    static let allColumns = "bucket, key, size, etag, last_modified, metadata, part_sizes, segments, inline, version_id, marker, seq, tags"

    init(info: ObjectInfo, segments: SegmentList, inline: [UInt8]? = nil, seq: Int64 = 0) {
        self.info = info
        self.segments = segments
        self.inline = inline
        self.seq = seq
    }

    /// Reads a row selected with `columns`.
    init(bucket: String, statement s: Statement, isLatest: Bool = true) {
        info = Self.info(bucket: bucket, statement: s, isLatest: isLatest)
        segments = s.withBytes(6) { SegmentList(encoded: $0) }
        seq = s.int64(10)
    }

    /// Only the record of a row selected with `columns`: listings need no file paths.
    static func info(bucket: String, statement s: Statement, isLatest: Bool = true) -> ObjectInfo {
        ObjectInfo(bucket: bucket, key: s.text(0), size: s.int64(1), etag: s.text(2),
                   lastModified: IndexSchema.date(s.int64(3)),
                   metadata: s.isNull(4) ? ObjectMetadata() : s.withBytes(4) { MetadataCoding.decode(stored: $0) },
                   partSizes: SegmentList.decodePartSizes(s.optionalText(5)),
                   versionId: s.optionalText(7), isDeleteMarker: s.int64(8) != 0, isLatest: isLatest,
                   tags: s.isNull(9) ? [] : TagCoding.decode(s.text(9)))
    }

    static let selectOne = "SELECT \(columns) FROM objects WHERE bucket = ?1 AND key = ?2"
    static let selectOneWithBytes = "SELECT \(columns), inline FROM objects WHERE bucket = ?1 AND key = ?2"

    /// The current row for `key` (possibly a delete marker), or nil. `withBytes` also reads an
    /// inline object's bytes, which only a reader of the content needs.
    static func find(_ db: Database, bucket: String, key: String, withBytes: Bool = false) throws -> ObjectRow? {
        try db.with(withBytes ? selectOneWithBytes : selectOne) { s in
            s.bind(1, bucket); s.bind(2, key)
            guard try s.step() else { return nil }
            var row = ObjectRow(bucket: bucket, statement: s)
            if withBytes { row.inline = s.blob(inlineColumn) }
            return row
        }
    }

    /// The row of one version of `key`, current or not, or nil. `.latest` is the current row.
    static func find(_ db: Database, bucket: String, key: String, version: VersionSelector,
                     withBytes: Bool = false) throws -> ObjectRow? {
        let current = try find(db, bucket: bucket, key: key, withBytes: withBytes)
        switch version {
        case .latest: return current
        case .null:
            if let current, current.info.versionId == nil { return current }
            guard current != nil else { return nil }
            return try findNoncurrent(db, bucket: bucket, key: key,
                                      where: "version_id IS NULL", bind: { _ in }, withBytes: withBytes)
        case .id(let id):
            if let current, current.info.versionId == id { return current }
            guard current != nil, let seq = VersionID.sequence(of: id) else { return nil }
            let row = try findNoncurrent(db, bucket: bucket, key: key, where: "seq = ?3",
                                         bind: { $0.bind(3, seq) }, withBytes: withBytes)
            return row?.info.versionId == id ? row : nil
        }
    }

    private static func findNoncurrent(_ db: Database, bucket: String, key: String, where condition: String,
                                       bind: (Statement) -> Void, withBytes: Bool) throws -> ObjectRow? {
        let sql = "SELECT \(columns)\(withBytes ? ", inline" : "") FROM versions WHERE bucket = ?1 AND key = ?2 AND \(condition) ORDER BY seq DESC LIMIT 1"
        return try db.with(sql) { s in
            s.bind(1, bucket); s.bind(2, key); bind(s)
            guard try s.step() else { return nil }
            var row = ObjectRow(bucket: bucket, statement: s, isLatest: false)
            if withBytes { row.inline = s.blob(inlineColumn) }
            return row
        }
    }

    /// The noncurrent versions of `key`, newest first (records only).
    static func noncurrent(_ db: Database, bucket: String, key: String, limit: Int = -1,
                           _ body: (ObjectRow) throws -> Bool) throws {
        try db.with("SELECT \(columns) FROM versions WHERE bucket = ?1 AND key = ?2 ORDER BY seq DESC LIMIT ?3") { s in
            s.bind(1, bucket); s.bind(2, key); s.bind(3, limit)
            while try s.step() {
                if try !body(ObjectRow(bucket: bucket, statement: s, isLatest: false)) { return }
            }
        }
    }

    /// Inserts or replaces the row in `table`.
    func save(_ db: Database, into table: Table = .current) throws {
        try db.with("""
            INSERT OR REPLACE INTO \(table.rawValue)(\(Self.allColumns))
            VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
            """) { s in
            s.bind(1, info.bucket); s.bind(2, info.key); s.bind(3, info.size); s.bind(4, info.etag)
            s.bind(5, IndexSchema.milliseconds(info.lastModified))
            s.bind(6, try MetadataCoding.encode(info.metadata))
            s.bind(7, SegmentList.encodePartSizes(info.partSizes))
            s.bind(8, segments.encoded)
            s.bind(9, blob: inline)
            s.bind(10, info.versionId)
            s.bind(11, info.isDeleteMarker ? 1 : 0)
            s.bind(12, seq)
            s.bind(13, TagCoding.encode(info.tags))
            try s.step()
        }
    }

    /// Copies the current row of `key` into `versions` (it is about to be replaced in `objects`).
    static func demoteCurrent(_ db: Database, bucket: String, key: String) throws {
        try db.with("INSERT OR REPLACE INTO versions(\(allColumns)) SELECT \(allColumns) FROM objects WHERE bucket = ?1 AND key = ?2") { s in
            s.bind(1, bucket); s.bind(2, key)
            try s.step()
        }
    }

    /// Makes the newest noncurrent version of `key` current (after its current row was removed).
    /// Returns false when there is none, and the key is then gone.
    static func promoteNewest(_ db: Database, bucket: String, key: String) throws -> Bool {
        let seq = try db.with("SELECT seq FROM versions WHERE bucket = ?1 AND key = ?2 ORDER BY seq DESC LIMIT 1") { s -> Int64? in
            s.bind(1, bucket); s.bind(2, key)
            return try s.step() ? s.int64(0) : nil
        }
        guard let seq else { return false }
        try db.with("INSERT OR REPLACE INTO objects(\(allColumns)) SELECT \(allColumns) FROM versions WHERE bucket = ?1 AND key = ?2 AND seq = ?3") { s in
            s.bind(1, bucket); s.bind(2, key); s.bind(3, seq)
            try s.step()
        }
        try db.with("DELETE FROM versions WHERE bucket = ?1 AND key = ?2 AND seq = ?3") { s in
            s.bind(1, bucket); s.bind(2, key); s.bind(3, seq)
            try s.step()
        }
        return true
    }

    /// Deletes this row from `table` (matched by key, and by seq in `versions`).
    func remove(_ db: Database, from table: Table) throws {
        let sql = table == .current
            ? "DELETE FROM objects WHERE bucket = ?1 AND key = ?2"
            : "DELETE FROM versions WHERE bucket = ?1 AND key = ?2 AND seq = ?3"
        try db.with(sql) { s in
            s.bind(1, info.bucket); s.bind(2, info.key)
            if table == .noncurrent { s.bind(3, seq) }
            try s.step()
        }
    }

    /// Removes the noncurrent null version of `key`, if any, and returns its files.
    static func removeNoncurrentNull(_ db: Database, bucket: String, key: String) throws -> [String] {
        let found = try db.with("SELECT seq, segments FROM versions WHERE bucket = ?1 AND key = ?2 AND version_id IS NULL") { s -> [(Int64, [String])] in
            s.bind(1, bucket); s.bind(2, key)
            var out: [(Int64, [String])] = []
            while try s.step() { out.append((s.int64(0), s.withBytes(1) { SegmentList(encoded: $0).files })) }
            return out
        }
        for (seq, _) in found {
            try db.with("DELETE FROM versions WHERE bucket = ?1 AND key = ?2 AND seq = ?3") { s in
                s.bind(1, bucket); s.bind(2, key); s.bind(3, seq)
                try s.step()
            }
        }
        return found.flatMap(\.1)
    }

    /// Deletes the current row for `key` and returns the files it referenced, nil when there was no
    /// row. Reads only the segments column (a full `find` decoded the whole row per key). Not `DELETE …
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
