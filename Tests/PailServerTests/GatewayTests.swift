import Foundation
import Testing
import PailHTTP
import PailS3
@testable import PailServer

/// A body read from memory in reads of at most `step` bytes.
private final class MemoryBody: HTTPBodyStream {
    private let bytes: [UInt8]
    private let step: Int
    private var offset = 0
    init(_ bytes: [UInt8], step: Int = 1000) {
        self.bytes = bytes
        self.step = step
    }
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(buffer.count, step, bytes.count - offset)
        bytes.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + offset, byteCount: n) }
        offset += n
        return n
    }
}

/// Reads a stream to its end in reads of `size` bytes; returns what came before an error, and the error.
private func drain(_ stream: HTTPBodyStream, size: Int = 4096) -> (bytes: [UInt8], error: Error?) {
    var out: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: size)
    do {
        while true {
            let n = try buffer.withUnsafeMutableBytes { try stream.read(into: $0) }
            if n == 0 { return (out, nil) }
            out += buffer[0..<n]
        }
    } catch {
        return (out, error)
    }
}

private func request(_ body: [UInt8], headers: [(String, String)], payload: PayloadMode) -> S3Request {
    var fields = [("Host", "127.0.0.1"), ("Content-Length", String(body.count))]
    fields += headers
    let head = HTTPRequestHead(method: "PUT", target: "/b/k", headers: HTTPHeaders(fields.map { (name: $0.0, value: $0.1) }))
    let http = HTTPRequest(head: head, body: MemoryBody(body), contentLength: Int64(body.count),
                           remoteAddress: "127.0.0.1:1", isSecure: false)
    let r = S3Request(http: http, requestID: "ID", bucket: "b", key: "k", received: Date())
    r.auth = AuthContext(principal: Principal(accessKey: "ak", secretKey: "sk"), payload: payload)
    return r
}

@Suite struct GatewayTests {
    @Test func prefixMapsTheCopySourceBucketOnly() {
        let m = BucketPrefixMapping(prefix: "exp1-")
        #expect(m.copySource("/src/a%20b/c?versionId=3") == "/exp1-src/a%20b/c?versionId=3")
        #expect(m.copySource("src/key") == "exp1-src/key")
        #expect(BucketPrefixMapping(prefix: "").copySource("/src/key") == "/src/key")
    }

    @Test func prefixIsRemovedFromBucketElementsButNeverFromKeys() {
        let m = BucketPrefixMapping(prefix: "exp1-")
        let body = "<ListBucketResult><Name>exp1-photos</Name><Prefix>exp1-</Prefix><Contents><Key>exp1-x/exp1-y</Key></Contents>"
            + "<Location>http://h/exp1-photos/k</Location></ListBucketResult>"
        let out = String(decoding: m.clientView(Array(body.utf8)), as: UTF8.self)
        #expect(out.contains("<Name>photos</Name>"))
        #expect(out.contains("<Key>exp1-x/exp1-y</Key>"))
        #expect(out.contains("<Prefix>exp1-</Prefix>"))
        #expect(out.contains("<Location>http://h/photos/k</Location>"))
    }

