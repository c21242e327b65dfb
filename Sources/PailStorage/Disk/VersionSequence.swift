import Foundation

/// The counter that orders versions within a key. It only grows: its high-water mark is written
/// in the same transaction as the versions that used it, so a restart never reissues a number (a
/// reissued number would make a new version sort as older than one written before the restart).
/// Used by the committer thread only; writes to unversioned buckets never draw from it.
final class VersionSequence {
    private let db: Database
    private var last: Int64
    private var persisted: Int64

    init(db: Database) {
        self.db = db
        let stored = (try? db.with("SELECT value FROM store_meta WHERE name = 'version_seq'") { s -> Int64 in
            try s.step() ? s.int64(0) : 0
        }) ?? 0
        last = stored
        persisted = stored
    }

    func next() -> Int64 {
        last += 1
        return last
    }

    /// Writes the high-water mark if this batch advanced it. Runs inside the batch transaction.
    /// A rolled-back change may have drawn numbers: they are skipped, never reused.
    func persist() throws {
        guard last != persisted else { return }
        try db.with("INSERT OR REPLACE INTO store_meta(name, value) VALUES('version_seq', ?1)") { s in
            s.bind(1, last)
            try s.step()
        }
        persisted = last
    }
}
