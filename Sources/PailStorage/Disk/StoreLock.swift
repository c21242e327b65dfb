import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The data directory's owner: an exclusive `flock(2)` on `<root>/pail.lock`, held while a store or
/// `pail fsck` has the directory open, so that a second server or an fsck on a live directory is
/// refused instead of racing the first (two orphan sweeps, each blind to the other's files in
/// flight, could delete a file that is about to be committed).
///
/// `flock` excludes other open file descriptions, which includes a second open in this process, so
/// the stores of one process on one directory share one lock through a registry (tests reopen a
/// store while the first instance lives). They also share one `ActiveFiles`: every file this
/// process is writing in the directory is visible to every instance's orphan sweep.
///
/// The kernel drops the lock when the process dies, SIGKILL included: a crash never leaves a stale
/// lock behind. The file itself stays; its content is not used.
final class StoreLock: Sendable {
    /// Files being written in this directory by any store of this process.
    let active = ActiveFiles()
    let path: String
    private let fd: Int32

    static let fileName = "pail.lock"

    private init(path: String, fd: Int32) {
        self.path = path
        self.fd = fd
    }

    /// Each held directory's lock and how many stores of this process hold it.
    private static let registry = Mutex<[String: (lock: StoreLock, holders: Int)]>([:])

    /// Takes (or shares, within this process) the lock of the store rooted at `root`, which must
    /// exist. Throws `StorageError.io` naming the directory when another process holds it.
    static func acquire(root: String) throws -> StoreLock {
        let key = canonical(root)
        return try registry.withLock { registry in
            if let existing = registry[key] {
                registry[key]!.holders += 1
                return existing.lock
            }
            let fd = try lockExclusively(key)
            let lock = StoreLock(path: key, fd: fd)
            registry[key] = (lock, 1)
            return lock
        }
    }

    /// Takes the lock for a caller that needs the directory to itself (fsck): refuses when any
    /// store of this process has it open, or another process holds it. Release with `release()`.
    static func acquireAlone(root: String) throws -> StoreLock {
        let key = canonical(root)
        return try registry.withLock { registry in
            if registry[key] != nil { throw StorageError.io(inUseMessage(key)) }
            let fd = try lockExclusively(key)
            let lock = StoreLock(path: key, fd: fd)
            registry[key] = (lock, 1)
            return lock
        }
    }

    /// Gives up one hold; the last one unlocks (closing the descriptor drops the flock).
    func release() {
        Self.registry.withLock { registry in
            guard let entry = registry[path] else { return }
            guard entry.holders == 1 else { registry[path]!.holders -= 1; return }
            registry[path] = nil
            close(fd)
        }
    }

    private static func lockExclusively(_ root: String) throws -> Int32 {
        let file = root + "/" + fileName
        let fd = open(file, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw StorageError.io("open \(file): \(String(cString: strerror(errno)))") }
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let err = errno
            if err == EINTR { continue }
            close(fd)
            if err == EWOULDBLOCK { throw StorageError.io(inUseMessage(root)) }
            throw StorageError.io("lock \(file): \(String(cString: strerror(err)))")
        }
        return fd
    }

    static func inUseMessage(_ root: String) -> String {
        "\(root) is in use by another Pail process (a running server or `pail fsck`): \(root)/\(fileName) is locked"
    }

    /// One spelling per directory (`realpath`), so `data` and `./data/` share an entry.
    private static func canonical(_ root: String) -> String {
        guard let resolved = realpath(root, nil) else { return root }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
