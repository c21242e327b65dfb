import Testing
@testable import PailStorage

@Suite struct SegmentListTests {
    @Test func decode_readsEntriesInOrder() {
        let list = SegmentList(encoded: "objects/ab/abc:5;uploads/cd/cde:0;objects/ef/ef1:1234567890123")
        #expect(list.entries == [.init(file: "objects/ab/abc", length: 5), .init(file: "uploads/cd/cde", length: 0),
                                 .init(file: "objects/ef/ef1", length: 1_234_567_890_123)])
        #expect(list.files == ["objects/ab/abc", "uploads/cd/cde", "objects/ef/ef1"])
    }

    @Test func decode_skipsMalformedItems() {
        #expect(SegmentList(encoded: "").entries.isEmpty)
        #expect(SegmentList(encoded: ";;").entries.isEmpty)
        let list = SegmentList(encoded: "nolength;a:;b:x1;c:-1;d:99999999999999999999;e:f:7;g:2")
        #expect(list.entries == [.init(file: "e:f", length: 7), .init(file: "g", length: 2)])
    }

    @Test func decode_fromBytes_matchesString() {
        let encoded = "objects/00/0a:12;objects/ff/fe:0"
        let fromBytes = Array(encoded.utf8).withUnsafeBufferPointer { SegmentList(encoded: $0) }
        #expect(fromBytes == SegmentList(encoded: encoded))
        #expect(fromBytes.encoded == encoded)
    }
}
