import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The index file's own health: `PRAGMA integrity_check`, and a rebuild into a new file.
///
/// The rebuild tries `VACUUM INTO` first (SQLite docs, "VACUUM"). That copies a table together with
/// its indexes b-tree by b-tree (the transfer optimization), so a damaged index page fails it
/// too; the fallback then creates the schema afresh, copies every table's rows with
/// `INSERT … SELECT … WHERE 1` (the WHERE clause turns that optimization off: rows are read from the
/// tables only) and lets SQLite build the indexes from them.
enum IndexIntegrity {
    static let databaseName = "pail.sqlite"

    /// The messages `integrity_check` returns (at most 100), or the error that stopped it; empty
    /// when the file is sound.
    static func check(_ db: Database) -> [String] {
        do {
            return try db.with("PRAGMA integrity_check(100)") { s in
                var lines: [String] = []
                while try s.step() { lines.append(s.text(0)) }
                return lines == ["ok"] ? [] : lines
            }
        } catch {
            return ["integrity_check failed: \(error)"]
        }
    }

    /// Copies the index that `db` has open into a new sound file, closes `db`, and moves the copy
    /// into place; the damaged file (and its WAL) is kept beside it as `pail.sqlite.corrupt-<time>`.
    /// Returns a description of what it did. Throws, changing nothing, when no sound copy can be made.
    static func rebuild(closing db: inout Database?, root: String, now: Date) throws -> String {
        let target = root + "/" + databaseName
        let fresh = target + ".rebuild"
        func discardFresh() { for suffix in ["", "-wal", "-shm"] { unlink(fresh + suffix) } }
        discardFresh()
        var how = "VACUUM INTO"
        do {
            do {
                try db!.with("VACUUM INTO ?1") { s in
                    s.bind(1, fresh)
                    try s.step()
                }
                try verify(fresh)
            } catch {
                discardFresh()
                how = "copying every table's rows into a new file (VACUUM INTO failed: \(StoreChecker.message(error)))"
                try copyRows(from: target, into: fresh, userVersion: try userVersion(db!))
                try verify(fresh)
            }
        } catch {
            discardFresh()
            throw error
        }
        try syncFile(fresh)
        db = nil   // closes the damaged index, leaving its WAL (see StoreChecker.open)
        var aside = "\(databaseName).corrupt-\(Int64(now.timeIntervalSince1970))"
        while access(root + "/" + aside, F_OK) == 0 { aside += "x" }
        try move(target, to: root + "/" + aside)
        _ = rename(target + "-wal", root + "/" + aside + "-wal")
        unlink(target + "-shm")
        try move(fresh, to: target)
        try syncFile(root)
        return "rebuilt \(databaseName) by \(how); the damaged file is kept as \(aside)"
    }

    /// Throws unless the file at `path` passes `integrity_check`; leaves it in WAL mode.
    private static func verify(_ path: String) throws {
        let copy = try Database(path: path, readOnly: false)
        let problems = check(copy)
        guard problems.isEmpty else {
            throw StoreCheckError("the rebuilt index is unsound too: \(problems.joined(separator: "; "))")
        }
        try copy.execute("PRAGMA journal_mode = WAL")
    }

    private static func copyRows(from damaged: String, into fresh: String, userVersion: Int64) throws {
        let copy = try Database(path: fresh, readOnly: false)
        try copy.execute(IndexSchema.create)
        try copy.execute("PRAGMA user_version = \(userVersion)")
        try copy.with("ATTACH DATABASE ?1 AS damaged") { s in
            s.bind(1, damaged)
            try s.step()
        }
        defer { try? copy.execute("DETACH DATABASE damaged") }
        let tables = try copy.with("SELECT name FROM main.sqlite_master WHERE type = 'table' ORDER BY name") { s in
            var names: [String] = []
            while try s.step() { names.append(s.text(0)) }
            return names
        }
        try copy.execute("BEGIN")
        do {
            for table in tables {
                let columns = try copy.with("SELECT name FROM pragma_table_info(?1)") { s in
                    s.bind(1, table)
                    var names: [String] = []
                    while try s.step() { names.append("\"\(s.text(0))\"") }
                    return names.joined(separator: ", ")
                }
                try copy.execute("INSERT INTO main.\"\(table)\"(\(columns)) SELECT \(columns) FROM damaged.\"\(table)\" WHERE 1")
            }
            try copy.execute("COMMIT")
        } catch {
            try? copy.execute("ROLLBACK")
            throw error
        }
    }

    private static func userVersion(_ db: Database) throws -> Int64 {
        try db.with("PRAGMA user_version") { s in try s.step() ? s.int64(0) : 0 }
    }

    private static func move(_ from: String, to: String) throws {
        if rename(from, to) != 0 { throw StorageError.posix(errno, "rename \(from) to \(to)") }
    }

    private static func syncFile(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw StorageError.posix(errno, "open \(path)") }
        defer { close(fd) }
        if fsync(fd) != 0 { throw StorageError.posix(errno, "fsync \(path)") }
    }
}
