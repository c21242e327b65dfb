import Foundation
import Synchronization

/// Files this process is writing and has not yet committed or discarded. The orphan sweep skips
/// them: a slow upload's file is unreferenced but not litter.
final class ActiveFiles: Sendable {
    private let paths = Mutex<Set<String>>([])

    func insert(_ path: String) { paths.withLock { _ = $0.insert(path) } }
    func remove(_ path: String) { paths.withLock { _ = $0.remove(path) } }
    func contains(_ path: String) -> Bool { paths.withLock { $0.contains(path) } }
}
