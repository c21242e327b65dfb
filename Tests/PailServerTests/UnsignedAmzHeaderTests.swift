import PailHTTP
import PailS3
import Testing
@testable import PailServer

/// Every `x-amz-*` header must be covered by the signature (found by the e2e signature mutation table:
/// an unsigned `x-amz-meta-*` header was stored).
@Suite struct UnsignedAmzHeaderTests {
    static func check(_ fields: [(name: String, value: String)], signed: [String]) -> S3Error? {
        do {
            try SigV4Authenticator.requireAmzHeadersSigned(HTTPHeaders(fields), signed: signed)
            return nil
        } catch let e as S3Error {
            return e
        } catch {
            return S3Error.internalError()
        }
    }

    @Test func unsignedAmzHeader_isRefusedWithAccessDenied_namingIt() throws {
        let e = try #require(Self.check([("Host", "h"), ("X-Amz-Meta-Color", "red"), ("x-amz-copy-source", "/b/k"),
                                         ("x-amz-meta-color", "blue")], signed: ["host"]))
        #expect(e.code == "AccessDenied" && e.status == 403)
        #expect(e.message == "There were headers present in the request which were not signed")
        #expect(e.details.first { $0.0 == "HeadersNotSigned" }?.1 == "x-amz-meta-color, x-amz-copy-source")
    }

    @Test func signedAndExemptHeaders_pass() {
        // The payload hash and the date are in the string to sign whether listed or not; CloudFront adds x-amz-cf-id.
        #expect(Self.check([("Host", "h"), ("X-Amz-Meta-A", "1"), ("x-amz-content-sha256", "UNSIGNED-PAYLOAD"),
                            ("X-Amz-Date", "20130524T000000Z"), ("x-amz-cf-id", "abc"), ("x-amzfoo", "not an amz header"),
                            ("Content-Type", "text/plain")], signed: ["host", "x-amz-meta-a"]) == nil)
    }
}
