import Foundation
import Synchronization
import PailStorage

/// The version each key had before its last overwrite, kept only while a stale-read rule exists, so a
/// `staleRead` fault can serve it. `nil` content means the key did not exist before.
/// Holding `ObjectContent` keeps the old files open, so they stay readable after being replaced.
final class PreviousVersions: Sendable {
    private struct State {
        var entries: [String: ObjectContent?] = [:]
        var order: [String] = []
    }

    private let state = Mutex(State())
    private let limit = 1000

    func record(bucket: String, key: String, previous: ObjectContent?) {
        let id = bucket + "/" + key
        state.withLock { state in
            if state.entries.updateValue(previous, forKey: id) == nil {
                state.order.append(id)
                if state.order.count > limit { state.entries.removeValue(forKey: state.order.removeFirst()) }
            }
        }
    }

    /// `.some(nil)`: the key was absent before; `nil`: nothing recorded.
    func previous(bucket: String, key: String) -> ObjectContent?? {
        state.withLock { $0.entries[bucket + "/" + key] }
    }
}
