import Foundation

/// Files this process is writing and has not yet committed or discarded. The orphan sweep skips
/// them: a slow upload's file is unreferenced but not litter.
final class ActiveFiles {
    private let lock = NSLock()
    private var paths: Set<String> = []

    func insert(_ path: String) { lock.lock(); paths.insert(path); lock.unlock() }
    func remove(_ path: String) { lock.lock(); paths.remove(path); lock.unlock() }
    func contains(_ path: String) -> Bool { lock.lock(); defer { lock.unlock() }; return paths.contains(path) }
}
