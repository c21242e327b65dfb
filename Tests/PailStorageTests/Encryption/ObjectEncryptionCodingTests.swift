import Foundation
import Testing
@testable import PailStorage

@Suite struct ObjectEncryptionCodingTests {
    static let full = ObjectEncryption(mode: .kms, kmsKeyARN: "arn:aws:kms:us-east-1:000000000000:key/k;1:2",
                                       kmsContext: "eyJhIjoiYiJ9", bucketKeyEnabled: true, wrappedKey: Array(0..<60),
                                       customerKeySalt: [9, 8], customerKeyCheck: [7], chunkSize: 4096, parts: [1, 3, 10000])

    @Test func compact_roundTripsEveryField() {
        #expect(ObjectEncryption(compact: Self.full.compact) == Self.full)
        let minimal = ObjectEncryption(mode: .customer, wrappedKey: [1])
        #expect(ObjectEncryption(compact: minimal.compact) == minimal)
    }

    @Test func compact_malformedOrIncomplete_decodesAsNil() {
        #expect(ObjectEncryption(compact: "") == nil)
        #expect(ObjectEncryption(compact: "x1;M6:AES256") == nil)
        #expect(ObjectEncryption(compact: "e1;M6:AES256") == nil)          // no wrapped key
        #expect(ObjectEncryption(compact: "e1;M6:AES256W4:AQID") == nil)   // no chunk size
        #expect(ObjectEncryption(compact: "e1;M6:AES256W4:AQIDC99:1") == nil)
    }

    @Test func metadataCoding_keepsEncryption_andUnencryptedMetadataStaysAsBefore() throws {
        var m = ObjectMetadata(contentType: "text/plain")
        let plain = try MetadataCoding.encode(m)
        m.encryption = Self.full
        let stored = try MetadataCoding.encode(m)
        #expect(MetadataCoding.decode(stored) == m)
        #expect(MetadataCoding.decode(plain).encryption == nil)
        #expect(plain == "m1;T10:text/plain")
    }
}
