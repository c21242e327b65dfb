import Foundation

/// Queries on the `buckets` table.
enum BucketRow {
    static func exists(_ db: Database, _ bucket: String) throws -> Bool {
        try db.with("SELECT 1 FROM buckets WHERE name = ?1") { s in
            s.bind(1, bucket)
            return try s.step()
        }
    }

    static let columns = "name, created, owner, region, versioning"

    static func find(_ db: Database, _ name: String) throws -> BucketInfo? {
        try db.with("SELECT \(columns) FROM buckets WHERE name = ?1") { s in
            s.bind(1, name)
            return try s.step() ? read(s) : nil
        }
    }

    /// Whether `bucket` exists, and its versioning state; for writes inside a commit.
    static func versioning(_ db: Database, _ bucket: String) throws -> VersioningState?? {
        try db.with("SELECT versioning FROM buckets WHERE name = ?1") { s in
            s.bind(1, bucket)
            guard try s.step() else { return nil }
            return .some(s.optionalText(0).flatMap(VersioningState.init(rawValue:)))
        }
    }

    static func all(_ db: Database) throws -> [BucketInfo] {
        try db.with("SELECT \(columns) FROM buckets ORDER BY name") { s in
            var out: [BucketInfo] = []
            while try s.step() { out.append(read(s)) }
            return out
        }
    }

    private static func read(_ s: Statement) -> BucketInfo {
        BucketInfo(name: s.text(0), created: IndexSchema.date(s.int64(1)), owner: s.text(2), region: s.text(3),
                   versioning: s.optionalText(4).flatMap(VersioningState.init(rawValue:)))
    }
}
