import Foundation

/// `pail fsck`: checks that a data directory's index and files agree, and with `repair` makes them
/// agree without losing any complete object.
///
/// It looks for index rows whose files are missing or shorter or longer than recorded, files no row
/// references, anything left in `tmp/`, noncurrent versions of a key without a current version,
/// part rows of vanished uploads, and what `PRAGMA integrity_check` reports; with `deep` it also
/// reads every byte and compares it with the ETag and the stored checksums (see `ContentDigests`).
///
/// The directory must not be in use: the checker takes the store's lock (`pail.lock`) and throws
/// `StoreCheckError` when a server (or another fsck) holds it. A check without `repair` writes
/// nothing; on a cleanly closed store it leaves every file as it was. Opening the index after a
/// crash folds its write-ahead log into `pail.sqlite` on close, as the server's next start would.
///
/// Unreferenced files younger than `pendingAge` are reported as pending, not as problems: a crash
/// in the middle of a write leaves them, and the server removes them at its next start. The server
/// also removes at that start the files of deletes and overwrites acknowledged just before a crash
/// (it unlinks them in the background after the commit); those can be old, and until that start
/// they show as orphans.
///
/// `repair`, in this order: rebuilds an index that fails `integrity_check` with `VACUUM INTO` (the
/// damaged file is kept as `pail.sqlite.corrupt-<time>`); in one transaction drops rows whose
/// bytes are gone or damaged (a dropped current version is replaced by the newest intact
/// noncurrent one, as a DELETE of that version id would), gives every key with noncurrent versions
/// a current one, drops broken part rows; truncates files longer than their row; then removes the
/// files the committed index does not reference (pending ones too: the lock proves no server is
/// writing them) and `tmp/`. Unreferenced files are left alone while the index cannot be read
/// completely. Finally it checks again and reports what remains.
public struct StoreChecker {
    public struct Options: Sendable {
        /// Fix what is found (default: only report).
        public var repair = false
        /// Read every byte and verify ETags and checksums.
        public var deep = false
        /// Unreferenced files younger than this are pending, not orphans: the server's own sweep age.
        public var pendingAge: TimeInterval = DiskObjectStore.orphanMinimumAge
        /// The clock that ages files.
        public var now: @Sendable () -> Date = { Date() }

        public init(repair: Bool = false, deep: Bool = false) {
            self.repair = repair
            self.deep = deep
        }
    }

    public let directory: URL
    public let options: Options

    public init(directory: URL, options: Options = Options()) {
        self.directory = directory
        self.options = options
    }

    /// Checks (and with `repair`, repairs) the directory. Throws `StoreCheckError` when it cannot
    /// run at all: the directory is in use, has no index, or the index cannot be opened.
    public func run() throws -> StoreCheckReport {
        let root = directory.standardizedFileURL.path
        guard FileManager.default.fileExists(atPath: root + "/" + IndexIntegrity.databaseName) else {
            throw StoreCheckError("\(root) is not a Pail data directory: there is no \(IndexIntegrity.databaseName) in it")
        }
        let lock: StoreLock
        do { lock = try StoreLock.acquireAlone(root: root) } catch { throw StoreCheckError(Self.message(error)) }
        defer { lock.release() }
        var db: Database? = try open(root)

        var report = StoreCheckReport()
        report.repairRan = options.repair
        let integrity = IndexIntegrity.check(db!)
        report.findings += integrity.map { StoreFinding(kind: .indexCorrupt, subject: IndexIntegrity.databaseName, detail: $0) }
        var indexSound = integrity.isEmpty
        if !indexSound && options.repair {
            do {
                report.actions.append(try IndexIntegrity.rebuild(closing: &db, root: root, now: options.now()))
                report.changed = true
                indexSound = true
            } catch {
                report.actions.append("could not rebuild \(IndexIntegrity.databaseName): \(Self.message(error))")
            }
            if db == nil { db = try open(root) }
        }

        let (scan, files) = examine(db!, root: root, deep: options.deep)
        report.counts = scan.counts
        report.counts.files = files.files
        report.findings += scan.findings + files.findings
        guard options.repair, !report.findings.isEmpty else { return report }

        let repair = StoreRepair(db: db!, root: root)
        do {
            let changes = try repair.fixRows(scan)
            report.actions += changes
            report.actions += repair.truncate(scan.truncations)
            report.changed = report.changed || !changes.isEmpty || !scan.truncations.isEmpty
            if indexSound && scan.complete {
                // Walk again: the files of the rows just dropped are unreferenced now.
                let after = FileScan(root: root, pendingAge: options.pendingAge, now: options.now())
                    .run(referenced: try StoreRepair.referencedFiles(db!))
                let removed = try repair.removeUnreferenced(after.unreferenced, temporary: after.temporary)
                report.actions += removed
                report.changed = report.changed || !removed.isEmpty
            } else {
                report.actions.append("left unreferenced files in place: the index could not be read completely, so a file without a row may still belong to an object")
            }
        } catch {
            report.actions.append("repair stopped: \(Self.message(error))")
        }
        let verify = IndexIntegrity.check(db!).map { StoreFinding(kind: .indexCorrupt, subject: IndexIntegrity.databaseName, detail: $0) }
        let (rescan, refiles) = examine(db!, root: root, deep: false)
        report.remaining = (verify + rescan.findings + refiles.findings).filter(\.isProblem)
        return report
    }

    /// One pass over the index and the files; changes nothing.
    private func examine(_ db: Database, root: String, deep: Bool) -> (IndexScan, FileScan.Result) {
        let scan = IndexScan(db: db, root: root, deep: deep)
        scan.run()
        let files = FileScan(root: root, pendingAge: options.pendingAge, now: options.now()).run(referenced: scan.referenced)
        return (scan, files)
    }

    /// Opens the index for reading and, when repairing, writing. When a write-ahead log is there
    /// (a server that stopped without closing its connections, as SIGTERM and SIGKILL both do), the
    /// connection is told not to checkpoint it on close: a check leaves `pail.sqlite` and the log
    /// byte for byte as found, and the server's next start folds the log in as usual. (Without a
    /// log, closing removes the empty one that opening made, and writes nothing.)
    private func open(_ root: String) throws -> Database {
        let path = root + "/" + IndexIntegrity.databaseName
        do {
            let hadLog = FileManager.default.fileExists(atPath: path + "-wal")
            let db = try Database(path: path, readOnly: false)
            if hadLog { db.keepWriteAheadLogOnClose() }
            return db
        } catch {
            throw StoreCheckError("cannot open \(root)/\(IndexIntegrity.databaseName): \(Self.message(error))")
        }
    }

    static func message(_ error: Error) -> String {
        (error as? StorageError)?.message ?? "\(error)"
    }
}
