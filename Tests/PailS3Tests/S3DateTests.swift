import Foundation
import Testing
@testable import PailS3

@Suite struct S3DateTests {
    /// 2015-10-21T07:28:00Z
    let sample = Date(timeIntervalSince1970: 1_445_412_480)

    @Test func formatsEachWireForm() {
        #expect(S3Date.http(sample) == "Wed, 21 Oct 2015 07:28:00 GMT")
        #expect(S3Date.iso8601(sample.addingTimeInterval(0.0429)) == "2015-10-21T07:28:00.042Z")
        #expect(S3Date.iso8601Seconds(sample) == "2015-10-21T07:28:00Z")
        #expect(S3Date.amz(Date(timeIntervalSince1970: 1_369_353_600)) == "20130524T000000Z")
        #expect(S3Date.http(Date(timeIntervalSince1970: 0)) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(S3Date.iso8601(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00.000Z")
    }

    @Test func parsesAllThreeHTTPForms() {
        let t = Date(timeIntervalSince1970: 784_111_777)   // Sun, 06 Nov 1994 08:49:37 GMT
        #expect(S3Date.parseHTTP("Sun, 06 Nov 1994 08:49:37 GMT") == t)
        #expect(S3Date.parseHTTP("Sunday, 06-Nov-94 08:49:37 GMT") == t)
        #expect(S3Date.parseHTTP("Sun Nov  6 08:49:37 1994") == t)
        #expect(S3Date.parseHTTP("Wed Oct 21 07:28:00 2015") == sample)
    }

    @Test func rejectsMalformedDates() {
        #expect(S3Date.parseHTTP("Sun, 06 Nov 1994 08:49:37 UTC") == nil)
        #expect(S3Date.parseHTTP("Sun, 31 Feb 1994 08:49:37 GMT") == nil)
        #expect(S3Date.parseHTTP("") == nil)
        #expect(S3Date.parseISO8601("2015-10-21 07:28:00Z") == nil)
        #expect(S3Date.parseISO8601("2015-10-21T07:28:00.Z") == nil)
        #expect(S3Date.parseAmz("20130524T000000") == nil)
        #expect(S3Date.parseAmz("20131324T000000Z") == nil)
    }

    @Test func parsesISO8601WithAndWithoutFraction() {
        #expect(S3Date.parseISO8601("2015-10-21T07:28:00Z") == sample)
        let withMillis = S3Date.parseISO8601("2015-10-21T07:28:00.500Z")!
        #expect(abs(withMillis.timeIntervalSince(sample) - 0.5) < 1e-6)
        #expect(S3Date.parseAmz("20130524T000000Z") == Date(timeIntervalSince1970: 1_369_353_600))
    }

    @Test func roundTripsAcrossCenturies() {
        for t in stride(from: -2_000_000_000.0, through: 4_000_000_000.0, by: 12_345_678.9) {
            let d = Date(timeIntervalSince1970: t.rounded(.down))
            #expect(S3Date.parseHTTP(S3Date.http(d)) == d)
            #expect(S3Date.parseISO8601(S3Date.iso8601Seconds(d)) == d)
            #expect(S3Date.parseAmz(S3Date.amz(d)) == d)
        }
    }
}
