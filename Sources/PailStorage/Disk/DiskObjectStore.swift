import Foundation

/// `ObjectStore` and `MultipartStore` on a local directory: each object version's bytes in a file of
/// its own under a random name, and an SQLite index (`pail.sqlite`, WAL) mapping keys to files.
/// Objects up to `inlineLimit` (64 KiB) are kept in their index row instead.
///
/// Writes: the writer fills a fresh file, fdatasyncs it, then hands its index change to the group
/// committer, which commits many writers' changes in one transaction and one WAL fsync (a small
/// object's bytes ride in that transaction, so its one durable write is the WAL's). Files an
/// overwrite or delete stops referencing are unlinked in the background after that commit (a delete
/// returns before its files are gone; `awaitFileRemovals()` waits). Reads use a pool of read-only
/// connections and never wait for the committer. See `GroupCommitter`, `FileReaper`, `OrphanSweeper`.
///
/// Layout: `pail.sqlite`, `objects/<2 hex>/<32 hex>`, `uploads/<2 hex>/<32 hex>`, `tmp/`.
public final class DiskObjectStore: ObjectStore, MultipartStore {
    let layout: StoreLayout
    let committer: GroupCommitter
    let readers: ReaderPool
    /// Holds the data directory against other processes (a second server, `pail fsck`).
    let lock: StoreLock
    /// Files being written by any store of this process in this directory (shared through `lock`).
    var active: ActiveFiles { lock.active }
    let buckets = BucketCache()
    /// Objects up to this many bytes are kept in their index row instead of a file of their own.
    let inlineLimit: Int

    /// 64 KiB: MinIO keeps objects up to 128 KiB inside its metadata file for the same reason. Most
    /// mail blobs fit; past this size the file's own fsync matters less than the bytes written.
    public static let defaultInlineLimit = 64 * 1024
    let clock: @Sendable () -> Date

    /// Opens (creating if needed) the store in `directory`. `durable: false` skips every fsync and
    /// uses `synchronous=NORMAL`: for throwaway fixtures only. `clock` stamps lastModified and
    /// initiated. `waits` is told whenever a call is about to wait on the disk or a group commit.
    /// Objects up to `inlineLimit` bytes live in the index (0 puts every object in a file).
    /// Starts a background sweep of files a crash left unreferenced.
    ///
    /// Takes the directory's lock (`pail.lock`, see `StoreLock`): throws `StorageError.io` saying so
    /// when another process (a server, `pail fsck`) has the directory open. Stores of one process
    /// share the lock.
    public init(directory: URL, durable: Bool = true, clock: @escaping @Sendable () -> Date = { Date() },
                waits: WaitNotifier = .none, inlineLimit: Int = DiskObjectStore.defaultInlineLimit) throws {
        layout = StoreLayout(root: directory.path, durable: durable, waits: waits)
        self.inlineLimit = max(0, inlineLimit)
        self.clock = clock
        let opened = Date()
        do {
            try layout.prepare()
            lock = try StoreLock.acquire(root: layout.root)
        } catch {
            throw GroupCommitter.storageError(error)
        }
        do {
            let writer = try Database(path: layout.databasePath, readOnly: false)
            try writer.execute("PRAGMA journal_mode = WAL")
            try writer.execute("PRAGMA synchronous = \(durable ? "FULL" : "NORMAL")")
            try writer.execute("PRAGMA foreign_keys = ON")
            // Each change runs in a savepoint whose journal spilled to a temp file (create, ~60
            // page writes, unlink) once a change touched more than 64 KiB of pages; keep it in memory.
            try writer.execute("PRAGMA temp_store = MEMORY")
            try writer.execute(IndexSchema.create)
            try IndexSchema.migrate(writer)
            committer = GroupCommitter(db: writer, layout: layout, clock: clock)
        } catch {
            lock.release()
            throw GroupCommitter.storageError(error)
        }
        readers = ReaderPool(path: layout.databasePath)
        committer.start()
        // Every unreferenced file older than this open is litter of an earlier process (the lock
        // proves no other process writes here, and this process registers its files in `active`
        // before creating them), so one start removes all that a crash left, however young.
        let sweeper = OrphanSweeper(layout: layout, readers: readers, active: active)
        let thread = Thread { _ = try? sweeper.sweep(modifiedBefore: opened) }
        thread.name = "pail-orphan-sweep"
        thread.start()
    }

