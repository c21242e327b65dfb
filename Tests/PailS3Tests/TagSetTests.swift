import Foundation
import Testing
@testable import PailS3

@Suite struct TagSetTests {
    static func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

    static func error(_ body: () throws -> Void) -> S3Error? {
        do { try body(); return nil } catch let e as S3Error { return e } catch { return nil }
    }

    static func tags(_ pairs: [(String, String)]) -> TagSet { TagSet(pairs.map { Tag(key: $0.0, value: $0.1) }) }

    // MARK: XML

    @Test func parseXML_keepsOrderSpacesAndEmptyValues() throws {
        let body = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
              <TagSet>
                <Tag><Key>z</Key><Value>last &amp; first</Value></Tag>
                <Tag><Key> a b </Key><Value></Value></Tag>
                <Tag><Key>c</Key><Value/></Tag>
              </TagSet>
            </Tagging>
            """
        let set = try TagSet.parseXML(Self.bytes(body))
        #expect(set == Self.tags([("z", "last & first"), (" a b ", ""), ("c", "")]))
        #expect(set[" a b "] == "")
        #expect(set["missing"] == nil)
    }

    @Test func parseXML_emptyTagSet_isNoTags() throws {
        #expect(try TagSet.parseXML(Self.bytes("<Tagging><TagSet/></Tagging>")).isEmpty)
    }

    @Test func parseXML_badShapes_areMalformedXML() {
        let bodies = [
            "not xml",
            "<Tagging></Tagging>",
            "<Other><TagSet/></Other>",
            "<Tagging><TagSet/><TagSet/></Tagging>",
            "<Tagging><TagSet><Tag><Key>k</Key></Tag></TagSet></Tagging>",
            "<Tagging><TagSet><Tag><Value>v</Value></Tag></TagSet></Tagging>",
            "<Tagging><TagSet><Tag><Key>k</Key><Key>j</Key><Value>v</Value></Tag></TagSet></Tagging>",
            "<Tagging><TagSet><Tag><Key>k</Key><Value>v</Value><Extra/></Tag></TagSet></Tagging>",
            "<Tagging><TagSet><Other/></TagSet></Tagging>",
            "<Tagging><TagSet><Tag><Key><b>k</b></Key><Value>v</Value></Tag></TagSet></Tagging>",
            "<Tagging>text<TagSet/></Tagging>",
        ]
        for body in bodies {
            #expect(Self.error { _ = try TagSet.parseXML(Self.bytes(body)) }?.code == "MalformedXML", "\(body)")
        }
    }

    @Test func xmlBody_rendersS3Document_andRoundTrips() throws {
        let set = Self.tags([("k&1", "v<1>"), ("k2", "")])
        let xml = String(decoding: set.xmlBody(), as: UTF8.self)
        #expect(xml == #"<?xml version="1.0" encoding="UTF-8"?><Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><TagSet><Tag><Key>k&amp;1</Key><Value>v&lt;1&gt;</Value></Tag><Tag><Key>k2</Key><Value></Value></Tag></TagSet></Tagging>"#)
        #expect(try TagSet.parseXML(set.xmlBody()) == set)
        #expect(String(decoding: TagSet().xmlBody(), as: UTF8.self).hasSuffix("<TagSet></TagSet></Tagging>"))
    }

    // MARK: Header

    @Test func parseHeader_decodesPercentAndPlus() throws {
        let set = try TagSet.parseHeader("project=blue%20sky&team=a+b&plus=1%2B1&path=a%2Fb&%C3%A9t%C3%A9=%E2%82%AC")
        #expect(set == Self.tags([("project", "blue sky"), ("team", "a b"), ("plus", "1+1"), ("path", "a/b"), ("été", "€")]))
    }

    @Test func parseHeader_emptyValuesAndEmptyPairs() throws {
        #expect(try TagSet.parseHeader("a=&b&c=1") == Self.tags([("a", ""), ("b", ""), ("c", "1")]))
        #expect(try TagSet.parseHeader("a=1&&b=2&") == Self.tags([("a", "1"), ("b", "2")]))
        #expect(try TagSet.parseHeader("a=b=c") == Self.tags([("a", "b=c")]))
        #expect(try TagSet.parseHeader("").isEmpty)
    }

    @Test func parseHeader_badEscapeOrDuplicate_isInvalidArgument() {
        for header in ["a=%zz", "a=%E2%82", "a%=1", "a=1&a=2", "a+b=1&a%20b=2"] {
            let e = Self.error { _ = try TagSet.parseHeader(header) }
            #expect(e?.code == "InvalidArgument", "\(header)")
            #expect(e?.message == "The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.")
            #expect(e?.details.first { $0.0 == "ArgumentName" }?.1 == "x-amz-tagging")
            #expect(e?.details.first { $0.0 == "ArgumentValue" }?.1 == header)
        }
    }

    @Test func headerValue_encodesAndRoundTrips() throws {
        let set = Self.tags([("blue sky", "1+1=2"), ("a/b", ""), ("été", "€&=")])
        #expect(set.headerValue == "blue%20sky=1%2B1%3D2&a%2Fb=&%C3%A9t%C3%A9=%E2%82%AC%26%3D")
        #expect(try TagSet.parseHeader(set.headerValue) == set)
        #expect(TagSet().headerValue == "")
    }

    // MARK: Validation

    @Test func validate_acceptsLimits() throws {
        let ten = TagSet((1...10).map { Tag(key: "k\($0)", value: "") })
        try ten.validate(for: .object)
        let fifty = TagSet((1...50).map { Tag(key: "k\($0)", value: "v") })
        try fifty.validate(for: .bucket)
        try Self.tags([(String(repeating: "k", count: 128), String(repeating: "v", count: 256))]).validate(for: .object)
        try TagSet().validate(for: .bucket)
        try Self.tags([("something:aws:stuff", "fine"), ("AWS-ish", "x")]).validate(for: .bucket)
    }

    @Test func validate_tooManyTags_isBadRequest() {
        let eleven = TagSet((1...11).map { Tag(key: "k\($0)", value: "") })
        let e = Self.error { try eleven.validate(for: .object) }
        #expect(e?.code == "BadRequest" && e?.status == 400)
        #expect(e?.message == "Object tags cannot be greater than 10")
        try? eleven.validate(for: .bucket)
        #expect(Self.error { try eleven.validate(for: .bucket) } == nil)
        let fiftyOne = TagSet((1...51).map { Tag(key: "k\($0)", value: "") })
        #expect(Self.error { try fiftyOne.validate(for: .bucket) }?.message == "Bucket tag count cannot be greater than 50")
    }

    @Test func validate_keyLength_countsUTF16Units() {
        let e = Self.error { try Self.tags([(String(repeating: "k", count: 129), "")]).validate(for: .object) }
        #expect(e?.code == "InvalidTag")
        #expect(e?.message == "The TagKey you have provided is invalid")
        #expect(Self.error { try Self.tags([("", "v")]).validate(for: .object) }?.code == "InvalidTag")
        // 64 characters outside the BMP are 128 UTF-16 units; 65 are too many.
        #expect(Self.error { try Self.tags([(String(repeating: "😀", count: 64), "")]).validate(for: .object) } == nil)
        #expect(Self.error { try Self.tags([(String(repeating: "😀", count: 65), "")]).validate(for: .object) }?.code == "InvalidTag")
    }

    @Test func validate_valueTooLong_isInvalidTag() {
        let e = Self.error { try Self.tags([("k", String(repeating: "v", count: 257))]).validate(for: .object) }
        #expect(e?.code == "InvalidTag")
        #expect(e?.message == "The TagValue you have provided is invalid")
        #expect(e?.details.first { $0.0 == "TagKey" }?.1 == "k")
    }

    @Test func validate_awsPrefix_isInvalidTag() {
        let object = Self.error { try Self.tags([("aws:foo", "bar")]).validate(for: .object) }
        #expect(object?.code == "InvalidTag")
        #expect(object?.message == "Your TagKey cannot be prefixed with aws:")
        let bucket = Self.error { try Self.tags([("aws:foo", "bar")]).validate(for: .bucket) }
        #expect(bucket?.code == "InvalidTag")
        #expect(bucket?.message == "System tags cannot be added/updated by requester")
    }

    @Test func validate_duplicateKeys_isInvalidTag() {
        let e = Self.error { try Self.tags([("a", "1"), ("b", "2"), ("a", "3")]).validate(for: .object) }
        #expect(e?.code == "InvalidTag" && e?.status == 400)
        #expect(e?.message == "Cannot provide multiple Tags with the same key")
        #expect(e?.details.first { $0.0 == "TagKey" }?.1 == "a")
    }

    // MARK: Storage

    @Test func codable_isAPlainArray_andRoundTrips() throws {
        let set = Self.tags([("b", "2"), ("a", "")])
        let json = try JSONEncoder().encode(set)
        let any = try JSONSerialization.jsonObject(with: json) as? [[String: String]]
        #expect(any == [["key": "b", "value": "2"], ["key": "a", "value": ""]])
        #expect(try JSONDecoder().decode(TagSet.self, from: json) == set)
    }
}
