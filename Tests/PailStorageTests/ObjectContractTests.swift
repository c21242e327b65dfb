import Foundation
import Testing
@testable import PailStorage

@Suite struct ObjectContractTests {
    @Test func put_thenHeadAndOpen_returnRecordAndBytes() throws {
        let f = try StoreFixture()
        let metadata = ObjectMetadata(contentType: "text/plain", user: [UserMetadataEntry(name: "a", value: "1")],
                                      checksums: ["crc32": "AAAAAA=="], checksumType: "FULL_OBJECT")
        let put = try f.put("hello.txt", "hello world", metadata: metadata)
        #expect(put.size == 11 && put.etag == "etag-11" && put.bucket == "b" && put.key == "hello.txt")
        #expect(put.partSizes.isEmpty)
        #expect(abs(put.lastModified.timeIntervalSince(f.now)) < 0.001)
        #expect(try f.store.head(bucket: "b", key: "hello.txt") == put)
        let content = try f.store.open(bucket: "b", key: "hello.txt")
        #expect(content.info == put)
        #expect(StoreFixture.read(content) == Data("hello world".utf8))
    }

    @Test func emptyObject_roundTrips() throws {
        let f = try StoreFixture()
        let info = try f.put("empty", "")
        #expect(info.size == 0)
        #expect(try f.text("empty") == "")
    }

    @Test func head_whenKeyMissing_throwsNoSuchKey() throws {
        let f = try StoreFixture()
        #expect(throws: StorageError.noSuchKey) { try f.store.head(bucket: "b", key: "nope") }
        #expect(throws: StorageError.noSuchKey) { try f.store.open(bucket: "b", key: "nope") }
    }

    @Test func nothingVisible_untilCommit() throws {
        let f = try StoreFixture()
        let writer = try f.store.makeWriter(bucket: "b")
        try Data("x".utf8).withUnsafeBytes { try writer.write($0) }
        #expect(writer.bytesWritten == 1)
        #expect(throws: StorageError.noSuchKey) { try f.store.head(bucket: "b", key: "k") }
        writer.abort()
        writer.abort()
        #expect(f.dataFiles().isEmpty)
    }

    @Test func writerDeinit_discardsUncommittedFile() throws {
        let f = try StoreFixture()
        do {
            let writer = try f.store.makeWriter(bucket: "b")
            try Data("x".utf8).withUnsafeBytes { try writer.write($0) }
        }
        #expect(f.dataFiles().isEmpty)
    }

    @Test func overwrite_replacesObjectAndRemovesOldFile() throws {
        let f = try StoreFixture()
        try f.put("k", "one")
        try f.put("k", "second")
        #expect(try f.text("k") == "second")
        #expect(try f.store.head(bucket: "b", key: "k").size == 6)
        #expect(f.dataFiles().count == 1)
    }

    @Test func delete_removesObjectAndFile_andMissingKeySucceeds() throws {
        let f = try StoreFixture()
        try f.put("k", "v")
        try f.store.delete(bucket: "b", key: "k")
        #expect(throws: StorageError.noSuchKey) { try f.store.head(bucket: "b", key: "k") }
        #expect(f.dataFiles().isEmpty)
        try f.store.delete(bucket: "b", key: "k")
        try f.store.delete(bucket: "b", key: "never-existed")
    }

    @Test func bulkDelete_removesListedKeys_missingCountAsDeleted() throws {
        let f = try StoreFixture()
        for k in ["a", "b", "c"] { try f.put(k, k) }
        let results = try f.store.delete(bucket: "b", keys: ["a", "missing", "c"])
        #expect(results.count == 3 && results.allSatisfy { $0 == nil })
        let page = try f.store.list(bucket: "b", prefix: "", delimiter: nil, after: nil, maxKeys: 10)
        #expect(page.objects.map(\.key) == ["b"])
        #expect(f.dataFiles().count == 1)
    }

    @Test(arguments: ["../etc/passwd", "a//b", "/leading", "with space", "ünïcødé/ключ/鍵", "a\\b", ".", "..",
                      String(repeating: "k", count: 1024), "tab\tand\nnewline", "%2F%00", "emoji 🧪"])
    func oddKeys_roundTripWithoutBecomingPaths(key: String) throws {
        let f = try StoreFixture()
        try f.put(key, "payload")
        #expect(try f.text(key) == "payload")
        #expect(try f.store.head(bucket: "b", key: key).key == key)
        let page = try f.store.list(bucket: "b", prefix: "", delimiter: nil, after: nil, maxKeys: 10)
        #expect(page.objects.map(\.key) == [key])
        for file in f.dataFiles() { #expect(file.hasPrefix("objects/") && file.split(separator: "/").count == 3) }
        #expect(!FileManager.default.fileExists(atPath: f.directory.deletingLastPathComponent().appendingPathComponent("etc").path))
    }

    @Test func openContent_staysReadableAfterOverwriteAndDelete() throws {
        let f = try StoreFixture()
        try f.put("k", "original bytes")
        let content = try f.store.open(bucket: "b", key: "k")
        try f.put("k", "replacement")
        #expect(StoreFixture.read(content) == Data("original bytes".utf8))
        let second = try f.store.open(bucket: "b", key: "k")
        try f.store.delete(bucket: "b", key: "k")
        #expect(StoreFixture.read(content) == Data("original bytes".utf8))
        #expect(StoreFixture.read(second) == Data("replacement".utf8))
        #expect(content.info.etag == "etag-14")
    }

    @Test func segmentsFromLength_coverTheRange() throws {
        let f = try StoreFixture()
        try f.put("k", "0123456789")
        let content = try f.store.open(bucket: "b", key: "k")
        let parts = content.segments(from: 2, length: 5)
        #expect(parts.count == 1 && parts[0].offset == 2 && parts[0].length == 5)
    }

    @Test func copy_makesIndependentObjectWithNewMetadata() throws {
        let f = try StoreFixture()
        try f.store.createBucket("dest", owner: "o", region: "r")
        try f.put("src", "copy me")
        let source = try f.store.open(bucket: "b", key: "src")
        let metadata = ObjectMetadata(contentType: "application/x-test")
        let info = try f.store.copy(source: source, destBucket: "dest", destKey: "dst", metadata: metadata, condition: .none)
        #expect(info.size == 7 && info.etag == "etag-7" && info.metadata == metadata)
        try f.store.delete(bucket: "b", key: "src")
        #expect(try f.text("dst", bucket: "dest") == "copy me")
        #expect(try f.store.head(bucket: "dest", key: "dst") == info)
        #expect(throws: StorageError.noSuchBucket) {
            try f.store.copy(source: source, destBucket: "missing", destKey: "x", metadata: metadata, condition: .none)
        }
        #expect(throws: StorageError.preconditionFailed) {
            try f.store.copy(source: source, destBucket: "dest", destKey: "dst", metadata: metadata, condition: .mustNotExist)
        }
    }

    @Test func largeObject_roundTrips() throws {
        let f = try StoreFixture(durable: true)
        var data = Data(count: 3 << 20)
        for i in stride(from: 0, to: data.count, by: 4096) { data[i] = UInt8(truncatingIfNeeded: i / 4096) }
        let writer = try f.store.makeWriter(bucket: "b")
        for chunk in stride(from: 0, to: data.count, by: 65536) {
            try data[chunk..<min(data.count, chunk + 65536)].withUnsafeBytes { try writer.write($0) }
        }
        _ = try writer.commit(key: "big", etag: "e", metadata: ObjectMetadata(), condition: .none)
        #expect(StoreFixture.read(try f.store.open(bucket: "b", key: "big")) == data)
    }
}
