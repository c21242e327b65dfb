import CSQLite
import Foundation

/// Owns one prepared statement. Bind with 1-based indexes, `step()` until it returns false, read
/// columns with 0-based indexes. Always `reset()` after use (or use `Database.cached`, which resets):
/// a statement left mid-result keeps its read snapshot open and blocks WAL checkpoints.
final class Statement {
    let handle: OpaquePointer
    let sql: String
    private unowned let database: Database

    init(database: Database, sql: String) throws {
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v3(database.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard rc == SQLITE_OK, let statement else {
            throw database.error(rc, sql: sql)
        }
        self.handle = statement
        self.sql = sql
        self.database = database
    }

    deinit { sqlite3_finalize(handle) }

    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    // MARK: Binding

    func bind(_ index: Int32, _ value: Int64) {
        sqlite3_bind_int64(handle, index, value)
    }

    func bind(_ index: Int32, _ value: Int) {
        sqlite3_bind_int64(handle, index, Int64(value))
    }

    /// Binds text; nil binds NULL. Text is bound from its UTF-8 bytes with an explicit length.
    func bind(_ index: Int32, _ value: String?) {
        guard var value else { sqlite3_bind_null(handle, index); return }
        value.withUTF8 { bind(index, textBytes: $0) }
    }

    /// Binds raw bytes as TEXT. Used for key bounds that need not be valid UTF-8 (a prefix with its
    /// last byte incremented): TEXT compares by memcmp under BINARY collation, while a BLOB would
    /// sort after every TEXT value and break range scans.
    func bind(_ index: Int32, textBytes: UnsafeBufferPointer<UInt8>) {
        if let base = textBytes.baseAddress, textBytes.count > 0 {
            base.withMemoryRebound(to: CChar.self, capacity: textBytes.count) {
                _ = sqlite3_bind_text(handle, index, $0, Int32(textBytes.count), pail_sqlite_transient())
            }
        } else {
            sqlite3_bind_text(handle, index, "", 0, pail_sqlite_transient())
        }
    }

    /// Binds bytes as a BLOB; nil binds NULL, an empty array an empty BLOB (not NULL).
    func bind(_ index: Int32, blob: [UInt8]?) {
        guard let blob else { sqlite3_bind_null(handle, index); return }
        blob.withUnsafeBytes { b in
            if let base = b.baseAddress, b.count > 0 {
                _ = sqlite3_bind_blob(handle, index, base, Int32(b.count), pail_sqlite_transient())
            } else {
                _ = sqlite3_bind_zeroblob(handle, index, 0)
            }
        }
    }

    func bind(_ index: Int32, textBytes: [UInt8]) {
        textBytes.withUnsafeBufferPointer { bind(index, textBytes: $0) }
    }

    // MARK: Stepping

    /// Advances to the next row; false when done.
    @discardableResult
    func step() throws -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let error = database.error(rc, sql: sql)
            sqlite3_reset(handle)
            throw error
        }
    }

    /// Steps a statement that returns no rows, then resets it.
    func run() throws {
        defer { reset() }
        _ = try step()
    }

    // MARK: Columns

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    func text(_ column: Int32) -> String {
        guard let pointer = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    func optionalText(_ column: Int32) -> String? {
        isNull(column) ? nil : text(column)
    }

    /// Runs `body` over the column's bytes where SQLite holds them (valid only during the call): no
    /// String or Array is made for a value that is parsed on the spot.
    func withBytes<T>(_ column: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
        let pointer = sqlite3_column_text(handle, column)   // before _bytes, as SQLite documents
        let count = Int(sqlite3_column_bytes(handle, column))
        return try body(UnsafeBufferPointer(start: pointer, count: pointer == nil ? 0 : count))
    }

    /// A BLOB column's bytes; nil when NULL.
    func blob(_ column: Int32) -> [UInt8]? {
        if isNull(column) { return nil }
        let pointer = sqlite3_column_blob(handle, column)   // before _bytes, as SQLite documents
        let count = Int(sqlite3_column_bytes(handle, column))
        guard let pointer, count > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    /// The column's raw bytes (for keys, whose exact bytes drive listing bounds).
    func bytes(_ column: Int32) -> [UInt8] {
        guard let pointer = sqlite3_column_text(handle, column) else { return [] }
        let count = Int(sqlite3_column_bytes(handle, column))
        return Array(UnsafeBufferPointer(start: pointer, count: count))
    }
}
