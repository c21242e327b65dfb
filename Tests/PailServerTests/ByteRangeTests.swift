import Testing
import PailS3
@testable import PailServer

@Suite struct ByteRangeTests {
    @Test func closedRangeWithinObjectIsServedExactly() throws {
        #expect(try ByteRange.parse("bytes=0-9", size: 100) == ByteRange(start: 0, length: 10))
    }

    @Test func endBeyondObjectIsClampedToLastByte() throws {
        #expect(try ByteRange.parse("bytes=90-200", size: 100) == ByteRange(start: 90, length: 10))
    }

    @Test func openEndedRangeRunsToEnd() throws {
        #expect(try ByteRange.parse("bytes=95-", size: 100) == ByteRange(start: 95, length: 5))
    }

    @Test func suffixRangeTakesLastBytes() throws {
        #expect(try ByteRange.parse("bytes=-10", size: 100) == ByteRange(start: 90, length: 10))
        #expect(try ByteRange.parse("bytes=-1000", size: 100) == ByteRange(start: 0, length: 100))
    }

    @Test func startAtOrBeyondSizeIsInvalidRange() {
        #expect(throws: S3Error.self) { try ByteRange.parse("bytes=100-", size: 100) }
        #expect(throws: S3Error.self) { try ByteRange.parse("bytes=0-0", size: 0) }
    }

    @Test func malformedOrMultipleRangesAreIgnored() throws {
        #expect(try ByteRange.parse("bytes=0-1,5-6", size: 100) == nil)
        #expect(try ByteRange.parse("items=0-1", size: 100) == nil)
        #expect(try ByteRange.parse("bytes=5-1", size: 100) == nil)
        #expect(try ByteRange.parse("bytes=a-b", size: 100) == nil)
    }
}