    @Test func listBucketsKeepsOnlyPrefixedBucketsWithoutThePrefix() {
        let m = BucketPrefixMapping(prefix: "exp1-")
        let body = "<ListAllMyBucketsResult><Owner><ID>o</ID></Owner><Buckets>"
            + "<Bucket><Name>exp1-a</Name><CreationDate>d1</CreationDate></Bucket>"
            + "<Bucket><Name>other</Name><CreationDate>d2</CreationDate></Bucket>"
            + "<Bucket><Name>exp2-b</Name><CreationDate>d3</CreationDate></Bucket>"
            + "</Buckets></ListAllMyBucketsResult>"
        let out = String(decoding: m.listBuckets(Array(body.utf8)), as: UTF8.self)
        #expect(out == "<ListAllMyBucketsResult><Owner><ID>o</ID></Owner><Buckets>"
                + "<Bucket><Name>a</Name><CreationDate>d1</CreationDate></Bucket></Buckets></ListAllMyBucketsResult>")
    }

    @Test func listBucketsQueryCarriesTheBucketPrefixAndTheAnswerHidesIt() {
        let m = BucketPrefixMapping(prefix: "exp1-")
        #expect(m.listBucketsQuery("") == "prefix=exp1-")
        #expect(m.listBucketsQuery("max-buckets=1&prefix=pho") == "max-buckets=1&prefix=exp1-pho")
        #expect(m.listBucketsQuery("prefix=&max-buckets=2") == "prefix=exp1-&max-buckets=2")
        #expect(BucketPrefixMapping(prefix: "").listBucketsQuery("max-buckets=1") == "max-buckets=1")
        let asked = "<ListAllMyBucketsResult><Buckets><Bucket><Name>exp1-photos</Name></Bucket></Buckets>"
            + "<ContinuationToken>t</ContinuationToken><Prefix>exp1-pho</Prefix></ListAllMyBucketsResult>"
        #expect(String(decoding: m.listBuckets(Array(asked.utf8)), as: UTF8.self)
                == "<ListAllMyBucketsResult><Buckets><Bucket><Name>photos</Name></Bucket></Buckets>"
                + "<ContinuationToken>t</ContinuationToken><Prefix>pho</Prefix></ListAllMyBucketsResult>")
        let unasked = "<ListAllMyBucketsResult><Buckets></Buckets><Prefix>exp1-</Prefix></ListAllMyBucketsResult>"
        #expect(String(decoding: m.listBuckets(Array(unasked.utf8)), as: UTF8.self)
                == "<ListAllMyBucketsResult><Buckets></Buckets></ListAllMyBucketsResult>")
    }

    @Test func errorDocumentGainsPailsRequestID() {
        let body = Array("<Error><Code>NoSuchKey</Code><RequestId>tx1</RequestId></Error>".utf8)
        let out = String(decoding: UpstreamForwarder.withPailRequestID(body, "P1"), as: UTF8.self)
        #expect(out == "<Error><Code>NoSuchKey</Code><RequestId>tx1</RequestId><PailRequestId>P1</PailRequestId></Error>")
    }

    @Test func forwardedQueryDropsPresignParametersAndEncodesOnce() {
        let head = HTTPRequestHead(method: "GET", target: "/b/k?uploads&a=x+y%2Bz&X-Amz-Signature=s&X-Amz-Credential=c%2Fd&prefix=a%2Fb",
                                   headers: HTTPHeaders())
        let http = HTTPRequest(head: head, body: MemoryBody([]), contentLength: 0, remoteAddress: "", isSecure: false)
        let r = S3Request(http: http, requestID: "", bucket: "b", key: "k", received: Date())
        #expect(UpstreamForwarder.forwardedQuery(r) == "uploads&a=x%2By%2Bz&prefix=a%2Fb")
    }

    /// SigV2 query authentication's parameters go only when the request used it; a bad escape is sent
    /// as written, its `%` escaped.
    @Test func forwardedQueryDropsSigV2ParametersOnlyForSigV2() {
        func forwarded(_ query: String) -> String {
            let head = HTTPRequestHead(method: "GET", target: "/b/k?" + query, headers: HTTPHeaders())
            let http = HTTPRequest(head: head, body: MemoryBody([]), contentLength: 0, remoteAddress: "", isSecure: false)
            return UpstreamForwarder.forwardedQuery(S3Request(http: http, requestID: "", bucket: "b", key: "k", received: Date()))
        }
        #expect(forwarded("AWSAccessKeyId=A&Signature=s%2B&Expires=9&x-amz-security-token=t&versionId=v1") == "versionId=v1")
        #expect(forwarded("Signature=s&Expires=9&e=%zz") == "Signature=s&Expires=9&e=%25zz")
    }

    @Test func xmlContentTypesAreRecognised() {
        for yes in ["application/xml", "text/XML; charset=utf-8", "application/vnd.x+xml"] { #expect(UpstreamForwarder.mentionsXML(yes)) }
        for no in ["", "xm", "application/json", "application/octet-stream", "x-m-l"] { #expect(!UpstreamForwarder.mentionsXML(no)) }
    }

    @Test func settingsRefuseBadValues() throws {
        try UpstreamSettings(url: "http://127.0.0.1:7480", accessKey: "a", secretKey: "s", bucketPrefix: "exp1-").validate()
        for bad in [UpstreamSettings(url: "ftp://x", accessKey: "a", secretKey: "s"),
                    UpstreamSettings(url: "http://x", accessKey: "", secretKey: "s"),
                    UpstreamSettings(url: "http://x", accessKey: "a", secretKey: "s", addressing: "dns"),
                    UpstreamSettings(url: "http://x", accessKey: "a", secretKey: "s", bucketPrefix: "Exp_")] {
            #expect(throws: ConfigurationError.self) { try bad.validate() }
        }
    }

    @Test func relayedPayloadHoldsTheLastByteUntilTheChecksPass() {
        let data = [UInt8]((0..<10_000).map { UInt8($0 % 251) })
        let good = request(data, headers: [("Content-MD5", md5(data).base64)], payload: .unsigned)
        let ok = drain(try! RelayedPayload(good))
        #expect(ok.error == nil && ok.bytes == data)

        let bad = request(data, headers: [("Content-MD5", md5([1, 2, 3]).base64)], payload: .unsigned)
        let refused = drain(try! RelayedPayload(bad))
        #expect((refused.error as? S3Error)?.code == "BadDigest")
        #expect(refused.bytes == Array(data.dropLast()))  // the upstream never gets the whole body

        let hash = request(data, headers: [], payload: .sha256(sha256([9]).hex))
        let mismatch = drain(try! RelayedPayload(hash))
        #expect((mismatch.error as? S3Error)?.code == "XAmzContentSHA256Mismatch")
        #expect(mismatch.bytes.count == data.count - 1)
    }

    @Test func trailerFramingWritesChunksThenTheTrailer() throws {
        let data = Array("hello world".utf8)
        let crc = Checksum.compute(.crc32, data).base64
        let body = AWSChunkedEncoder.encodeUnsigned(data: data, chunkSize: 4, trailers: [("x-amz-checksum-crc32", crc)])
        let r = request(body, headers: [("x-amz-decoded-content-length", String(data.count)),
                                        ("x-amz-trailer", "x-amz-checksum-crc32"), ("Content-Encoding", "aws-chunked")],
                        payload: .streaming(signed: false, trailer: true))
        let framed = drain(TrailerFraming(try RelayedPayload(r)), size: 64)
        #expect(framed.error == nil)
        // hex(len) CRLF data CRLF … "0" CRLF, the trailer line, CRLF (parsed as bytes: Swift counts CRLF
        // as one Character).
        var rest = framed.bytes[...]
        var decoded: [UInt8] = []
        while let cr = rest.firstIndex(of: 13), let n = Int(String(decoding: rest[..<cr], as: UTF8.self), radix: 16), n > 0 {
            let start = cr + 2
            decoded += rest[start..<(start + n)]
            #expect(Array(rest[(start + n)..<(start + n + 2)]) == [13, 10])
            rest = rest[(start + n + 2)...]
        }
        #expect(decoded == data)
        #expect(String(decoding: rest, as: UTF8.self) == "0\r\nx-amz-checksum-crc32:\(crc)\r\n\r\n")
    }
}
