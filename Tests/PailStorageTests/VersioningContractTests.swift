import Foundation
import Testing
@testable import PailStorage

@Suite struct VersioningContractTests {
    private func text(_ f: StoreFixture, _ key: String, _ version: VersionSelector) throws -> String {
        String(decoding: StoreFixture.read(try f.store.open(bucket: "b", key: key, version: version)), as: UTF8.self)
    }

    @Test func enabledBucket_keepsEveryVersion_newestFirst_andFreesNothing() throws {
        let f = try StoreFixture()
        try f.store.setVersioning("b", .enabled)
        let a = try f.put("k", "one"), b = try f.put("k", "two")
        #expect(a.versionId != nil && b.versionId != nil && a.versionId != b.versionId)
        #expect(b.versionId! < a.versionId!, "ids sort newest first")
        #expect(try f.text("k") == "two")
        #expect(try text(f, "k", .id(a.versionId!)) == "one")
        let page = try f.store.listVersions(bucket: "b", prefix: "", delimiter: nil, keyMarker: nil, versionIdMarker: nil, maxKeys: 10)
        #expect(page.versions.map(\.versionId) == [b.versionId, a.versionId])
        #expect(page.versions.map(\.isLatest) == [true, false])
        #expect(f.dataFiles().count == 2)
    }

    @Test func deleteMarker_hidesKey_andDeletingItRestores() throws {
        let f = try StoreFixture()
        try f.store.setVersioning("b", .enabled)
        let a = try f.put("k", "one")
        let marker = try f.store.delete(bucket: "b", key: "k")
        #expect(marker.createdMarker && marker.deleteMarker && marker.versionId != nil)
        #expect(throws: StorageError.latestIsDeleteMarker(versionId: marker.versionId)) { try f.store.head(bucket: "b", key: "k") }
        #expect(try f.store.list(bucket: "b", prefix: "", delimiter: nil, after: nil, maxKeys: 10).objects.isEmpty)
        #expect(throws: StorageError.self) { try f.store.open(bucket: "b", key: "k", version: .id(marker.versionId!)) }
        #expect(throws: StorageError.bucketNotEmpty) { try f.store.deleteBucket("b") }
        let removed = try f.store.delete(bucket: "b", [DeleteRequest(key: "k", version: .id(marker.versionId!))])[0].get()
        #expect(removed.deleteMarker && !removed.createdMarker)
        #expect(try f.store.head(bucket: "b", key: "k").versionId == a.versionId)
    }

    @Test func deletingCurrentVersionById_promotesPrevious_andFreesItsFile() throws {
        let f = try StoreFixture()
        try f.store.setVersioning("b", .enabled)
        let a = try f.put("k", "one"), b = try f.put("k", "two")
        _ = try f.store.delete(bucket: "b", [DeleteRequest(key: "k", version: .id(b.versionId!))])[0].get()
        #expect(try f.text("k") == "one")
        #expect(try f.store.head(bucket: "b", key: "k").versionId == a.versionId)
        #expect(f.dataFiles().count == 1)
        _ = try f.store.delete(bucket: "b", [DeleteRequest(key: "k", version: .id(a.versionId!))])[0].get()
        #expect(throws: StorageError.noSuchKey) { try f.store.head(bucket: "b", key: "k") }
        #expect(f.dataFiles().isEmpty)
        try f.store.deleteBucket("b")
    }

    @Test func suspendedBucket_replacesNullVersion_keepsOthers() throws {
        let f = try StoreFixture()
        try f.put("k", "before")                       // null version, never versioned
        try f.store.setVersioning("b", .enabled)
        let v = try f.put("k", "versioned")
        try f.store.setVersioning("b", .suspended)
        let n1 = try f.put("k", "null-1")
        #expect(n1.versionId == nil)
        try f.put("k", "null-2")
        let page = try f.store.listVersions(bucket: "b", prefix: "", delimiter: nil, keyMarker: nil, versionIdMarker: nil, maxKeys: 10)
        #expect(page.versions.map(\.versionIdOrNull) == ["null", v.versionId!])
        #expect(try text(f, "k", .null) == "null-2")
        #expect(f.dataFiles().count == 2, "the two replaced null versions' files are freed")
        let marker = try f.store.delete(bucket: "b", key: "k")
        #expect(marker.createdMarker && marker.versionId == nil)
        #expect(f.dataFiles().count == 1)
    }

