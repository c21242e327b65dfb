import Foundation
import PailStorage

/// Each bucket's `BucketAccess` as last read, so that authorizing a request costs a dictionary lookup.
/// This process is the store's only writer: every change to a bucket's access settings, and every
/// creation and deletion of a bucket, goes through `invalidate`. A read that raced with an
/// invalidation is not cached (the generation moved on), as in `LifecycleCache`.
final class BucketAccessCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: BucketAccess] = [:]
    private var generation: UInt64 = 0

    /// The bucket's access settings; throws `StorageError.noSuchBucket` when it does not exist.
    func access(_ bucket: String, load: () throws -> BucketAccess) throws -> BucketAccess {
        lock.lock()
        if let cached = entries[bucket] { lock.unlock(); return cached }
        let seen = generation
        lock.unlock()
        let loaded = try load()
        lock.lock()
        if generation == seen { entries[bucket] = loaded }
        lock.unlock()
        return loaded
    }

    func invalidate(_ bucket: String) {
        lock.lock()
        generation &+= 1
        entries[bucket] = nil
        lock.unlock()
    }
}
