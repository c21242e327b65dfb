import CSQLite

/// A failed SQLite call, keeping what is needed to diagnose it: the result code, SQLite's message and
/// the SQL that was running (GRDB's lesson: an error without its SQL is a guessing game).
struct SQLiteError: Error, CustomStringConvertible {
    let code: Int32
    let message: String
    let sql: String?

    var description: String {
        "SQLite error \(code): \(message)" + (sql.map { " in \($0)" } ?? "")
    }
}
