extension DiskObjectStore {
    /// What the store holds, for metrics: `objects` counts current versions (delete markers not
    /// counted); `bytes` adds up the sizes of every stored version, noncurrent ones included, as
    /// they all take space.
    ///
    /// Two scans of the index in one read transaction on a reader connection: under WAL a reader
    /// never blocks the committer, so a scrape costs writers nothing but CPU. The scans are linear
    /// in the number of versions.
    public func storedTotals() throws -> (objects: Int64, bytes: Int64) {
        try readers.read { db in
            try db.readTransaction {
                let current = try db.with("SELECT COUNT(*), COALESCE(SUM(size), 0) FROM objects WHERE marker = 0") { s in
                    _ = try s.step()
                    return (s.int64(0), s.int64(1))
                }
                let noncurrent = try db.with("SELECT COALESCE(SUM(size), 0) FROM versions WHERE marker = 0") { s in
                    _ = try s.step()
                    return s.int64(0)
                }
                return (current.0, current.1 + noncurrent)
            }
        }
    }
}
