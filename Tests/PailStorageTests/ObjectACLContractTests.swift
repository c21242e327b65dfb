import Foundation
import Testing
import PailS3
@testable import PailStorage

/// Object ACLs live in each version's stored metadata: written with the object, replaced by
/// `setACL`, kept per version, and never mixed into other metadata.
@Suite struct ObjectACLContractTests {
    static let owner = String(repeating: "a", count: 64)
    static let publicRead = CannedACL.publicRead.acl(owner: owner, bucketOwner: owner)

    @Test func aclWrittenWithTheObject_readsBack_andSurvivesReopen() throws {
        let f = try StoreFixture()
        try f.put("k", "x", metadata: ObjectMetadata(contentType: "text/plain", acl: Self.publicRead))
        #expect(try f.store.head(bucket: "b", key: "k").metadata.acl == Self.publicRead)
        #expect(try f.reopen().head(bucket: "b", key: "k").metadata.acl == Self.publicRead)
        #expect(try f.store.head(bucket: "b", key: "k").metadata.contentType == "text/plain")
    }

    @Test func setACL_replacesOneVersion_andNilRestoresTheDefault() throws {
        let f = try StoreFixture()
        try f.store.setVersioning("b", .enabled)
        let old = try f.put("k", "one")
        _ = try f.put("k", "two")
        _ = try f.store.setACL(bucket: "b", key: "k", version: .id(old.versionId!), acl: Self.publicRead)
        #expect(try f.store.head(bucket: "b", key: "k", version: .id(old.versionId!)).metadata.acl == Self.publicRead)
        #expect(try f.store.head(bucket: "b", key: "k").metadata.acl == nil)
        _ = try f.store.setACL(bucket: "b", key: "k", version: .latest, acl: Self.publicRead)
        #expect(try f.store.head(bucket: "b", key: "k").metadata.acl == Self.publicRead)
        _ = try f.store.setACL(bucket: "b", key: "k", version: .latest, acl: nil)
        #expect(try f.store.head(bucket: "b", key: "k").metadata.acl == nil)
    }

    @Test func setACL_onMissingKeyOrDeleteMarker_throwsAsHead() throws {
        let f = try StoreFixture()
        #expect(throws: StorageError.noSuchKey) { try f.store.setACL(bucket: "b", key: "nope", version: .latest, acl: nil) }
        #expect(throws: StorageError.noSuchBucket) { try f.store.setACL(bucket: "nob", key: "k", version: .latest, acl: nil) }
        try f.store.setVersioning("b", .enabled)
        try f.put("k", "x")
        let marker = try f.store.delete(bucket: "b", key: "k")
        #expect(throws: StorageError.noSuchKey) { try f.store.setACL(bucket: "b", key: "k", version: .latest, acl: nil) }
        #expect {
            try f.store.setACL(bucket: "b", key: "k", version: .id(marker.versionId!), acl: nil)
        } throws: { if case StorageError.isDeleteMarker = $0 { return true } else { return false } }
    }

    @Test func metadataCoding_roundTripsTheACL() throws {
        let m = ObjectMetadata(contentType: "a", acl: Self.publicRead)
        #expect(MetadataCoding.decode(try MetadataCoding.encode(m)) == m)
    }
}
