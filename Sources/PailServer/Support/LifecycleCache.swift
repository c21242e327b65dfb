import Foundation
import PailS3

/// Each bucket's lifecycle configuration as last read, so that the `x-amz-expiration` header of
/// a GET costs a dictionary lookup, not an index read. This process is the store's only writer, and
/// every change to a configuration (and every bucket deletion) goes through `invalidate`; a read
/// that raced with an invalidation is not cached (the generation moved on).
final class LifecycleCache: @unchecked Sendable {
    private let lock = NSLock()
    /// `.some(nil)`: read, and the bucket has none.
    private var entries: [String: LifecycleConfiguration?] = [:]
    private var generation: UInt64 = 0

    func configuration(_ bucket: String, load: () throws -> LifecycleConfiguration?) throws -> LifecycleConfiguration? {
        lock.lock()
        if let cached = entries[bucket] { lock.unlock(); return cached }
        let seen = generation
        lock.unlock()
        let loaded = try load()
        lock.lock()
        if generation == seen { entries[bucket] = .some(loaded) }
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