    @Test func ifMatchDelete_checksCurrentVersion() throws {
        let f = try StoreFixture()
        try f.put("k", "abc")
        let results = try f.store.delete(bucket: "b", [DeleteRequest(key: "k", ifMatch: "wrong"),
                                                        DeleteRequest(key: "missing", ifMatch: "x")])
        #expect(throws: StorageError.preconditionFailed) { try results[0].get() }
        #expect(throws: StorageError.noSuchKey) { try results[1].get() }
        _ = try f.store.delete(bucket: "b", [DeleteRequest(key: "k", ifMatch: "etag-3")])[0].get()
        #expect(throws: StorageError.noSuchKey) { try f.store.head(bucket: "b", key: "k") }
    }

    @Test func versionListing_pagesInsideAKey() throws {
        let f = try StoreFixture()
        try f.store.setVersioning("b", .enabled)
        var expected: [(String, String)] = []
        for key in ["a", "b/x", "b/y", "c"] {
            var ids: [String] = []
            for i in 0..<3 { ids.append(try f.put(key, "\(key)\(i)").versionId!) }
            expected += ids.reversed().map { (key, $0) }
        }
        for size in [1, 2, 5] {
            var got: [(String, String)] = []
            var keyMarker: String?, versionMarker: String?
            while true {
                let page = try f.store.listVersions(bucket: "b", prefix: "", delimiter: nil, keyMarker: keyMarker,
                                                    versionIdMarker: versionMarker, maxKeys: size)
                got += page.versions.map { ($0.key, $0.versionIdOrNull) }
                guard page.isTruncated else { break }
                keyMarker = page.nextKeyMarker; versionMarker = page.nextVersionIdMarker
            }
            #expect(got.map(\.0) == expected.map(\.0) && got.map(\.1) == expected.map(\.1), "page size \(size)")
        }
        let rolled = try f.store.listVersions(bucket: "b", prefix: "", delimiter: "/", keyMarker: nil, versionIdMarker: nil, maxKeys: 100)
        #expect(rolled.commonPrefixes == ["b/"] && rolled.versions.count == 6)
    }

    @Test func versionIds_stayIncreasingAcrossReopen_andSweeperKeepsNoncurrentFiles() throws {
        let f = try StoreFixture()
        try f.store.setVersioning("b", .enabled)
        let a = try f.put("k", "one")
        let reopened = try f.reopen()
        let b = try StoreFixture.put(reopened, "k", Data("two".utf8))
        #expect(b.versionId! < a.versionId!, "a version written after a restart sorts as newer")
        #expect(try reopened.sweepOrphans(minimumAge: 0) == 0)
        let old = try reopened.open(bucket: "b", key: "k", version: .id(a.versionId!))
        #expect(StoreFixture.read(old) == Data("one".utf8))
    }

    @Test func tags_areKeptPerVersion() throws {
        let f = try StoreFixture()
        try f.store.setVersioning("b", .enabled)
        let a = try f.put("k", "one")
        _ = try f.put("k", "two")
        _ = try f.store.setTags(bucket: "b", key: "k", version: .id(a.versionId!), tags: [ObjectTag(key: "t", value: "1")])
        #expect(try f.store.head(bucket: "b", key: "k", version: .id(a.versionId!)).tags == [ObjectTag(key: "t", value: "1")])
        #expect(try f.store.head(bucket: "b", key: "k").tags.isEmpty)
    }

    @Test func malformedVersionId_isInvalid() throws {
        let f = try StoreFixture()
        #expect(throws: StorageError.invalidVersionId) { try f.store.head(bucket: "b", key: "k", version: .id("../etc")) }
        #expect(VersionID.sequence(of: VersionID.make(seq: 42)) == 42)
    }
}
