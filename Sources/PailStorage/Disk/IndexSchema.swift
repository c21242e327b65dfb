import Foundation

/// The index's tables. Dates are integer milliseconds since 1970 (S3 shows millisecond precision).
/// Keys are TEXT under BINARY collation, which compares by memcmp of the UTF-8: S3's listing order.
enum IndexSchema {
    static let version = 3

    static let create = """
    CREATE TABLE IF NOT EXISTS buckets(
        name TEXT PRIMARY KEY, created INTEGER NOT NULL, owner TEXT NOT NULL, region TEXT NOT NULL,
        versioning TEXT         -- NULL (never enabled), 'Enabled' or 'Suspended'
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
        version_id TEXT,        -- NULL for the null version
        marker INTEGER NOT NULL DEFAULT 0,  -- 1 for a delete marker
        seq INTEGER NOT NULL DEFAULT 0,     -- version order within the key (see VersionID)
        tags TEXT,              -- JSON array of ObjectTag; NULL when none
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
        owner TEXT NOT NULL,
        tags TEXT
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
    -- Noncurrent versions and delete markers. The newest version of each key stays in `objects`, so
    -- plain reads and listings never touch this table; a key has rows here only while it has a row
    -- in `objects`. Same columns as `objects`, keyed by the version order.
    CREATE TABLE IF NOT EXISTS versions(
        bucket TEXT NOT NULL,
        key TEXT NOT NULL,
        size INTEGER NOT NULL,
        etag TEXT NOT NULL,
        last_modified INTEGER NOT NULL,
        metadata TEXT,
        segments TEXT NOT NULL,
        part_sizes TEXT,
        inline BLOB,
        version_id TEXT,
        marker INTEGER NOT NULL DEFAULT 0,
        seq INTEGER NOT NULL,
        tags TEXT,
        PRIMARY KEY(bucket, key, seq)
    ) WITHOUT ROWID;
    -- Per-bucket settings (tagging, lifecycle, ...) as bytes the server layer encodes.
    CREATE TABLE IF NOT EXISTS bucket_settings(
        bucket TEXT NOT NULL, name TEXT NOT NULL, value BLOB NOT NULL,
        PRIMARY KEY(bucket, name)
    ) WITHOUT ROWID;
    -- Uploads that completed, so that a repeated CompleteMultipartUpload answers as the first did.
    CREATE TABLE IF NOT EXISTS completed_uploads(
        upload_id TEXT PRIMARY KEY, bucket TEXT NOT NULL, key TEXT NOT NULL, etag TEXT NOT NULL,
        version_id TEXT, completed INTEGER NOT NULL, metadata TEXT
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS completed_by_time ON completed_uploads(completed);
    -- Counters that must survive restarts (the version sequence).
    CREATE TABLE IF NOT EXISTS store_meta(name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
    """

    /// Brings an index written by an older Pail up to `version`: version 1 had no `inline` column,
    /// version 2 no versioning columns (its objects become null versions, as S3 treats objects
    /// written before versioning was enabled). An index already at `version` costs one read:
    /// setting `user_version` is a write transaction.
    static func migrate(_ db: Database) throws {
        let current = try db.with("PRAGMA user_version") { s in
            _ = try s.step()
            return s.int64(0)
        }
        if current >= version { return }
        if !(try hasColumn(db, table: "objects", "inline")) {
            try db.execute("ALTER TABLE objects ADD COLUMN inline BLOB")
        }
        if !(try hasColumn(db, table: "objects", "version_id")) {
            try db.execute("""
                ALTER TABLE objects ADD COLUMN version_id TEXT;
                ALTER TABLE objects ADD COLUMN marker INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE objects ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE objects ADD COLUMN tags TEXT;
                """)
        }
        if !(try hasColumn(db, table: "uploads", "tags")) {
            try db.execute("ALTER TABLE uploads ADD COLUMN tags TEXT")
        }
        if !(try hasColumn(db, table: "buckets", "versioning")) {
            try db.execute("ALTER TABLE buckets ADD COLUMN versioning TEXT")
        }
        try db.execute("PRAGMA user_version = \(version)")
    }

    private static func hasColumn(_ db: Database, table: String, _ column: String) throws -> Bool {
        try db.with("SELECT COUNT(*) FROM pragma_table_info('\(table)') WHERE name = '\(column)'") { s in
            _ = try s.step()
            return s.int64(0) > 0
        }
    }

    static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    }

    static func date(_ milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
}
