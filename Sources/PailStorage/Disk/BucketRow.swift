import Foundation

/// Queries on the `buckets` table.
enum BucketRow {
    static func exists(_ db: Database, _ bucket: String) throws -> Bool {
        try db.with("SELECT 1 FROM buckets WHERE name = ?1") { s in
            s.bind(1, bucket)
            return try s.step()
        }
    }

    static func find(_ db: Database, _ name: String) throws -> BucketInfo? {
        try db.with("SELECT name, created, owner, region FROM buckets WHERE name = ?1") { s in
            s.bind(1, name)
            return try s.step() ? read(s) : nil
        }
    }

    static func all(_ db: Database) throws -> [BucketInfo] {
        try db.with("SELECT name, created, owner, region FROM buckets ORDER BY name") { s in
            var out: [BucketInfo] = []
            while try s.step() { out.append(read(s)) }
            return out
        }
    }

    private static func read(_ s: Statement) -> BucketInfo {
        BucketInfo(name: s.text(0), created: IndexSchema.date(s.int64(1)), owner: s.text(2), region: s.text(3))
    }
}
