import Foundation
import Testing
@testable import PailStorage

/// An index written by the previous release (schema v2: no versioning columns or tables) opens,
/// keeps its objects as `null` versions, and takes versioned writes afterwards.
@Suite struct IndexMigrationTests {
    static let version2Schema = """
    CREATE TABLE buckets(name TEXT PRIMARY KEY, created INTEGER NOT NULL, owner TEXT NOT NULL, region TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE objects(bucket TEXT NOT NULL REFERENCES buckets(name), key TEXT NOT NULL, size INTEGER NOT NULL,
        etag TEXT NOT NULL, last_modified INTEGER NOT NULL, metadata TEXT, segments TEXT NOT NULL, part_sizes TEXT,
        inline BLOB, PRIMARY KEY(bucket, key)) WITHOUT ROWID;
    CREATE TABLE uploads(upload_id TEXT PRIMARY KEY, bucket TEXT NOT NULL REFERENCES buckets(name), key TEXT NOT NULL,
        initiated INTEGER NOT NULL, metadata TEXT, checksum_algorithm TEXT, checksum_type TEXT, owner TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE parts(upload_id TEXT NOT NULL REFERENCES uploads(upload_id), part_number INTEGER NOT NULL,
        size INTEGER NOT NULL, etag TEXT NOT NULL, last_modified INTEGER NOT NULL, checksum TEXT, file TEXT NOT NULL,
        PRIMARY KEY(upload_id, part_number)) WITHOUT ROWID;
    INSERT INTO buckets VALUES('old', 1700000000000, 'owner', 'us-east-1');
    INSERT INTO objects VALUES('old', 'kept', 5, 'etag-5', 1700000000000, NULL, '', NULL, X'68656C6C6F');
    INSERT INTO uploads VALUES('up1', 'old', 'mp', 1700000000000, NULL, NULL, NULL, 'owner');
    PRAGMA user_version = 2;
    """

    @Test func version2Index_opensWithItsObjectsAsNullVersions() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pail-migrate-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        do {
            let db = try Database(path: directory.appendingPathComponent("pail.sqlite").path, readOnly: false)
            try db.execute(Self.version2Schema)
        }
        let store = try DiskObjectStore(directory: directory, durable: false)
        let info = try store.head(bucket: "old", key: "kept")
        #expect(info.versionId == nil && info.size == 5 && !info.isDeleteMarker && info.tags.isEmpty)
        #expect(StoreFixture.read(try store.open(bucket: "old", key: "kept", version: .null)) == Data("hello".utf8))
        #expect(try store.bucket("old").versioning == nil)
        #expect(try store.upload(bucket: "old", uploadId: "up1").tags.isEmpty)

        try store.setVersioning("old", .enabled)
        let new = try StoreFixture.put(store, "kept", Data("new".utf8), bucket: "old")
        let page = try store.listVersions(bucket: "old", prefix: "", delimiter: nil, keyMarker: nil, versionIdMarker: nil, maxKeys: 10)
        #expect(page.versions.map(\.versionIdOrNull) == [new.versionId!, "null"])
        let reopened = try DiskObjectStore(directory: directory, durable: false)
        #expect(try reopened.head(bucket: "old", key: "kept").versionId == new.versionId)
    }
}
