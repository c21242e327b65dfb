import Testing
@testable import PailStorage

@Suite struct KeyBoundsTests {
    @Test func upperBound_incrementsLastByte_skippingFF() {
        #expect(KeyBounds.upperBound(ofPrefix: Array("ab".utf8)) == Array("ac".utf8))
        #expect(KeyBounds.upperBound(ofPrefix: [0x61, 0xFF]) == [0x62])
        #expect(KeyBounds.upperBound(ofPrefix: []) == nil)
        #expect(KeyBounds.upperBound(ofPrefix: [0xFF]) == nil)
    }

    @Test func commonPrefix_findsFirstDelimiterAfterPrefix() {
        let key = Array("a/b/c".utf8)
        #expect(KeyBounds.commonPrefix(of: key, prefixLength: 0, delimiter: Array("/".utf8)) == Array("a/".utf8))
        #expect(KeyBounds.commonPrefix(of: key, prefixLength: 2, delimiter: Array("/".utf8)) == Array("a/b/".utf8))
        #expect(KeyBounds.commonPrefix(of: key, prefixLength: 4, delimiter: Array("/".utf8)) == nil)
        #expect(KeyBounds.commonPrefix(of: key, prefixLength: 0, delimiter: []) == nil)
    }

    @Test func segmentList_roundTrips() {
        let list = SegmentList(entries: [.init(file: "objects/ab/abc", length: 5), .init(file: "uploads/cd/cde", length: 0)])
        #expect(SegmentList(encoded: list.encoded) == list)
    }
}
