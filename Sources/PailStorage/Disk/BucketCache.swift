import Foundation

/// The bucket records readers have seen, so a GET or PUT does not read the bucket's index row each
/// time (a read transaction, with its `fcntl` locks on the WAL index, for a row that rarely changes).
///
/// Only buckets that exist are cached. A bucket change commits first and `invalidate`s after, which
/// bumps `generation`; a reader inserts only if the generation it saw before its index read is still
/// current, so a record read before a change can never be cached after it.
final class BucketCache {
    private let lock = NSLock()
    private var records: [String: BucketInfo] = [:]
    private var generation: UInt64 = 0

    /// The cached record, or the generation to hand to `insert` after reading the index.
    func lookup(_ name: String) -> (BucketInfo?, UInt64) {
        lock.lock()
        defer { lock.unlock() }
        return (records[name], generation)
    }

    /// Caches `info`, read from the index after `lookup` returned `generation`.
    func insert(_ info: BucketInfo, readAt generation: UInt64) {
        lock.lock()
        defer { lock.unlock() }
        if generation == self.generation { records[info.name] = info }
    }

    /// Forgets `name`; call after the change to it committed.
    func invalidate(_ name: String) {
        lock.lock()
        defer { lock.unlock() }
        generation &+= 1
        records[name] = nil
    }
}
