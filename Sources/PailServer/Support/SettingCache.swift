import Foundation

/// Each bucket's decoded setting (lifecycle, Object Lock, ...) as last read, so that hot paths (the
/// `x-amz-expiration` of a GET, the default retention of a PUT) cost a dictionary lookup rather than
/// an index read. This process is the store's only writer, and every change to a setting (and every
/// bucket deletion) goes through `invalidate`; a read that raced with an invalidation is not cached
/// (the generation moved on).
final class SettingCache<Value>: @unchecked Sendable {
    private let lock = NSLock()
    /// `.some(nil)`: read, and the bucket has none.
    private var entries: [String: Value?] = [:]
    private var generation: UInt64 = 0

    func value(_ bucket: String, load: () throws -> Value?) throws -> Value? {
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
