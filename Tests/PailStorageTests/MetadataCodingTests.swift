import Foundation
import Testing
@testable import PailStorage

@Suite struct MetadataCodingTests {
    static let full = ObjectMetadata(
        contentType: "text/plain; charset=utf-8", contentEncoding: "gzip", contentDisposition: "attachment; filename=\"a:b.txt\"",
        contentLanguage: "de", cacheControl: "max-age=60", expires: "Wed, 21 Oct 2015 07:28:00 GMT",
        user: [UserMetadataEntry(name: "b", value: "12:34\nT5:x"), UserMetadataEntry(name: "a", value: ""),
               UserMetadataEntry(name: "b", value: "ünïcødé 🎉")],
        checksums: ["crc32": "AAAAAA==", "sha256": "abc-3"], checksumType: "COMPOSITE", storageClass: "STANDARD")

    @Test func encode_thenDecode_roundTripsEveryFieldIncludingDelimitersInValues() throws {
        let text = try MetadataCoding.encode(Self.full)
        #expect(text?.hasPrefix("m1;") == true)
        #expect(MetadataCoding.decode(text) == Self.full)
    }

    @Test func emptyMetadata_isStoredAsNull() throws {
        #expect(try MetadataCoding.encode(ObjectMetadata()) == nil)
        #expect(MetadataCoding.decode(nil) == ObjectMetadata())
    }

    @Test func jsonRowsFromEarlierVersions_stillDecode() throws {
        let json = String(decoding: try JSONEncoder().encode(Self.full), as: UTF8.self)
        #expect(MetadataCoding.decode(json) == Self.full)
    }

    @Test func unknownTags_areSkipped_andATruncatedTailKeepsWhatWasRead() {
        #expect(MetadataCoding.decode("m1;Q3:zzzT4:text") == ObjectMetadata(contentType: "text"))
        #expect(MetadataCoding.decode("m1;T4:textE99:gz") == ObjectMetadata(contentType: "text"))
    }
}
