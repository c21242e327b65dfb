import Foundation
import Testing
@testable import PailStorage

/// Objects up to the inline limit live in their index row; past it, in a file of their own.
@Suite struct InlineObjectTests {
    static let limit = 1024

    private func bytes(_ count: Int, seed: UInt8 = 7) -> Data {
        Data((0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31) &+ seed })
    }

    /// Writes `data` in `chunk`-byte writes, so a body can cross the limit mid-write.
    @discardableResult
    private func put(_ f: StoreFixture, _ key: String, _ data: Data, chunk: Int = 100) throws -> ObjectInfo {
        let writer = try f.store.makeWriter(bucket: "b")
        var offset = 0
        while offset < data.count {
            let end = min(data.count, offset + chunk)
            try data[offset..<end].withUnsafeBytes { try writer.write($0) }
            offset = end
        }
        return try writer.commit(key: key, etag: "etag-\(data.count)", metadata: ObjectMetadata(), condition: .none)
    }

    @Test func upToTheLimit_noFile_andTheBytesReadBack() throws {
        let f = try StoreFixture(inlineLimit: Self.limit)
        for size in [0, 1, Self.limit] {
            let data = bytes(size)
            let info = try put(f, "k\(size)", data)
            #expect(info.size == Int64(size))
            let content = try f.store.open(bucket: "b", key: "k\(size)")
            #expect(StoreFixture.read(content) == data)
            #expect(content.info.etag == "etag-\(size)")
        }
        #expect(f.dataFiles().isEmpty)
    }

    @Test func pastTheLimit_movesToAFile_keepingTheBytesAlreadyHeld() throws {
        let f = try StoreFixture(inlineLimit: Self.limit)
        let data = bytes(Self.limit + 1)
        try put(f, "big", data, chunk: 300)
        #expect(StoreFixture.read(try f.store.open(bucket: "b", key: "big")) == data)
        #expect(f.dataFiles().count == 1)
    }

    @Test func overwrites_betweenInlineAndFile_leaveNoFileBehind() throws {
        let f = try StoreFixture(inlineLimit: Self.limit)
        try put(f, "k", bytes(10))
        try put(f, "k", bytes(5000))
        #expect(f.dataFiles().count == 1)
        let small = bytes(20, seed: 3)
        try put(f, "k", small)
        #expect(f.dataFiles().isEmpty)
        #expect(StoreFixture.read(try f.store.open(bucket: "b", key: "k")) == small)
        try f.store.delete(bucket: "b", key: "k")
        #expect(throws: StorageError.noSuchKey) { try f.store.open(bucket: "b", key: "k") }
    }

    @Test func ranges_andCopies_readInlineBytes() throws {
        let f = try StoreFixture(inlineLimit: Self.limit)
        let data = bytes(600)
        try put(f, "src", data)
        let content = try f.store.open(bucket: "b", key: "src")
        let range = content.segments(from: 100, length: 50)
        #expect(range.count == 1 && range[0].bytes != nil)
        var out = [UInt8](repeating: 0, count: 50)
        #expect(out.withUnsafeMutableBytes { range[0].read(into: $0, at: 0) } == 50)
        #expect(Data(out) == data[100..<150])
        let copied = try f.store.copy(source: content, destBucket: "b", destKey: "dst", metadata: ObjectMetadata(), condition: .none)
        #expect(copied.etag == "etag-600")
        #expect(StoreFixture.read(try f.store.open(bucket: "b", key: "dst")) == data)
        #expect(f.dataFiles().isEmpty)
    }

    @Test func head_doesNotNeedTheBytes_andListingsShowTheSize() throws {
        let f = try StoreFixture(inlineLimit: Self.limit)
        try put(f, "k", bytes(300))
        #expect(try f.store.head(bucket: "b", key: "k").size == 300)
        #expect(try f.store.list(bucket: "b", prefix: "", delimiter: nil, after: nil, maxKeys: 10).objects.map(\.size) == [300])
    }

    @Test func survivesARestart() throws {
        let f = try StoreFixture(inlineLimit: Self.limit)
        let data = bytes(700)
        try put(f, "k", data)
        let reopened = try f.reopen()
        #expect(StoreFixture.read(try reopened.open(bucket: "b", key: "k")) == data)
    }

    /// An index written before objects could be inline gains the column when opened.
    @Test func anIndexWithoutTheInlineColumn_isMigrated() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pail-migrate-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let old = IndexSchema.create.replacingOccurrences(of: "inline BLOB,", with: "")
        #expect(old != IndexSchema.create)
        do {
            let db = try Database(path: directory.appendingPathComponent("pail.sqlite").path, readOnly: false)
            try db.execute(old + "PRAGMA user_version = 1;")
        }
        let store = try DiskObjectStore(directory: directory, durable: false, inlineLimit: Self.limit)
        try store.createBucket("b", owner: "o", region: "r")
        let writer = try store.makeWriter(bucket: "b")
        try Data("hello".utf8).withUnsafeBytes { try writer.write($0) }
        _ = try writer.commit(key: "k", etag: "e", metadata: ObjectMetadata(), condition: .none)
        #expect(StoreFixture.read(try store.open(bucket: "b", key: "k")) == Data("hello".utf8))
    }
}
