import Foundation
import Synchronization

/// Read-only connections, one borrowed per reading call, so readers run in parallel with each other
/// and with the committer (WAL shows each the last committed state) under no global lock; the lock
/// here only guards the idle list. Each connection caches its prepared statements.
final class ReaderPool: Sendable {
    private let path: String
    private let idle = Mutex<[Database]>([])
    private let maxIdle = 16

    init(path: String) { self.path = path }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        var db = idle.withLock { $0.popLast() }
        do {
            if db == nil { db = try Database(path: path, readOnly: true) }
            let value = try body(db!)
            giveBack(db!)
            return value
        } catch {
            if let db { giveBack(db) }
            throw GroupCommitter.storageError(error)
        }
    }

    private func giveBack(_ db: Database) {
        idle.withLock { idle in
            if idle.count < maxIdle { idle.append(db) }
        }
    }
}
