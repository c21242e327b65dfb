import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The index file's own health: `PRAGMA integrity_check`, and a rebuild with `VACUUM INTO`, which
/// copies every table row by row into a new file and builds its indexes afresh (SQLite docs,
/// "VACUUM" and "PRAGMA integrity_check"), so damage confined to an index b-tree or free pages goes.
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

    /// Copies the index that `db` has open into a new file with `VACUUM INTO`, checks the copy,
    /// and moves it into place once `db` is closed; the damaged file (and its WAL) is kept beside
    /// it as `pail.sqlite.corrupt-<time>`. Returns that name. Throws, changing nothing, when the
    /// copy fails or is itself unsound.
    static func rebuild(closing db: inout Database?, root: String, now: Date) throws -> String {
        let target = root + "/" + databaseName
        let fresh = target + ".rebuild"
        unlink(fresh)
        do {
            try db!.with("VACUUM INTO ?1") { s in
                s.bind(1, fresh)
                try s.step()
            }
            let copy = try Database(path: fresh, readOnly: false)
            let problems = check(copy)
            guard problems.isEmpty else {
                throw StoreCheckError("the copy made by VACUUM INTO is unsound too: \(problems.joined(separator: "; "))")
            }
            try copy.execute("PRAGMA journal_mode = WAL")
        } catch {
            unlink(fresh)
            unlink(fresh + "-wal")
            unlink(fresh + "-shm")
            throw error
        }
        try syncFile(fresh)
        db = nil   // closes the damaged index (SQLite folds its WAL in if it can)
        var aside = "\(databaseName).corrupt-\(Int64(now.timeIntervalSince1970))"
        while access(root + "/" + aside, F_OK) == 0 { aside += "x" }
        try move(target, to: root + "/" + aside)
        _ = rename(target + "-wal", root + "/" + aside + "-wal")
        unlink(target + "-shm")
        try move(fresh, to: target)
        try syncFile(root)
        return aside
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
