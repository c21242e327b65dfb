import CSQLite
import Foundation

/// Owns one sqlite3 connection. Not thread-safe: each connection is used by one thread at a time (the
/// committer owns the write connection; readers borrow theirs from `ReaderPool`), which is why it is
/// opened with SQLITE_OPEN_NOMUTEX.
// Unchecked: an sqlite3 handle opened NOMUTEX, which is safe to move between threads but not to
// share; the owner (the committer thread, or `ReaderPool`'s borrow-and-return) gives one thread at a
// time. A Mutex around every call would serialise the readers this pool exists to run in parallel.
final class Database: @unchecked Sendable {
    let handle: OpaquePointer
    private var statementCache: [String: Statement] = [:]

    /// Process-wide SQLite settings, applied once before the first connection opens.
    private static let configured: Void = { _ = pail_sqlite_disable_memstatus() }()

    /// Opens (creating when `readOnly` is false) the database file at `path`.
    init(path: String, readOnly: Bool) throws {
        _ = Self.configured
        var db: OpaquePointer?
        let flags = (readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE))
            | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            let systemErrno = db.map { sqlite3_system_errno($0) } ?? 0
            if let db { sqlite3_close_v2(db) }
            throw SQLiteError(code: rc, message: message, sql: nil, systemErrno: systemErrno)
        }
        handle = db
        // Another store instance on the same file (tests reopen while the old one lives) may hold the
        // write lock for a moment; wait instead of failing with SQLITE_BUSY.
        sqlite3_busy_timeout(db, 10_000)
        sqlite3_extended_result_codes(db, 1)
    }

    deinit {
        statementCache.removeAll()   // finalize statements before closing the connection
        sqlite3_close_v2(handle)
    }

    /// Runs one or more statements without results (pragmas, DDL, transaction control).
    func execute(_ sql: String) throws {
        var errmsg: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &errmsg)
        if rc != SQLITE_OK {
            let message = errmsg.map { String(cString: $0) } ?? lastMessage
            sqlite3_free(errmsg)
            throw SQLiteError(code: rc, message: message, sql: sql, systemErrno: sqlite3_system_errno(handle))
        }
    }

    /// A prepared statement for `sql`, compiled once per connection and reused; it comes back reset
    /// with its bindings cleared.
    func cached(_ sql: String) throws -> Statement {
        if let statement = statementCache[sql] {
            statement.reset()
            return statement
        }
        let statement = try Statement(database: self, sql: sql)
        statementCache[sql] = statement
        return statement
    }

    /// Makes closing this connection leave the write-ahead log as it is (no checkpoint, no unlink).
    func keepWriteAheadLogOnClose() {
        _ = pail_sqlite_no_checkpoint_on_close(handle)
    }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    var changes: Int { Int(sqlite3_changes(handle)) }

    var lastMessage: String { String(cString: sqlite3_errmsg(handle)) }

    func error(_ code: Int32, sql: String?) -> SQLiteError {
        SQLiteError(code: code, message: lastMessage, sql: sql, systemErrno: sqlite3_system_errno(handle))
    }

    /// Runs `body` inside a deferred read transaction so that several queries see one snapshot.
    func readTransaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }
}

extension Database {
    /// Runs `body` with the cached statement for `sql` and resets it afterwards whatever happens.
    func with<T>(_ sql: String, _ body: (Statement) throws -> T) throws -> T {
        let statement = try cached(sql)
        defer { statement.reset() }
        return try body(statement)
    }
}
