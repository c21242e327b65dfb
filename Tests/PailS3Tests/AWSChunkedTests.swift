import Testing
@testable import PailS3

/// AWS "Example: PUT Object" from sigv4-streaming.html: 66560 bytes of `a` in 65536 + 1024 byte chunks.
@Suite struct AWSChunkedTests {
    static let key = SigV4.signingKey(secret: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", date: "20130524", region: "us-east-1", service: "s3")
    static let amzDate = "20130524T000000Z"
    static let scope = "20130524/us-east-1/s3/aws4_request"
    static let seed = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9"
    static let object = [UInt8](repeating: UInt8(ascii: "a"), count: 66560)
    static let signedMode = AWSChunkedDecoder.Mode.signed(seedSignature: seed, signingKey: key, amzDate: amzDate, scope: scope)

    static func awsExampleBody() -> [UInt8] {
        AWSChunkedEncoder.encodeSigned(data: object, chunkSize: 65536, seedSignature: seed, signingKey: key,
                                       amzDate: amzDate, scope: scope, trailers: [])
    }

    /// Decodes `body`, feeding the decoder `readSize` bytes per source call and reading `outSize` at a time.
    static func decode(_ body: [UInt8], mode: AWSChunkedDecoder.Mode = signedMode, expectTrailer: Bool = false,
                       readSize: Int = 100_000, outSize: Int = 8192) throws -> ([UInt8], AWSChunkedDecoder) {
        var offset = 0
        let decoder = AWSChunkedDecoder(mode: mode, expectTrailer: expectTrailer) { buf in
            let n = min(buf.count, readSize, body.count - offset)
            body.withUnsafeBytes { src in
                buf.baseAddress!.copyMemory(from: src.baseAddress! + offset, byteCount: n)
            }
            offset += n
            return n
        }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: outSize)
        while true {
            let n = try chunk.withUnsafeMutableBytes { try decoder.read(into: $0) }
            if n == 0 { break }
            out += chunk[..<n]
        }
        return (out, decoder)
    }

    static func code(of body: [UInt8], mode: AWSChunkedDecoder.Mode = signedMode, expectTrailer: Bool = false) -> String? {
        do {
            _ = try decode(body, mode: mode, expectTrailer: expectTrailer)
            return nil
        } catch let e as S3Error {
            return e.code
        } catch {
            return "\(error)"
        }
    }

    @Test func seedSignatureMatchesAWSCanonicalRequest() throws {
        let headers: [(name: String, value: String)] = [
            ("Host", "s3.amazonaws.com"), ("x-amz-date", Self.amzDate), ("x-amz-storage-class", "REDUCED_REDUNDANCY"),
            ("Content-Encoding", "aws-chunked"), ("x-amz-decoded-content-length", "66560"), ("Content-Length", "66824"),
            ("x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"),
        ]
        let signed = ["content-encoding", "content-length", "host", "x-amz-content-sha256", "x-amz-date",
                      "x-amz-decoded-content-length", "x-amz-storage-class"]
        let request = SigV4.canonicalRequest(
            method: "PUT", canonicalURI: try #require(SigV4.canonicalURI(rawPath: "/examplebucket/chunkObject.txt")),
            canonicalQuery: "", canonicalHeaders: try #require(SigV4.canonicalHeaders(headers, signed: signed)),
            signedHeaders: signed.joined(separator: ";"), payloadHash: "STREAMING-AWS4-HMAC-SHA256-PAYLOAD")
        let sts = SigV4.stringToSign(amzDate: Self.amzDate, scope: Self.scope, canonicalRequest: request)
        #expect(SigV4.signature(key: Self.key, stringToSign: sts) == Self.seed)
    }

    @Test func encoderReproducesAWSChunkSignaturesAndLength() {
        let body = String(decoding: Self.awsExampleBody(), as: UTF8.self)
        #expect(Self.awsExampleBody().count == 66824)
        #expect(body.hasPrefix("10000;chunk-signature=ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648\r\n"))
        #expect(body.contains("\r\n400;chunk-signature=0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497\r\n"))
        #expect(body.hasSuffix("\r\n0;chunk-signature=b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9\r\n\r\n"))
    }

    @Test func decodesAWSExampleExactly() throws {
        let (out, decoder) = try Self.decode(Self.awsExampleBody())
        #expect(out == Self.object)
        #expect(decoder.decodedLength == 66560)
        #expect(decoder.trailers.isEmpty)
    }

    @Test func decodesWithOneByteSourceReadsAndTinyOutput() throws {
        let (out, _) = try Self.decode(Self.awsExampleBody(), readSize: 1, outSize: 7)
        #expect(out == Self.object)
    }

    @Test func flippedDataByteIsRejected() {
        for position in [100, 65536 + 88 + 86 + 10] {
            var body = Self.awsExampleBody()
            body[position] = UInt8(ascii: "b")
            #expect(Self.code(of: body) == "SignatureDoesNotMatch", "byte \(position)")
        }
    }

    @Test func flippedSignatureDigitIsRejected() {
        let body = Self.awsExampleBody()
        let text = String(decoding: body, as: UTF8.self)
        for sig in ["ad80c730", "0055627c", "b6c6ea8a"] {
            let mutated = text.replacingFirst(sig, with: "f" + sig.dropFirst())
            #expect(Self.code(of: Array(mutated.utf8)) == "SignatureDoesNotMatch", "\(sig)")
        }
    }

    @Test func truncatedStreamIsIncomplete() {
        let body = Self.awsExampleBody()
        for cut in [0, 50, 1000, 65_624, body.count - 90, body.count - 2, body.count - 1] {
            #expect(Self.code(of: Array(body[..<cut])) == "IncompleteBody", "cut at \(cut)")
        }
    }

