import Testing
@testable import PailS3

/// `SigV4Presigned.parse` reads the parameters in one pass; these pin what the earlier
/// `first(where:)` lookups did.
@Suite struct PresignedParseTests {
    static let base: [(String, String)] = [
        ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
        ("X-Amz-Credential", "AK/with/slash/20130524/us-east-1/s3/aws4_request"),
        ("X-Amz-Date", "20130524T000000Z"),
        ("X-Amz-Expires", "86400"),
        ("X-Amz-SignedHeaders", "Host;;X-Amz-Meta-A;"),
        ("X-Amz-Signature", "AEEED9BBCCD4D02EE5C0109B86D86835F995330DA4C265957D157751F604D404"),
    ]

    @Test func firstOccurrenceWins_namesAreCaseSensitive_andValuesAreNormalised() throws {
        var q = Self.base
        q.append(("X-Amz-Expires", "1"))
        q.append(("x-amz-date", "garbage"))
        q.append(("X-Amz-Security-Token", "token1"))
        q.append(("X-Amz-Security-Token", "token2"))
        let p = try SigV4Presigned.parse(query: q)
        #expect(p.accessKey == "AK/with/slash" && p.date == "20130524" && p.region == "us-east-1" && p.service == "s3")
        #expect(p.scope == "20130524/us-east-1/s3/aws4_request")
        #expect(p.expires == 86400)
        #expect(p.amzDate == "20130524T000000Z")
        #expect(p.signedHeaders == ["host", "x-amz-meta-a"])
        #expect(p.signature == "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404")
        #expect(p.securityToken == "token1")
    }

    @Test func eachMissingParameter_givesTheSameError() {
        for i in Self.base.indices {
            var q = Self.base
            q.remove(at: i)
            #expect(throws: S3Error.authorizationQueryParametersError("Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.")) {
                try SigV4Presigned.parse(query: q)
            }
        }
    }

    @Test func malformedValues_giveTheirErrorsInOrder() {
        func error(_ index: Int, _ value: String) -> String? {
            var q = Self.base
            q[index].1 = value
            do { _ = try SigV4Presigned.parse(query: q); return nil } catch let e as S3Error { return e.message } catch { return "\(error)" }
        }
        #expect(error(0, "AWS4-HMAC-SHA1") == "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"")
        #expect((error(1, "AK/20130524/us-east-1/s3/aws4") ?? "").contains("Credential is mal-formed"))
        #expect((error(1, "AK/2013052x/us-east-1/s3/aws4_request") ?? "").contains("Credential is mal-formed"))
        #expect(error(2, "20130524T000000") == "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"")
        #expect(error(3, "x") == "X-Amz-Expires should be a number")
        #expect(error(3, "-1") == "X-Amz-Expires must be non-negative")
        #expect(error(3, "0") == "X-Amz-Expires must be less than a week (in seconds) that is 604800")
        #expect(error(4, ";;") == "X-Amz-SignedHeaders must not be empty")
        #expect(error(5, String(repeating: "g", count: 64)) == "X-Amz-Signature must be 64 hexadecimal digits")
        #expect(error(5, String(repeating: "a", count: 63)) == "X-Amz-Signature must be 64 hexadecimal digits")
    }
}
