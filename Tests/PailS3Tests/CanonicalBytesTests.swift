import Testing
@testable import PailS3

/// The byte-level query parser and canonicalisation against `ReferenceCanonicalisation`, on the inputs
/// where a shortcut could go wrong and on random queries built from them.
@Suite struct CanonicalBytesTests {
    /// Escapes that must be decoded and re-spelled (`%2f`, `%41`), kept (`%2F`), or refused.
    static let awkwardQueries = [
        "", "&", "&&", "=", "==", "a", "a=", "=v", "a=b=c", "a&a&a=1&a=", "b=2&a=2&a=1&c",
        "prefix=a%2fb", "prefix=a%2Fb", "k=%41%42%7e%7E", "%41=1&A=2", "x=a+b", "x=a%2Bb&x=a+b",
        "x=%20&x=+&x= ", "x=a/b c", "ü=é&é=ü", "k=%C3%A9", "k=%c3%a9", "k=é%C3%A9",
        "k=%FF", "k=%C3", "k=%", "k=%4", "k=%G1", "%zz=1", "k=1%", "k=%%41",
        "X-Amz-Signature=abc&X-Amz-Date=1", "a-b=1&a=1&a.b=1&a_b=1&a~b=1&A=1",
        "k=%00", "k=~._-", "k=%2D%2E%5F%7E", "long=" + String(repeating: "%2F", count: 400),
    ]

    @Test func parseChecked_matchesTheReference_onAwkwardQueries() {
        for raw in Self.awkwardQueries { expectParseMatchesReference(raw) }
    }

