import CSQLite
import Foundation

/// The single writer of the index. Threads submit changes and block; the committer thread takes
/// everything queued, makes the new files' directory entries durable (one fsync per distinct
/// directory), runs all changes in one `BEGIN IMMEDIATE … COMMIT` (one WAL fsync for the batch),
/// hands the files the batch stopped referencing to the `FileReaper`, then wakes each submitter with
/// its own result (the files are unlinked in the background: see `FileReaper` for why).
///
/// Changes run in queue order, each inside a savepoint: a change that throws (a failed precondition)
/// is rolled back alone and the rest of the batch still commits. Conditional writes are decided here,
/// so two `If-None-Match: *` writers of one key cannot both win. Readers never wait for this thread.
// Unchecked: `queue`, `stopping` and `statistics` are guarded by `condition`, which the committer
// thread waits on (Mutex has no condition wait); `db` and `sequence` are touched only on that thread.
final class GroupCommitter: @unchecked Sendable {
    private let db: Database
    private let layout: StoreLayout
    private let clock: @Sendable () -> Date
    let reaper: FileReaper
    /// Touched only on the committer thread (and in `init`).
    private let sequence: VersionSequence
    private let condition = NSCondition()
    private var queue: [PendingChange] = []
    private var stopping = false
    /// Batches and changes committed so far (read under `condition`): shows how well commits group.
    private(set) var statistics = (batches: 0, changes: 0)

    init(db: Database, layout: StoreLayout, clock: @escaping @Sendable () -> Date) {
        self.db = db
        self.layout = layout
        self.clock = clock
        reaper = FileReaper(layout: layout)
        sequence = VersionSequence(db: db)
    }

    func start() {
        reaper.start()
        let thread = Thread { [self] in run() }
        thread.name = "pail-committer"
        thread.start()
    }

    var currentStatistics: (batches: Int, changes: Int) {
        condition.lock(); defer { condition.unlock() }
        return statistics
    }

    /// Lets the thread finish what is queued, then exit (the reaper after it).
    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }

    /// Runs `body` in the next batch transaction and returns its value once the batch committed.
    func submit<T>(directories: [String] = [], _ body: @escaping (CommitContext) throws -> T) throws -> T {
        let change = PendingChange(directories: directories) { try body($0) as Any }
        condition.lock()
        queue.append(change)
        condition.unlock()
        // Signalled after unlocking: woken while we still held the lock, the committer went straight
        // back to sleep on it; on the busy 2-core machine one trace showed that hand-back taking 2 ms.
        condition.signal()
        layout.waits.around { change.wait() }
        switch change.result {
        case .success(let value): return value as! T
        case .failure(let error): throw error
        }
    }

    private func run() {
        while true {
            condition.lock()
            while queue.isEmpty && !stopping { condition.wait() }
            if queue.isEmpty {
                condition.unlock()
                reaper.stop()
                return
            }
            let batch = queue
            queue.removeAll(keepingCapacity: true)
            statistics.batches += 1
            statistics.changes += batch.count
            condition.unlock()
            process(batch)
        }
    }

    private func process(_ batch: [PendingChange]) {
        defer { for change in batch { change.wake() } }
        if layout.durable {
            var seen = Set<String>()
            do {
                for change in batch {
                    for dir in change.directories where seen.insert(dir).inserted {
                        try layout.syncDirectory(layout.absolute(dir))
                    }
                }
            } catch {
                for change in batch { change.finish(.failure(error)) }
                return
            }
        }
        var unlinks: [String] = []
        do {
            try db.cached("BEGIN IMMEDIATE").run()
            let now = clock()
            for change in batch {
                let context = CommitContext(db: db, now: now, sequence: sequence)
                do {
                    try db.cached("SAVEPOINT change").run()
                    let value = try change.body(context)
                    try db.cached("RELEASE change").run()
                    change.finish(.success(value))
                    unlinks += context.unlinkAfterCommit
                } catch {
                    try? db.cached("ROLLBACK TO change").run()
                    try? db.cached("RELEASE change").run()
                    change.finish(.failure(Self.storageError(error)))
                }
            }
            try sequence.persist()
            try db.cached("COMMIT").run()
        } catch {
            try? db.execute("ROLLBACK")
            let failure = Self.storageError(error)
            for change in batch { change.finish(.failure(failure)) }
            return
        }
        reaper.remove(unlinks)
    }

    /// SQLite errors leave the storage layer as `StorageError.database` with code, message and SQL;
    /// a full disk (SQLITE_FULL, or an I/O error whose errno is ENOSPC/EDQUOT) as `.outOfSpace` and
    /// exhausted descriptors as `.outOfDescriptors`, which the S3 layer answers as retryable.
    static func storageError(_ error: Error) -> Error {
        guard let error = error as? SQLiteError else { return error }
        if error.code & 0xFF == SQLITE_FULL { return StorageError.outOfSpace(error.description) }
        switch StorageError.posix(error.systemErrno, "") {
        case .outOfSpace: return StorageError.outOfSpace(error.description)
        case .outOfDescriptors: return StorageError.outOfDescriptors(error.description)
        default: return StorageError.database(error.description)
        }
    }
}
