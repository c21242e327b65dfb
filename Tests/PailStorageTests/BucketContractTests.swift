import Foundation
import Testing
@testable import PailStorage

@Suite struct BucketContractTests {
    @Test func createBucket_thenBucket_returnsRecordWithClockTime() throws {
        let f = try StoreFixture(bucket: nil)
        try f.store.createBucket("alpha", owner: "o1", region: "eu-west-1")
        let info = try f.store.bucket("alpha")
        #expect(info.name == "alpha" && info.owner == "o1" && info.region == "eu-west-1")
        #expect(abs(info.created.timeIntervalSince(f.now)) < 0.001)
    }

    @Test func createBucket_whenNameTaken_throwsAlreadyExistsWithOwner() throws {
        let f = try StoreFixture(bucket: nil)
        try f.store.createBucket("alpha", owner: "o1", region: "r")
        #expect(throws: StorageError.bucketAlreadyExists(owner: "o1")) {
            try f.store.createBucket("alpha", owner: "o2", region: "r")
        }
    }

    @Test func listBuckets_returnsAllSortedByName() throws {
        let f = try StoreFixture(bucket: nil)
        for name in ["zeta", "alpha", "mid"] { try f.store.createBucket(name, owner: "o", region: "r") }
        #expect(try f.store.listBuckets().map(\.name) == ["alpha", "mid", "zeta"])
    }

    @Test func bucket_whenMissing_throwsNoSuchBucket() throws {
        let f = try StoreFixture(bucket: nil)
        #expect(throws: StorageError.noSuchBucket) { try f.store.bucket("nope") }
        #expect(throws: StorageError.noSuchBucket) { try f.store.deleteBucket("nope") }
    }

    /// `bucket` answers from a cache after the first read; changes must reach it.
    @Test func bucket_afterDeleteAndRecreate_seesEachChange() throws {
        let f = try StoreFixture(bucket: nil)
        try f.store.createBucket("alpha", owner: "o1", region: "r1")
        #expect(try f.store.bucket("alpha").owner == "o1")
        #expect(try f.store.bucket("alpha").owner == "o1")
        try f.store.deleteBucket("alpha")
        #expect(throws: StorageError.noSuchBucket) { try f.store.bucket("alpha") }
        #expect(throws: StorageError.noSuchBucket) { try f.store.makeWriter(bucket: "alpha") }
        try f.store.createBucket("alpha", owner: "o2", region: "r2")
        let info = try f.store.bucket("alpha")
        #expect(info.owner == "o2" && info.region == "r2")
    }

    @Test func bucketCache_refusesARecordReadBeforeAChange() {
        let cache = BucketCache()
        let (_, generation) = cache.lookup("alpha")
        cache.invalidate("alpha")
        cache.insert(BucketInfo(name: "alpha", created: Date(), owner: "old", region: "r"), readAt: generation)
        #expect(cache.lookup("alpha").0 == nil)
        let (_, current) = cache.lookup("alpha")
        cache.insert(BucketInfo(name: "alpha", created: Date(), owner: "new", region: "r"), readAt: current)
        #expect(cache.lookup("alpha").0?.owner == "new")
    }

    @Test func deleteBucket_whenEmpty_removesIt() throws {
        let f = try StoreFixture()
        try f.store.deleteBucket("b")
        #expect(throws: StorageError.noSuchBucket) { try f.store.bucket("b") }
        #expect(try f.store.listBuckets().isEmpty)
    }

    @Test func deleteBucket_withObject_throwsNotEmpty() throws {
        let f = try StoreFixture()
        try f.put("k", "v")
        #expect(throws: StorageError.bucketNotEmpty) { try f.store.deleteBucket("b") }
        try f.store.delete(bucket: "b", key: "k")
        try f.store.deleteBucket("b")
    }

    @Test func deleteBucket_withUpload_throwsNotEmpty() throws {
        let f = try StoreFixture()
        let upload = try f.store.createUpload(bucket: "b", key: "k", metadata: ObjectMetadata(),
                                              checksumAlgorithm: nil, checksumType: nil, owner: "o")
        #expect(throws: StorageError.bucketNotEmpty) { try f.store.deleteBucket("b") }
        try f.store.abortUpload(bucket: "b", uploadId: upload.uploadId)
        try f.store.deleteBucket("b")
    }

    @Test func operationsOnMissingBucket_throwNoSuchBucket() throws {
        let f = try StoreFixture()
        let s = f.store
        #expect(throws: StorageError.noSuchBucket) { try s.makeWriter(bucket: "x") }
        #expect(throws: StorageError.noSuchBucket) { try s.head(bucket: "x", key: "k") }
        #expect(throws: StorageError.noSuchBucket) { try s.open(bucket: "x", key: "k") }
        #expect(throws: StorageError.noSuchBucket) { try s.delete(bucket: "x", key: "k") }
        #expect(throws: StorageError.noSuchBucket) { try s.delete(bucket: "x", keys: ["k"]) }
        #expect(throws: StorageError.noSuchBucket) {
            try s.list(bucket: "x", prefix: "", delimiter: nil, after: nil, maxKeys: 10)
        }
        #expect(throws: StorageError.noSuchBucket) {
            try s.createUpload(bucket: "x", key: "k", metadata: ObjectMetadata(), checksumAlgorithm: nil,
                               checksumType: nil, owner: "o")
        }
        #expect(throws: StorageError.noSuchBucket) {
            try s.listUploads(bucket: "x", prefix: "", keyMarker: nil, uploadIdMarker: nil, max: 10)
        }
    }

    @Test func commit_whenBucketDeletedMeanwhile_throwsNoSuchBucket() throws {
        let f = try StoreFixture()
        let writer = try f.store.makeWriter(bucket: "b")
        try f.store.deleteBucket("b")
        #expect(throws: StorageError.noSuchBucket) {
            try writer.commit(key: "k", etag: "e", metadata: ObjectMetadata(), condition: .none)
        }
        writer.abort()
        #expect(f.dataFiles().isEmpty)
    }
}
