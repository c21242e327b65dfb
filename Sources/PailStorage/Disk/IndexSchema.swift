import Foundation

/// The index's tables. Dates are integer milliseconds since 1970 (S3 shows millisecond precision).
/// Keys are TEXT under BINARY collation, which compares by memcmp of the UTF-8: S3's listing order.
enum IndexSchema {
    static let version = 2

    static let create = """
    CREATE TABLE IF NOT EXISTS buckets(
        name TEXT PRIMARY KEY, created INTEGER NOT NULL, owner TEXT NOT NULL, region TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS objects(
        bucket TEXT NOT NULL REFERENCES buckets(name),
        key TEXT NOT NULL,
        size INTEGER NOT NULL,
        etag TEXT NOT NULL,
        last_modified INTEGER NOT NULL,
        metadata TEXT,          -- JSON of ObjectMetadata; NULL when empty (most objects)
        segments TEXT NOT NULL, -- SegmentList encoding: 'path:length;path:length'
        part_sizes TEXT,        -- comma-separated, NULL for single PUTs
        inline BLOB,            -- the bytes of a small object kept in the index (segments then empty)
        PRIMARY KEY(bucket, key)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS uploads(
        upload_id TEXT PRIMARY KEY,
        bucket TEXT NOT NULL REFERENCES buckets(name),
        key TEXT NOT NULL,
        initiated INTEGER NOT NULL,
        metadata TEXT,
        checksum_algorithm TEXT,
        checksum_type TEXT,
        owner TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS uploads_by_key ON uploads(bucket, key, initiated, upload_id);
    CREATE INDEX IF NOT EXISTS uploads_by_initiated ON uploads(initiated);
    CREATE TABLE IF NOT EXISTS parts(
        upload_id TEXT NOT NULL REFERENCES uploads(upload_id),
        part_number INTEGER NOT NULL,
        size INTEGER NOT NULL,
        etag TEXT NOT NULL,
        last_modified INTEGER NOT NULL,
        checksum TEXT,
        file TEXT NOT NULL,
        PRIMARY KEY(upload_id, part_number)
    ) WITHOUT ROWID;
    """

    /// Brings an index written by an older Pail up to `version`: version 1 had no `inline` column. An
    /// index already at `version` costs one read: setting `user_version` is a write transaction.
    static func migrate(_ db: Database) throws {
        let current = try db.with("PRAGMA user_version") { s in
            _ = try s.step()
            return s.int64(0)
        }
        if current >= version { return }
        let hasInline = try db.with("SELECT COUNT(*) FROM pragma_table_info('objects') WHERE name = 'inline'") { s in
            _ = try s.step()
            return s.int64(0) > 0
        }
        if !hasInline { try db.execute("ALTER TABLE objects ADD COLUMN inline BLOB") }
        try db.execute("PRAGMA user_version = \(version)")
    }

    static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    }

    static func date(_ milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
}