    @Test func wrongChunkLengthIsRejected() {
        let text = String(decoding: Self.awsExampleBody(), as: UTF8.self)
        #expect(Self.code(of: Array(text.replacingFirst("\r\n400;", with: "\r\n3ff;").utf8)) != nil)
        #expect(Self.code(of: Array(text.replacingFirst("\r\n400;", with: "\r\n401;").utf8)) != nil)
        #expect(Self.code(of: Array(text.replacingFirst("10000;", with: "1000g;").utf8)) == "InvalidRequest")
    }

    @Test func missingChunkSignatureIsRejectedInSignedMode() {
        let body = AWSChunkedEncoder.encodeUnsigned(data: [1, 2, 3], chunkSize: 2, trailers: [])
        #expect(Self.code(of: body) == "InvalidRequest")
    }

    @Test func unsignedTrailerCarriesChecksum() throws {
        let data = Array("hello world".utf8)
        let crc = Checksum.compute(.crc32, data).base64
        let body = AWSChunkedEncoder.encodeUnsigned(data: data, chunkSize: 4, trailers: [("x-amz-checksum-crc32", crc)])
        #expect(String(decoding: body, as: UTF8.self).hasSuffix("3\r\nrld\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n"))
        for readSize in [1, 3, 1000] {
            let (out, decoder) = try Self.decode(body, mode: .unsigned, expectTrailer: true, readSize: readSize)
            #expect(out == data)
            #expect(decoder.trailers.map { $0.name } == ["x-amz-checksum-crc32"])
            #expect(decoder.trailers.first?.value == "DUoRhQ==")
        }
    }

    @Test func unsignedChunkExtensionsAreTolerated() throws {
        let body = Array("3;foo=bar;baz\r\nabc\r\n0\r\nx-amz-checksum-crc32:AAAAAA==".utf8) + Array("\r\n\r\n".utf8)
        let (out, decoder) = try Self.decode(body, mode: .unsigned, expectTrailer: true)
        #expect(out == Array("abc".utf8))
        #expect(decoder.trailers.count == 1)
    }

    @Test func undeclaredTrailerIsRejected() {
        let body = AWSChunkedEncoder.encodeUnsigned(data: [1], chunkSize: 4, trailers: [("x-amz-checksum-crc32", "AAAAAA==")])
        #expect(Self.code(of: body, mode: .unsigned, expectTrailer: false) == "InvalidRequest")
    }

    @Test func signedTrailerVerifiesAndRejectsTampering() throws {
        let data = (0..<20_000).map { UInt8(ascii: "a") + UInt8($0 % 26) }  // ASCII, so the body can be edited as text
        let crc = Checksum.compute(.crc32c, data).base64
        let body = AWSChunkedEncoder.encodeSigned(data: data, chunkSize: 8192, seedSignature: Self.seed, signingKey: Self.key,
                                                  amzDate: Self.amzDate, scope: Self.scope, trailers: [("x-amz-checksum-crc32c", crc)])
        let (out, decoder) = try Self.decode(body, expectTrailer: true, readSize: 1)
        #expect(out == data)
        #expect(decoder.trailers.first?.name == "x-amz-checksum-crc32c")
        #expect(decoder.trailers.first?.value == crc)

        let text = String(decoding: body, as: UTF8.self)
        let tampered = text.replacingFirst("x-amz-checksum-crc32c:" + crc, with: "x-amz-checksum-crc32c:AAAAAA==")
        #expect(Self.code(of: Array(tampered.utf8), expectTrailer: true) == "SignatureDoesNotMatch")
        let unsignedTrailer = text.replacingFirst("x-amz-trailer-signature:", with: "x-amz-other:")
        #expect(Self.code(of: Array(unsignedTrailer.utf8), expectTrailer: true) == "SignatureDoesNotMatch")
    }

    /// Found reading the decoder for the fuzz target: the case-insensitive signature compare sets bit
    /// 0x20, so a trailer signature with control bytes 0x10-0x19 for its digits compared equal.
    @Test func trailerSignatureWithControlBytesForDigitsIsRejected() throws {
        let trailers = [("x-amz-checksum-crc32", Checksum.compute(.crc32, [1, 2, 3]).base64)]
        let body = AWSChunkedEncoder.encodeSigned(data: [1, 2, 3], chunkSize: 8, seedSignature: Self.seed, signingKey: Self.key,
                                                  amzDate: Self.amzDate, scope: Self.scope, trailers: trailers)
        #expect(Self.code(of: body, expectTrailer: true) == nil)
        let marker = Array("x-amz-trailer-signature:".utf8)
        let start = try #require(body.firstRange(of: marker)).upperBound
        var forged = body
        for i in start..<(start + 64) where (0x30...0x39).contains(forged[i]) { forged[i] -= 0x20 }
        #expect(forged != body)
        #expect(Self.code(of: forged, expectTrailer: true) == "SignatureDoesNotMatch")
    }

    @Test func emptyObjectDecodes() throws {
        let body = AWSChunkedEncoder.encodeSigned(data: [], chunkSize: 8192, seedSignature: Self.seed, signingKey: Self.key,
                                                  amzDate: Self.amzDate, scope: Self.scope, trailers: [])
        let (out, decoder) = try Self.decode(body)
        #expect(out.isEmpty)
        #expect(decoder.decodedLength == 0)
    }

    @Test func overlongLineIsRejectedWithoutBuffering() {
        let body = [UInt8](repeating: UInt8(ascii: "1"), count: 100_000)
        #expect(Self.code(of: body, mode: .unsigned) == "InvalidRequest")
    }
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let r = range(of: target) else { return self }
        return replacingCharacters(in: r, with: replacement)
    }
}
