import Foundation
import PailClient
import PailHTTP
import PailS3
import Testing

@Suite struct BackoffScheduleTests {
    @Test func dovecotScheduleIs50msThenTimesTenCappedAt10s() {
        let d = (1...6).map { BackoffSchedule.dovecot.delay(retry: $0, random: 0.3) }
        #expect(d.map { ($0 * 1000).rounded() } == [50, 500, 5000, 10000, 10000, 10000])
    }

    @Test func standardScheduleIsFullJitterOfCappedPowersOfTwo() {
        let s = BackoffSchedule.standard()
        #expect((1...7).map { s.delay(retry: $0, random: 1.0) } == [1, 2, 4, 8, 16, 20, 20])
        #expect(s.delay(retry: 3, random: 0.25) == 1)
        #expect(s.delay(retry: 1, random: 0) == 0)
    }

    @Test func retryClassificationFollowsTheRules() {
        func e(_ code: String, _ status: Int?) -> S3ClientError { S3ClientError(code: code, message: "", status: status) }
        #expect(RetryPolicy.isRetryable(e("SlowDown", 503)))
        #expect(RetryPolicy.isRetryable(e("InternalError", 500)))
        #expect(RetryPolicy.isRetryable(e("Locked", 423)))
        #expect(RetryPolicy.isRetryable(e("RequestTimeout", 400)))
        #expect(RetryPolicy.isRetryable(e("NetworkError", nil)))
        #expect(RetryPolicy.isRetryable(e("ChecksumMismatch", nil)))
        #expect(!RetryPolicy.isRetryable(e("NoSuchKey", 404)))
        #expect(!RetryPolicy.isRetryable(e("AccessDenied", 403)))
        #expect(!RetryPolicy.isRetryable(e("InvalidArgument", 400)))
    }
}

@Suite struct SignerVectorTests {
    // AWS "Signature Calculations for the Authorization Header", example GET Object with a range.
    static let creds = AWSCredentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    static let date = S3Date.parseAmz("20130524T000000Z")!

    @Test func headerSignatureMatchesAWSExample() {
        var h = HTTPHeaders()
        h.add("Host", "examplebucket.s3.amazonaws.com")
        h.add("Range", "bytes=0-9")
        SigV4Signer.sign(method: "GET", rawPath: "/test.txt", rawQuery: "", headers: &h, payloadHash: SigV4.emptySHA256,
                         credentials: Self.creds, region: "us-east-1", service: "s3", date: Self.date)
        #expect(h["Authorization"] == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
    }

    // AWS "Authenticating Requests: Using Query Parameters", example presigned GET.
    @Test func presignedSignatureMatchesAWSExample() {
        let q = SigV4Signer.presignQuery(method: "GET", rawPath: "/test.txt", rawQuery: "", host: "examplebucket.s3.amazonaws.com",
                                         expires: 86400, credentials: Self.creds, region: "us-east-1", date: Self.date)
        #expect(q.hasSuffix("X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"))
    }

    @Test func sharedFilesParseProfilesAndNestedS3Settings() {
        let ini = """
        [default]
        aws_access_key_id = AK1
        aws_secret_access_key = SK1
        [profile dev]
        region = eu-west-1
        s3 =
            addressing_style = virtual
        """
        let parsed = Dictionary(uniqueKeysWithValues: SharedConfigFiles.parseINI(ini))
        #expect(parsed["default"]?["aws_access_key_id"] == "AK1")
        #expect(parsed["profile dev"]?["s3.addressing_style"] == "virtual")
        #expect(parsed["profile dev"]?["region"] == "eu-west-1")
    }

    @Test func endpointParsingKeepsPortsAndIPv6() {
        #expect(HTTPEndpoint("http://127.0.0.1:9000")?.port == 9000)
        #expect(HTTPEndpoint("https://s3.amazonaws.com")?.port == 443)
        #expect(HTTPEndpoint("http://[::1]:8080/base/")?.host == "::1")
        #expect(HTTPEndpoint("http://[::1]:8080/base/")?.basePath == "/base")
        #expect(HTTPEndpoint("ftp://x") == nil)
    }
}
