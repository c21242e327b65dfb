import Testing
@testable import PailS3

/// Examples from AWS "Signature Calculations for the Authorization Header: Transferring Payload in a
/// Single Chunk" (sig-v4-header-based-auth.html).
@Suite struct SigV4Tests {
    static let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    static let key = SigV4.signingKey(secret: secret, date: "20130524", region: "us-east-1", service: "s3")
    static let scope = "20130524/us-east-1/s3/aws4_request"

    @Test func getObjectWithRangeMatchesAWSExample() throws {
        let headers: [(name: String, value: String)] = [
            ("Host", "examplebucket.s3.amazonaws.com"),
            ("Range", "bytes=0-9"),
            ("x-amz-content-sha256", SigV4.emptySHA256),
            ("x-amz-date", "20130524T000000Z"),
        ]
        let signed = ["host", "range", "x-amz-content-sha256", "x-amz-date"]
        let uri = try #require(SigV4.canonicalURI(rawPath: "/test.txt"))
        let query = try #require(SigV4.canonicalQuery(rawQuery: ""))
        let canonicalHeaders = try #require(SigV4.canonicalHeaders(headers, signed: signed))
        let request = SigV4.canonicalRequest(method: "GET", canonicalURI: uri, canonicalQuery: query,
                                             canonicalHeaders: canonicalHeaders, signedHeaders: signed.joined(separator: ";"),
                                             payloadHash: SigV4.emptySHA256)
        #expect(request == """
            GET
            /test.txt

            host:examplebucket.s3.amazonaws.com
            range:bytes=0-9
            x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            x-amz-date:20130524T000000Z

            host;range;x-amz-content-sha256;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """)
        let sts = SigV4.stringToSign(amzDate: "20130524T000000Z", scope: Self.scope, canonicalRequest: request)
        #expect(sts == """
            AWS4-HMAC-SHA256
            20130524T000000Z
            20130524/us-east-1/s3/aws4_request
            7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972
            """)
        #expect(SigV4.signature(key: Self.key, stringToSign: sts) == "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
    }

    @Test func getBucketLifecycleMatchesAWSExample() throws {
        let headers: [(name: String, value: String)] = [
            ("host", "examplebucket.s3.amazonaws.com"),
            ("x-amz-date", "20130524T000000Z"),
            ("x-amz-content-sha256", SigV4.emptySHA256),
        ]
        let signed = ["host", "x-amz-content-sha256", "x-amz-date"]
        let request = SigV4.canonicalRequest(
            method: "GET", canonicalURI: try #require(SigV4.canonicalURI(rawPath: "/")),
            canonicalQuery: try #require(SigV4.canonicalQuery(rawQuery: "lifecycle")),
            canonicalHeaders: try #require(SigV4.canonicalHeaders(headers, signed: signed)),
            signedHeaders: signed.joined(separator: ";"), payloadHash: SigV4.emptySHA256)
        let sts = SigV4.stringToSign(amzDate: "20130524T000000Z", scope: Self.scope, canonicalRequest: request)
        #expect(SigV4.signature(key: Self.key, stringToSign: sts) == "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543")
    }

    @Test func listObjectsMatchesAWSExample() throws {
        let headers: [(name: String, value: String)] = [
            ("host", "examplebucket.s3.amazonaws.com"),
            ("x-amz-date", "20130524T000000Z"),
            ("x-amz-content-sha256", SigV4.emptySHA256),
        ]
        let signed = ["host", "x-amz-content-sha256", "x-amz-date"]
        let query = try #require(SigV4.canonicalQuery(rawQuery: "prefix=J&max-keys=2"))
        #expect(query == "max-keys=2&prefix=J")
        let request = SigV4.canonicalRequest(
            method: "GET", canonicalURI: "/", canonicalQuery: query,
            canonicalHeaders: try #require(SigV4.canonicalHeaders(headers, signed: signed)),
            signedHeaders: signed.joined(separator: ";"), payloadHash: SigV4.emptySHA256)
        let sts = SigV4.stringToSign(amzDate: "20130524T000000Z", scope: Self.scope, canonicalRequest: request)
        #expect(SigV4.signature(key: Self.key, stringToSign: sts) == "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7")
    }

    @Test func canonicalURIDecodesOnceAndKeepsDotSegments() {
        #expect(SigV4.canonicalURI(rawPath: "/b/a%20b%2Bc/d~e%21f") == "/b/a%20b%2Bc/d~e%21f")
        #expect(SigV4.canonicalURI(rawPath: "/b/a b+c/d~e!f") == "/b/a%20b%2Bc/d~e%21f")
        #expect(SigV4.canonicalURI(rawPath: "/b/./x/../y//z") == "/b/./x/../y//z")
        #expect(SigV4.canonicalURI(rawPath: "/b/%2541") == "/b/%2541")
        #expect(SigV4.canonicalURI(rawPath: "/b/%e2%82%ac") == "/b/%E2%82%AC")
        #expect(SigV4.canonicalURI(rawPath: "/b/%zz") == nil)
        #expect(SigV4.canonicalURI(rawPath: "/b/%ff") == nil)
    }

    @Test func canonicalQuerySortsEncodesAndExcludes() {
        #expect(SigV4.canonicalQuery(rawQuery: "uploads") == "uploads=")
        #expect(SigV4.canonicalQuery(rawQuery: "b=2&a=2&a=1&c") == "a=1&a=2&b=2&c=")
        #expect(SigV4.canonicalQuery(rawQuery: "prefix=a/b c&x=a+b") == "prefix=a%2Fb%20c&x=a%2Bb")
        #expect(SigV4.canonicalQuery(rawQuery: "X-Amz-Signature=abc&X-Amz-Date=1", excluding: ["X-Amz-Signature"]) == "X-Amz-Date=1")
        #expect(SigV4.canonicalQuery(rawQuery: "a=%G1") == nil)
    }

    @Test func canonicalHeadersJoinTrimAndCollapse() {
        let headers: [(name: String, value: String)] = [
            ("My-Header", "  a   b  "), ("my-header", "c"), ("Host", "h:9000"),
        ]
        #expect(SigV4.canonicalHeaders(headers, signed: ["host", "my-header"]) == "host:h:9000\nmy-header:a b,c\n")
        #expect(SigV4.canonicalHeaders(headers, signed: ["host", "range"]) == nil)
    }

    @Test func parsesAuthorizationWithAndWithoutSpaces() throws {
        let sig = "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"
        let a = try SigV4Authorization.parse(header: "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=\(sig)")
        #expect(a.accessKey == "AKIAIOSFODNN7EXAMPLE")
        #expect(a.date == "20130524")
        #expect(a.region == "us-east-1")
        #expect(a.service == "s3")
        #expect(a.scope == Self.scope)
        #expect(a.signedHeaders == ["host", "range", "x-amz-content-sha256", "x-amz-date"])
        #expect(a.signature == sig)
        let b = try SigV4Authorization.parse(header: "AWS4-HMAC-SHA256 Signature=\(sig),Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date")
        #expect(a == b)
    }

    @Test func malformedAuthorizationThrowsHeaderMalformed() {
        let sig = String(repeating: "a", count: 64)
        let bad = [
            "AWS4-HMAC-SHA256 Credential=AK/20130524/us-east-1/s3/aws4_request, SignedHeaders=host",
            "AWS4-HMAC-SHA256 Credential=AK/20130524/us-east-1/s3, SignedHeaders=host, Signature=\(sig)",
            "AWS4-HMAC-SHA256 Credential=AK/2013052/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=\(sig)",
            "AWS4-HMAC-SHA256 Credential=AK/20130524/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=xyz",
            "AWS4-HMAC-SHA256 Credential=AK/20130524/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=\(sig), Bogus=1",
            "AWS4-HMAC-SHA256",
        ]
        for h in bad {
            #expect(throws: S3Error.self) { try SigV4Authorization.parse(header: h) }
            do { _ = try SigV4Authorization.parse(header: h) } catch let e as S3Error {
                #expect(e.code == "AuthorizationHeaderMalformed")
            } catch {}
        }
    }

    @Test func parsesPresignedQueryAndChecksExpiry() throws {
        var q: [(String, String)] = [
            ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
            ("X-Amz-Credential", "AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request"),
            ("X-Amz-Date", "20130524T000000Z"),
            ("X-Amz-Expires", "86400"),
            ("X-Amz-SignedHeaders", "host"),
            ("X-Amz-Signature", "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"),
        ]
        let p = try SigV4Presigned.parse(query: q)
        #expect(p.accessKey == "AKIAIOSFODNN7EXAMPLE")
        #expect(p.expires == 86400)
        #expect(p.signedHeaders == ["host"])
        #expect(p.securityToken == nil)
        #expect(p.scope == Self.scope)
        q[3].1 = "604801"
        #expect(throws: S3Error.authorizationQueryParametersError("X-Amz-Expires must be less than a week (in seconds) that is 604800")) {
            try SigV4Presigned.parse(query: q)
        }
        q.remove(at: 3)
        #expect(throws: S3Error.self) { try SigV4Presigned.parse(query: q) }
    }

    /// AWS's presigned GET example (sigv4-query-string-auth.html).
    @Test func presignedExampleSignatureMatches() throws {
        let raw: Substring = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
        let request = SigV4.canonicalRequest(
            method: "GET", canonicalURI: "/test.txt",
            canonicalQuery: try #require(SigV4.canonicalQuery(rawQuery: raw, excluding: ["X-Amz-Signature"])),
            canonicalHeaders: try #require(SigV4.canonicalHeaders([("Host", "examplebucket.s3.amazonaws.com")], signed: ["host"])),
            signedHeaders: "host", payloadHash: "UNSIGNED-PAYLOAD")
        let sts = SigV4.stringToSign(amzDate: "20130524T000000Z", scope: Self.scope, canonicalRequest: request)
        #expect(SigV4.signature(key: Self.key, stringToSign: sts) == "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404")
    }

    @Test func queryStringParseKeepsOrderAndDecodes() {
        let pairs = QueryString.parse("b=%2F&a&c=x+y&&a=2")
        #expect(pairs.map { $0.0 } == ["b", "a", "c", "a"])
        #expect(pairs.map { $0.1 } == ["/", "", "x+y", "2"])
    }

    @Test func uriEncodingRules() {
        #expect(URIEncoding.encode("a b/c~", encodeSlash: true) == "a%20b%2Fc~")
        #expect(URIEncoding.encode("a b/c~", encodeSlash: false) == "a%20b/c~")
        #expect(URIEncoding.percentDecode("a+b%20c", plusAsSpace: true) == "a b c")
        #expect(URIEncoding.percentDecode("a+b", plusAsSpace: false) == "a+b")
        #expect(URIEncoding.percentDecode("%4") == nil)
    }

    @Test func queryStringParts_splitOnFirstEquals_keepMultibyteAndSkipEmptyParts() {
        let pairs = QueryString.parse("&k=a=b&ü=é&&=v&x")
        #expect(pairs.map { $0.0 } == ["k", "ü", "", "x"])
        #expect(pairs.map { $0.1 } == ["a=b", "é", "v", ""])
        #expect(QueryString.parse("").isEmpty)
        #expect(QueryString.parseStrict("a=%ZZ") == nil)
    }

    @Test func credential_splitsFromTheRight_andRefusesMalformedScopes() throws {
        let c = try #require(SigV4Credential("AK/with/slash/20130524/us-east-1/s3/aws4_request"))
        #expect(c.accessKey == "AK/with/slash" && c.date == "20130524" && c.region == "us-east-1" && c.service == "s3")
        #expect(c.scope == "20130524/us-east-1/s3/aws4_request")
        for bad in ["AK/20130524/us-east-1/s3/aws4", "/20130524/us-east-1/s3/aws4_request", "AK/2013052x/us-east-1/s3/aws4_request",
                    "AK/20130524//s3/aws4_request", "AK/20130524/us-east-1//aws4_request", "20130524/us-east-1/s3/aws4_request"] {
            #expect(SigV4Credential(Substring(bad)) == nil, "\(bad)")
        }
    }

    @Test func signingKeyCache_returnsTheComputedKey_andStaysBounded() {
        let cache = SigningKeyCache(capacity: 2)
        let direct = SigV4.signingKey(secret: "s", date: "20130524", region: "us-east-1", service: "s3")
        #expect(cache.key(secret: "s", date: "20130524", region: "us-east-1", service: "s3") == direct)
        #expect(cache.key(secret: "s", date: "20130524", region: "us-east-1", service: "s3") == direct)
        #expect(cache.count == 1)
        _ = cache.key(secret: "s", date: "20130525", region: "us-east-1", service: "s3")
        _ = cache.key(secret: "t", date: "20130525", region: "us-east-1", service: "s3")
        #expect(cache.count <= 2)
        #expect(cache.key(secret: "s", date: "20130524", region: "us-east-1", service: "s3") == direct)
    }
}
