import Foundation
import PailS3
@testable import PailStorage
#if canImport(Glibc)
import Glibc
#endif

/// A data directory for `StoreChecker` tests: filled through a real store, which is then closed
/// (fsck needs the directory to itself), damaged by hand, and checked.
final class CheckFixture {
    let directory: URL
    var root: String { directory.path }

    init() {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("pail-fsck-\(UUID().uuidString)", isDirectory: true)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// Opens a store on the directory (bucket "b" created on first use), runs `body`, closes the
    /// store and waits until its index connections are closed.
    func withStore<T>(inlineLimit: Int = 0, _ body: (DiskObjectStore) throws -> T) throws -> T {
        let value: T = try {
            let store = try DiskObjectStore(directory: directory, durable: false, inlineLimit: inlineLimit)
            if (try? store.bucket("b")) == nil { try store.createBucket("b", owner: "o", region: "us-east-1") }
            defer { store.awaitFileRemovals() }
            return try body(store)
        }()
        // The store's threads close its index connections a moment after it is released; wait until
        // no descriptor of this process points into the directory any more.
        let deadline = Date().addingTimeInterval(10)
        while openDescriptors() > 0 && Date() < deadline { usleep(5_000) }
        return value
    }

    /// Descriptors of this process open on files under the directory.
    func openDescriptors() -> Int {
        let fm = FileManager.default
        return ((try? fm.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).filter {
            (try? fm.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + $0))?.hasPrefix(root + "/") == true
        }.count
    }

    /// Writes `bytes` under `key` with its MD5 as ETag (as S3 does for a single PUT).
    @discardableResult
    static func put(_ store: DiskObjectStore, _ key: String, _ bytes: [UInt8], checksums: [String: String] = [:]) throws -> ObjectInfo {
        let writer = try store.makeWriter(bucket: "b")
        try bytes.withUnsafeBytes { try writer.write($0) }
        let metadata = ObjectMetadata(checksums: checksums, checksumType: checksums.isEmpty ? nil : "FULL_OBJECT")
        return try writer.commit(key: key, etag: md5(bytes).hex, metadata: metadata, condition: .none)
    }

    static func bytes(_ count: Int, seed: UInt8 = 1) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed)) }
    }

    func check(repair: Bool = false, deep: Bool = false) throws -> StoreCheckReport {
        try StoreChecker(directory: directory, options: .init(repair: repair, deep: deep)).run()
    }

    /// Runs `body` on a connection to the index (closed again before returning).
    func withIndex<T>(_ body: (Database) throws -> T) throws -> T {
        let db = try Database(path: root + "/pail.sqlite", readOnly: false)
        return try body(db)
    }

    /// The files of a key's current row (or of its noncurrent version `seq`).
    func files(_ key: String, noncurrentSeq seq: Int64? = nil) throws -> [String] {
        try withIndex { db in
            let sql = seq == nil ? "SELECT segments FROM objects WHERE key = ?1" : "SELECT segments FROM versions WHERE key = ?1 AND seq = ?2"
            return try db.with(sql) { s in
                s.bind(1, key)
                if let seq { s.bind(2, seq) }
                guard try s.step() else { return [] }
                return SegmentList(encoded: s.text(0)).files
            }
        }
    }

    func path(_ relative: String) -> String { root + "/" + relative }

    /// Every file under the directory with its size and modification time (ns), and the index's bytes.
    func snapshot() -> ([String: [Int64]], Data) {
        var out: [String: [Int64]] = [:]
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let relative = enumerator?.nextObject() as? String {
            var st = stat()
            guard lstat(path(relative), &st) == 0 else { continue }
            out[relative] = [Int64(st.st_size), Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)]
        }
        return (out, (try? Data(contentsOf: URL(fileURLWithPath: path("pail.sqlite")))) ?? Data())
    }

    /// Sets a file's modification time `seconds` into the past.
    func age(_ relative: String, by seconds: Int) {
        var times = [timespec(tv_sec: time(nil) - seconds, tv_nsec: 0), timespec(tv_sec: time(nil) - seconds, tv_nsec: 0)]
        _ = utimensat(AT_FDCWD, path(relative), &times, 0)
    }

    /// Writes a file (creating its directory), as litter or damage.
    func plant(_ relative: String, _ bytes: [UInt8]) throws {
        let url = URL(fileURLWithPath: path(relative))
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    /// Replaces `count` bytes at `offset` of a file with their complement.
    func flip(_ relative: String, at offset: Int, count: Int = 1) throws {
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path(relative)))
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(offset))
        let old = try handle.read(upToCount: count) ?? Data()
        try handle.seek(toOffset: UInt64(offset))
        try handle.write(contentsOf: Data(old.map { ~$0 }))
    }
}
