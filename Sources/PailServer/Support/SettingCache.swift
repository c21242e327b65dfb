import Foundation
import Synchronization

/// Each bucket's decoded setting (lifecycle, Object Lock, ...) as last read, so that hot paths (the
/// `x-amz-expiration` of a GET, the default retention of a PUT) cost a dictionary lookup rather than
/// an index read. This process is the store's only writer, and every change to a setting (and every
/// bucket deletion) goes through `invalidate`; a read that raced with an invalidation is not cached
/// (the generation moved on).
final class SettingCache<Value: Sendable>: Sendable {
    private struct State {
        /// `.some(nil)`: read, and the bucket has none.
        var entries: [String: Value?] = [:]
        var generation: UInt64 = 0
    }

    private let state = Mutex(State())

    func value(_ bucket: String, load: () throws -> Value?) throws -> Value? {
        let (cached, seen) = state.withLock { ($0.entries[bucket], $0.generation) }
        if let cached { return cached }
        let loaded = try load()
        state.withLock { state in
            if state.generation == seen { state.entries[bucket] = .some(loaded) }
        }
        return loaded
    }

    func invalidate(_ bucket: String) {
        state.withLock { state in
            state.generation &+= 1
            state.entries[bucket] = nil
        }
    }
}
