import Foundation
import Synchronization
@testable import PailStorage
#if canImport(Glibc)
import Glibc
#endif

/// A store in a fresh temporary directory (removed on deinit), with helpers to put and read objects.
/// Objects go to files unless `inlineLimit` is given: most suites check the files' lifecycle.
final class StoreFixture {
    let directory: URL
    let store: DiskObjectStore
    /// The store's clock; the committer thread reads it, so it lives in a Sendable box.
    var now: Date {
        get { clockBox.now() }
        set { clockBox.set(newValue) }
    }
    private let clockBox = ClockBox(Date(timeIntervalSince1970: 1_700_000_000.123))

    let inlineLimit: Int

    init(bucket: String? = "b", durable: Bool = false, inlineLimit: Int = 0) throws {
        self.inlineLimit = inlineLimit
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("pail-storage-\(UUID().uuidString)", isDirectory: true)
        let clockBox = self.clockBox
        store = try DiskObjectStore(directory: directory, durable: durable, clock: { clockBox.now() }, inlineLimit: inlineLimit)
        if let bucket { try store.createBucket(bucket, owner: "owner", region: "us-east-1") }
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// A new store instance on the same directory, as after a restart.
    func reopen() throws -> DiskObjectStore {
        try DiskObjectStore(directory: directory, durable: false, inlineLimit: inlineLimit)
    }

    @discardableResult
    func put(_ key: String, _ text: String, bucket: String = "b", metadata: ObjectMetadata = ObjectMetadata(),
             condition: WriteCondition = .none) throws -> ObjectInfo {
        try Self.put(store, key, Data(text.utf8), bucket: bucket, metadata: metadata, condition: condition)
    }

    static func put(_ store: ObjectStore, _ key: String, _ data: Data, bucket: String = "b",
                    metadata: ObjectMetadata = ObjectMetadata(), condition: WriteCondition = .none) throws -> ObjectInfo {
        let writer = try store.makeWriter(bucket: bucket)
        try data.withUnsafeBytes { try writer.write($0) }
        return try writer.commit(key: key, etag: "etag-\(data.count)", metadata: metadata, condition: condition)
    }

    func text(_ key: String, bucket: String = "b") throws -> String {
        String(decoding: try Self.read(store.open(bucket: bucket, key: key)), as: UTF8.self)
    }

    /// All bytes of an open object, read through its segments.
    static func read(_ content: ObjectContent) -> Data {
        var out = Data()
        for segment in content.segments {
            var buffer = [UInt8](repeating: 0, count: Int(segment.length))
            let n = buffer.withUnsafeMutableBytes { segment.read(into: $0, at: 0) }
            out.append(contentsOf: buffer[0..<max(0, n)])
        }
        return out
    }

    /// Regular files under objects/ and uploads/, relative to the root, once the store has unlinked
    /// the files of the deletes and overwrites it acknowledged (it does so in the background).
    func dataFiles() -> Set<String> {
        store.awaitFileRemovals()
        var out = Set<String>()
        for area in ["objects", "uploads"] {
            let base = directory.appendingPathComponent(area).path
            for fan in (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? [] {
                for name in (try? FileManager.default.contentsOfDirectory(atPath: base + "/" + fan)) ?? [] {
                    out.insert(area + "/" + fan + "/" + name)
                }
            }
        }
        return out
    }
}

/// Lets the fixture's clock be changed after the store captured it.
final class ClockBox: Sendable {
    private let current: Mutex<Date>
    init(_ start: Date) { current = Mutex(start) }
    func now() -> Date { current.withLock { $0 } }
    func set(_ date: Date) { current.withLock { $0 = date } }
}

/// Runs `count` bodies on dedicated threads at once (not the concurrency pool: the store blocks)
/// and waits for all.
func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let group = DispatchGroup()
    for i in 0..<count {
        group.enter()
        let thread = Thread { body(i); group.leave() }
        thread.stackSize = 1 << 20
        thread.start()
    }
    group.wait()
}
