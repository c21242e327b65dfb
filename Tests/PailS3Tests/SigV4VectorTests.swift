import Foundation
import Testing
@testable import PailS3

/// The published SigV4 vectors in `data/vectors` (see its README): AWS's aws-sig-v4-test-suite
/// (`get-vanilla`, `post-x-www-form-urlencoded`, …) and the S3 examples of sig-v4-header-based-auth.html
/// and sigv4-streaming.html. For each case the canonical request is built both ways Pail builds it
/// (the server's byte path from the raw request, the client signer's String path), and the canonical
/// request, string to sign and signature must be the published ones.
@Suite struct SigV4VectorTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("data/vectors")
    static let secrets = [
        "AKIDEXAMPLE": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        "AKIAIOSFODNN7EXAMPLE": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    ]

    /// `suite/name` of every case folder.
    static let cases: [String] = {
        let fm = FileManager.default
        var out: [String] = []
        for suite in ["aws-sig-v4-test-suite", "s3-examples"] {
            let names = (try? fm.contentsOfDirectory(atPath: root.appendingPathComponent(suite).path)) ?? []
            out += names.sorted().map { suite + "/" + $0 }
        }
        return out
    }()

    /// One vector's files.
    struct Vector {
        var method: String
        var rawPath: Substring
        var rawQuery: Substring
        var headers: [(name: String, value: String)]
        var body: [UInt8]
        var authorization: String
        var canonicalRequest: String
        var stringToSign: String
        var chunks: [(size: Int, signature: String)]

        init(_ path: String) throws {
            let folder = SigV4VectorTests.root.appendingPathComponent(path)
            let name = folder.lastPathComponent
            func read(_ ext: String) throws -> [UInt8] {
                Array(try Data(contentsOf: folder.appendingPathComponent("\(name).\(ext)")))
            }
            let req = try read("req")
            let split = try #require(req.firstRange(of: Array("\n\n".utf8)))
            body = Array(req[split.upperBound...])
            let lines = String(decoding: req[..<split.lowerBound], as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            let requestLine = lines[0].split(separator: " ")
            method = String(requestLine[0])
            let target = requestLine[1]
            if let q = target.firstIndex(of: "?") {
                rawPath = target[..<q]
                rawQuery = target[target.index(after: q)...]
            } else {
                rawPath = target
                rawQuery = ""
            }
            headers = lines.dropFirst().map { line in
                let colon = line.firstIndex(of: ":")!
                return (String(line[..<colon]), String(line[line.index(after: colon)...]))
            }
            authorization = String(decoding: try read("authz"), as: UTF8.self).trimmingCharacters(in: .newlines)
            canonicalRequest = String(decoding: try read("creq"), as: UTF8.self)
            stringToSign = String(decoding: try read("sts"), as: UTF8.self)
            chunks = ((try? read("chunks")).map { String(decoding: $0, as: UTF8.self) } ?? "")
                .split(separator: "\n").map { line in
                    let parts = line.split(separator: " ")
                    return (Int(parts[0])!, String(parts[1]))
                }
        }

        func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name }?.value.trimmingCharacters(in: .whitespaces)
        }

        /// S3 signs `x-amz-content-sha256` as the payload hash; the suite's generic service hashes the body.
        var payloadHash: String { header("x-amz-content-sha256") ?? sha256(body).hex }
    }

    @Test func everyPublishedCaseIsPresent() {
        // 33 suite cases and 5 S3 examples (see data/vectors/README.md for what was left out and why).
        #expect(Self.cases.count == 38)
        for name in ["get-vanilla", "get-vanilla-query-order-key-case", "post-vanilla", "get-header-value-trim",
                     "post-x-www-form-urlencoded", "get-utf8", "post-sts-header-before"] {
            #expect(Self.cases.contains("aws-sig-v4-test-suite/" + name), "\(name)")
        }
    }

    @Test(arguments: cases)
    func canonicalRequestStringToSignAndSignatureMatch(_ path: String) throws {
        let v = try Vector(path)
        let auth = try SigV4Authorization.parse(header: v.authorization)
        let secret = try #require(Self.secrets[auth.accessKey])
        let amzDate = try #require(v.header("x-amz-date"))

        // The server's path: raw path, decoded query pairs, headers as received, hashed as bytes.
        let pairs = try #require(QueryString.parseStrict(v.rawQuery))
        let bytes = try SigV4.canonicalRequest(method: v.method, rawPath: v.rawPath, query: pairs, excluding: [],
                                               headers: v.headers, signedHeaders: auth.signedHeaders,
                                               payloadHash: v.payloadHash)
        #expect(String(decoding: bytes, as: UTF8.self) == v.canonicalRequest)

        // The client signer's path, from the canonical parts as Strings.
        let string = SigV4.canonicalRequest(
            method: v.method, canonicalURI: try #require(SigV4.canonicalURI(rawPath: v.rawPath)),
            canonicalQuery: try #require(SigV4.canonicalQuery(rawQuery: v.rawQuery)),
            canonicalHeaders: try #require(SigV4.canonicalHeaders(v.headers, signed: auth.signedHeaders)),
            signedHeaders: auth.signedHeaders.joined(separator: ";"), payloadHash: v.payloadHash)
        #expect(string == v.canonicalRequest)

        let sts = SigV4.stringToSign(amzDate: amzDate, scope: auth.scope, canonicalRequest: string)
        #expect(sts == v.stringToSign)
        let key = SigV4.signingKey(secret: secret, date: auth.date, region: auth.region, service: auth.service)
        #expect(SigV4.signature(key: key, stringToSign: sts) == auth.signature)
        let check = SigV4.verify(canonicalRequest: bytes, amzDate: amzDate, scope: auth.scope,
                                 key: HMACKey(.sha256, key: key), signature: auth.signature)
        #expect(check.matches)
        #expect(String(decoding: check.stringToSign, as: UTF8.self) == v.stringToSign)
    }

    /// sigv4-streaming.html "Example: PUT Object": the chunk signatures chain from the seed.
    @Test func streamingExampleChunkSignaturesMatch() throws {
        let v = try Vector("s3-examples/streaming-put-object")
        let auth = try SigV4Authorization.parse(header: v.authorization)
        #expect(v.chunks.map(\.size) == [65536, 1024, 0])
        let key = SigV4.signingKey(secret: Self.secrets[auth.accessKey]!, date: auth.date, region: auth.region, service: "s3")
        let object = [UInt8](repeating: UInt8(ascii: "a"), count: 66560)
        let body = String(decoding: AWSChunkedEncoder.encodeSigned(data: object, chunkSize: 65536, seedSignature: auth.signature,
                                                                  signingKey: key, amzDate: "20130524T000000Z",
                                                                  scope: auth.scope, trailers: []), as: UTF8.self)
        let headers = body.split(separator: "\r\n").filter { $0.contains(";chunk-signature=") }
        #expect(headers.map { String($0) } == v.chunks.map { String($0.size, radix: 16) + ";chunk-signature=" + $0.signature })
    }
}
