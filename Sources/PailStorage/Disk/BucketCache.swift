import Foundation
import Synchronization

/// The bucket records readers have seen, so a GET or PUT does not read the bucket's index row each
/// time (a read transaction, with its `fcntl` locks on the WAL index, for a row that rarely changes).
///
/// Only buckets that exist are cached. A bucket change commits first and `invalidate`s after, which
/// bumps `generation`; a reader inserts only if the generation it saw before its index read is still
/// current, so a record read before a change can never be cached after it.
final class BucketCache: Sendable {
    private struct State {
        var records: [String: BucketInfo] = [:]
        var generation: UInt64 = 0
    }

    private let state = Mutex(State())

    /// The cached record, or the generation to hand to `insert` after reading the index.
    func lookup(_ name: String) -> (BucketInfo?, UInt64) {
        state.withLock { ($0.records[name], $0.generation) }
    }

    /// Caches `info`, read from the index after `lookup` returned `generation`.
    func insert(_ info: BucketInfo, readAt generation: UInt64) {
        state.withLock { state in
            if generation == state.generation { state.records[info.name] = info }
        }
    }

    /// Forgets `name`; call after the change to it committed.
    func invalidate(_ name: String) {
        state.withLock { state in
            state.generation &+= 1
            state.records[name] = nil
        }
    }
}
