import CSQLite

/// A failed SQLite call, keeping what is needed to diagnose it: the result code, SQLite's message and
/// the SQL that was running (GRDB's lesson: an error without its SQL is a guessing game).
struct SQLiteError: Error, CustomStringConvertible {
    let code: Int32
    let message: String
    let sql: String?
    /// The errno of the system call that failed under SQLite (`sqlite3_system_errno`), 0 if none:
    /// tells a full disk or exhausted descriptors from other I/O errors.
    var systemErrno: Int32 = 0

    var description: String {
        "SQLite error \(code): \(message)" + (sql.map { " in \($0)" } ?? "")
    }
}