    deinit {
        committer.stop()
        lock.release()
    }

    /// Files younger than this are never swept by `sweepOrphans()`: a second guard, besides the
    /// in-process registry of files being written, for a file whose row is about to be committed.
    /// (The sweep at open uses the open time instead: see `init`.)
    public static let orphanMinimumAge: TimeInterval = 60

    /// Deletes files no committed row references that are older than `minimumAge` seconds and not
    /// being written by this store, and everything in `tmp/`. Runs on open in the background; exposed
    /// for `pail fsck` and tests. Returns how many files it removed.
    @discardableResult
    public func sweepOrphans(minimumAge: TimeInterval = DiskObjectStore.orphanMinimumAge) throws -> Int {
        awaitFileRemovals()
        return try OrphanSweeper(layout: layout, readers: readers, active: active).sweep(minimumAge: minimumAge)
    }

    /// Returns once the files of every delete and overwrite acknowledged so far have been unlinked
    /// (they are removed in the background after the commit; see `FileReaper`).
    public func awaitFileRemovals() {
        committer.reaper.drain()
    }

    /// The clock's now, truncated to the milliseconds the index keeps, so returned records equal
    /// what a later read returns.
    static func truncated(_ date: Date) -> Date {
        IndexSchema.date(IndexSchema.milliseconds(date))
    }

    // MARK: Buckets

    public func createBucket(_ name: String, owner: String, region: String) throws {
        defer { buckets.invalidate(name) }
        try committer.submit { ctx in
            if let existing = try BucketRow.find(ctx.db, name) {
                throw StorageError.bucketAlreadyExists(owner: existing.owner)
            }
            try ctx.db.with("INSERT INTO buckets(name, created, owner, region) VALUES(?1, ?2, ?3, ?4)") { s in
                s.bind(1, name); s.bind(2, IndexSchema.milliseconds(ctx.now)); s.bind(3, owner); s.bind(4, region)
                try s.step()
            }
        }
    }

    public func deleteBucket(_ name: String) throws {
        defer { buckets.invalidate(name) }
        try committer.submit { ctx in
            guard try BucketRow.exists(ctx.db, name) else { throw StorageError.noSuchBucket }
            let inUse = try ctx.db.with("""
                SELECT EXISTS(SELECT 1 FROM objects WHERE bucket = ?1)
                    OR EXISTS(SELECT 1 FROM uploads WHERE bucket = ?1)
                """) { s -> Bool in
                s.bind(1, name)
                _ = try s.step()
                return s.int64(0) != 0
            }
            if inUse { throw StorageError.bucketNotEmpty }
            for sql in ["DELETE FROM bucket_settings WHERE bucket = ?1", "DELETE FROM completed_uploads WHERE bucket = ?1",
                        "DELETE FROM buckets WHERE name = ?1"] {
                try ctx.db.with(sql) { s in
                    s.bind(1, name)
                    try s.step()
                }
            }
        }
    }

    public func bucket(_ name: String) throws -> BucketInfo {
        let (cached, generation) = buckets.lookup(name)
        if let cached { return cached }
        guard let info = try readers.read({ try BucketRow.find($0, name) }) else { throw StorageError.noSuchBucket }
        buckets.insert(info, readAt: generation)
        return info
    }

    public func listBuckets() throws -> [BucketInfo] {
        try readers.read { try BucketRow.all($0) }
    }

    func requireBucket(_ name: String) throws {
        _ = try bucket(name)
    }
}
