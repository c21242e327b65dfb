import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where things live under the store's directory, and the few file-system calls the store makes.
///
/// Object keys never become paths: every object version and every part gets a fresh file named by a
/// random 128-bit id, fanned out by its first two hex digits (`objects/3f/3fa9…`). Index rows refer
/// to files by their path relative to the root, so a part file can become an object segment as is.
struct StoreLayout {
    let root: String
    let durable: Bool
    /// Told around fsyncs and commit waits.
    var waits: WaitNotifier = .none

    static let objectsArea = "objects"
    static let uploadsArea = "uploads"
    static let tmpArea = "tmp"

    var databasePath: String { root + "/pail.sqlite" }

    func absolute(_ relative: String) -> String { root + "/" + relative }

    /// Creates the root and its areas; fsyncs the root when durable so the areas survive a crash.
    func prepare() throws {
        for dir in [root, absolute(Self.objectsArea), absolute(Self.uploadsArea), absolute(Self.tmpArea)] {
            try makeDirectory(dir)
        }
        if durable { try syncDirectory(root) }
    }

    /// A new relative path in `area` that does not exist yet (random id).
    static func newFilePath(area: String) -> String {
        let id = randomHex(byteCount: 16)
        return area + "/" + id.prefix(2) + "/" + id
    }

    /// Creates the file with O_EXCL (a random id never meets an existing file; if it somehow did,
    /// failing beats overwriting), creating its fan-out directory on first use.
    func createFile(relativePath: String) throws -> Int32 {
        let path = absolute(relativePath)
        for attempt in 0..<2 {
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            if fd >= 0 { return fd }
            let err = errno
            if err == ENOENT && attempt == 0 {
                let dir = (path as NSString).deletingLastPathComponent
                if try makeDirectory(dir), durable {
                    // The new fan-out directory's own entry must be durable before files in it are.
                    try syncDirectory((dir as NSString).deletingLastPathComponent)
                }
                continue
            }
            throw StorageError.posix(err, "create \(relativePath)")
        }
        throw StorageError.io("create \(relativePath): no directory")
    }

    /// Returns true if it created the directory, false if it existed.
    @discardableResult
    func makeDirectory(_ path: String) throws -> Bool {
        if mkdir(path, 0o755) == 0 { return true }
        let err = errno
        if err == EEXIST { return false }
        throw StorageError.posix(err, "mkdir \(path)")
    }

    /// fsync on a directory makes the entries created in it durable.
    func syncDirectory(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw StorageError.posix(errno, "open dir \(path)") }
        defer { close(fd) }
        if fsync(fd) != 0 { throw StorageError.posix(errno, "fsync dir \(path)") }
    }

    /// Removes a file; a file already gone is fine (a sweep or an abort may have been first).
    func remove(_ relativePath: String) {
        unlink(absolute(relativePath))
    }

    static func parentDirectory(of relativePath: String) -> String {
        (relativePath as NSString).deletingLastPathComponent
    }

    static func randomHex(byteCount: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(byteCount * 2)
        for _ in 0..<byteCount {
            let byte = UInt8.random(in: 0...255, using: &generator)
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
