import Foundation
import PailStorage

/// The version each key had before its last overwrite, kept only while a stale-read rule exists, so a
/// `staleRead` fault can serve it. `nil` content means the key did not exist before.
/// Holding `ObjectContent` keeps the old files open, so they stay readable after being replaced.
final class PreviousVersions {
    private var entries: [String: ObjectContent?] = [:]
    private var order: [String] = []
    private let lock = NSLock()
    private let limit = 1000

    func record(bucket: String, key: String, previous: ObjectContent?) {
        let id = bucket + "/" + key
        lock.lock(); defer { lock.unlock() }
        if entries.updateValue(previous, forKey: id) == nil {
            order.append(id)
            if order.count > limit { entries.removeValue(forKey: order.removeFirst()) }
        }
    }

    /// `.some(nil)`: the key was absent before; `nil`: nothing recorded.
    func previous(bucket: String, key: String) -> ObjectContent?? {
        lock.lock(); defer { lock.unlock() }
        return entries[bucket + "/" + key]
    }
}