    @Test func canonicalQuery_matchesTheReference_onAwkwardQueries() {
        for raw in Self.awkwardQueries {
            #expect(SigV4.canonicalQuery(rawQuery: raw[...]) == ReferenceCanonicalisation.canonicalQuery(raw), "\(raw)")
            #expect(SigV4.canonicalQuery(rawQuery: raw[...], excluding: ["a", "X-Amz-Signature"])
                    == ReferenceCanonicalisation.canonicalQuery(raw, excluding: ["a", "X-Amz-Signature"]), "\(raw)")
        }
    }

    @Test func parseAndCanonicalQuery_matchTheReference_onRandomQueries() {
        let tokens = ["a", "B", "z", "0", "~", "-", ".", "_", "=", "&", "+", " ", "/", "%", "%2", "%2f", "%2F", "%41",
                      "%7e", "%20", "%25", "%C3%A9", "%c3", "%A9", "%FF", "%zz", "é", "ü", "€", "X-Amz-Date", "\u{7F}"]
        var rng = SplitMix(seed: 0x5167_5634)
        for _ in 0..<3000 {
            var raw = ""
            for _ in 0..<rng.next(below: 12) { raw += tokens[rng.next(below: tokens.count)] }
            expectParseMatchesReference(raw)
            #expect(SigV4.canonicalQuery(rawQuery: raw[...], excluding: ["a"])
                    == ReferenceCanonicalisation.canonicalQuery(raw, excluding: ["a"]), "\(raw)")
        }
    }

    @Test func canonicalQuery_sortsByEncodedBytes_nameBeforeValue() {
        // `%2F` (0x25) sorts before `-` (0x2D) and letters; a shorter name comes first on a common prefix.
        #expect(SigV4.canonicalQuery(rawQuery: "a-b=1&a=2&a/=3&a=1") == "a=1&a=2&a%2F=3&a-b=1")
        #expect(SigV4.canonicalQuery(rawQuery: "k=b&k=a&k=") == "k=&k=a&k=b")
        #expect(SigV4.canonicalQuery(pairs: [], excluding: []) == "")
        #expect(SigV4.canonicalQuery(pairs: [("X-Amz-Signature", "s")], excluding: ["X-Amz-Signature"]) == "")
    }

    @Test func percentDecode_refusesBadEscapesAndBrokenUTF8_andKeepsCleanInput() {
        #expect(URIEncoding.percentDecode("abc") == "abc")
        #expect(URIEncoding.percentDecode("a%2fb%2F") == "a/b/")
        #expect(URIEncoding.percentDecode("%C3%A9") == "é")
        #expect(URIEncoding.percentDecode("é%41") == "éA")
        for bad in ["%", "%4", "a%", "%G0", "%0G", "%FF", "%C3", "%C3%28", "%ED%A0%80"] {
            #expect(URIEncoding.percentDecode(bad) == nil, "\(bad)")
        }
        #expect(URIEncoding.percentDecode("a+b%2B", plusAsSpace: true) == "a b+")
    }

    @Test func canonicalURI_matchesTheReference() {
        for path in ["", "/", "/b/k", "/b/a%20b", "/b/a b", "/b/%2f%2F", "/b/%41%7e", "/b/é", "/b/%C3%A9", "/b/%c3%a9",
                     "/b/%FF", "/b/%", "/b/%4", "/b/+", "/b//./../x", "/b/" + String(repeating: "%E2%82%AC", count: 200)] {
            #expect(SigV4.canonicalURI(rawPath: path[...]) == ReferenceCanonicalisation.canonicalURI(path), "\(path)")
        }
    }

    @Test func canonicalHeaders_trimAndCollapseLikeTheReference() {
        for value in ["", " ", "a", " a ", "a  b", "a \t b", "\ta\r\nb ", "a b c", "  a   b   c  ", "a,b"] {
            let got = SigV4.canonicalHeaders([("X-Test", value)], signed: ["x-test"])
            #expect(got == "x-test:" + ReferenceCanonicalisation.trimmedCollapsed(value) + "\n", "\(value)")
        }
        #expect(SigV4.canonicalHeaders([("x-tesT", "1"), ("x-test2", "2"), ("X-TEST", "3")], signed: ["x-test"]) == "x-test:1,3\n")
    }

    @Test func canonicalRequestBytes_equalTheStringForm() throws {
        let headers: [(name: String, value: String)] = [("Host", "h:9000"), ("X-Amz-Date", " 20130524T000000Z ")]
        let query = QueryString.parse("b=%2f&a=x+y&X-Amz-Signature=s")
        let bytes = try SigV4.canonicalRequest(method: "GET", rawPath: "/b/a%20b", query: query, excluding: ["X-Amz-Signature"],
                                               headers: headers, signedHeaders: ["host", "x-amz-date"], payloadHash: "UNSIGNED-PAYLOAD")
        let string = SigV4.canonicalRequest(
            method: "GET", canonicalURI: "/b/a%20b", canonicalQuery: "a=x%2By&b=%2F",
            canonicalHeaders: "host:h:9000\nx-amz-date:20130524T000000Z\n", signedHeaders: "host;x-amz-date",
            payloadHash: "UNSIGNED-PAYLOAD")
        #expect(String(decoding: bytes, as: UTF8.self) == string)
    }

    @Test func canonicalRequestBytes_throwInvalidURIAndAccessDenied() {
        #expect(throws: S3Error("InvalidURI", 400, "Couldn't parse the specified URI.")) {
            try SigV4.canonicalRequest(method: "GET", rawPath: "/b/%zz", query: [], excluding: [], headers: [("Host", "h")],
                                       signedHeaders: ["host"], payloadHash: "UNSIGNED-PAYLOAD")
        }
        #expect(throws: S3Error.accessDenied("There were headers present in the request which were not signed")) {
            try SigV4.canonicalRequest(method: "GET", rawPath: "/b/k", query: [], excluding: [], headers: [("Host", "h")],
                                       signedHeaders: ["host", "range"], payloadHash: "UNSIGNED-PAYLOAD")
        }
    }

    /// AWS's presigned GET example (sigv4-query-string-auth.html) through the byte-level path.
    @Test func verify_acceptsTheAWSPresignedExample_andReportsTheStringToSignOnMismatch() throws {
        let key = HMACKey(.sha256, key: SigV4.signingKey(secret: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", date: "20130524",
                                                         region: "us-east-1", service: "s3"))
        let raw = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"
        let canonical = try SigV4.canonicalRequest(method: "GET", rawPath: "/test.txt", query: QueryString.parse(raw[...]),
                                                   excluding: ["X-Amz-Signature"], headers: [("Host", "examplebucket.s3.amazonaws.com")],
                                                   signedHeaders: ["host"], payloadHash: "UNSIGNED-PAYLOAD")
        let scope = "20130524/us-east-1/s3/aws4_request"
        let good = "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"
        #expect(SigV4.verify(canonicalRequest: canonical, amzDate: "20130524T000000Z", scope: scope, key: key, signature: good).matches)
        #expect(SigV4.verify(canonicalRequest: canonical, amzDate: "20130524T000000Z", scope: scope, key: key, signature: good.uppercased()).matches)
        let bad = SigV4.verify(canonicalRequest: canonical, amzDate: "20130524T000000Z", scope: scope, key: key,
                               signature: String(good.dropLast()) + "5")
        #expect(!bad.matches)
        #expect(String(decoding: bad.stringToSign, as: UTF8.self)
                == SigV4.stringToSign(amzDate: "20130524T000000Z", scope: scope, canonicalRequest: String(decoding: canonical, as: UTF8.self)))
        #expect(!SigV4.verify(canonicalRequest: canonical, amzDate: "20130524T000000Z", scope: scope, key: key, signature: "").matches)
    }

    private func expectParseMatchesReference(_ raw: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let parsed = QueryString.parseChecked(raw[...])
        let reference = ReferenceCanonicalisation.parts(raw)
        #expect(parsed.pairs.map { $0.0 } == reference.map { $0.0 }, "\(raw)", sourceLocation: sourceLocation)
        #expect(parsed.pairs.map { $0.1 } == reference.map { $0.1 }, "\(raw)", sourceLocation: sourceLocation)
        #expect(parsed.wellFormed == reference.allSatisfy { $0.2 }, "\(raw)", sourceLocation: sourceLocation)
        #expect((QueryString.parseStrict(raw[...]) != nil) == parsed.wellFormed, "\(raw)", sourceLocation: sourceLocation)
    }
}

/// A small seeded generator (SplitMix64), so a failing random case can be replayed.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next(below bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}

@Suite struct URIEncodingByteClassTests {
    @Test func everyByteIsKeptOrEscapedAsRFC3986Says() {
        for b in UInt8.min...UInt8.max {
            let c = Character(Unicode.Scalar(b))
            let unreserved = b < 0x80 && (c.isLetter || c.isNumber || "-._~".contains(c))
            #expect(URIEncoding.isUnreserved(b) == unreserved, "\(b)")
            #expect(URIEncoding.keeps(b, encodeSlash: false) == (unreserved || b == 0x2F), "\(b)")
            #expect(URIEncoding.keeps(b, encodeSlash: true) == unreserved, "\(b)")
        }
    }
}
