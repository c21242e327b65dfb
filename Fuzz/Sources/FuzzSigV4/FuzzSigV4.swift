import FuzzCommon
import PailHTTP
@testable import PailS3

// SigV4 header (`Authorization: AWS4-HMAC-SHA256 …`) and presigned-query (`X-Amz-*`) parsing and
// verification, from a raw request head.
//
// Input: an HTTP request head (request line and header fields); anything after the first empty line
// is ignored. The seeds are requests signed as in AWS's examples and the aws-sig-v4-test-suite, so
// mutations start from requests that authenticate.
// Properties: nothing crashes, hangs or leaks; every refusal is an S3Error; the canonical URI and query
// match the plain String reference (ReferenceCanonicalisation); the byte-level canonical request the
// server hashes equals the String-level one the client signer builds (SigV4.canonicalRequest with
// canonicalURI/canonicalQuery/canonicalHeaders), for header and presigned requests; the parsed
// Authorization header and presigned parameters hold what the input says.

func checkCanonicalParts(_ head: HTTPRequestHead) {
    let path = String(head.rawPath), query = String(head.rawQuery)
    fuzzCheck(SigV4.canonicalURI(rawPath: head.rawPath) == ReferenceCanonicalisation.canonicalURI(path),
              "canonicalURI(\(path.debugDescription))")
    for excluding in [[], ["X-Amz-Signature"]] {
        let bytes = SigV4.canonicalQuery(rawQuery: head.rawQuery, excluding: excluding)
        let reference = ReferenceCanonicalisation.canonicalQuery(query, excluding: excluding)
        fuzzCheck(bytes == reference,
                  "canonicalQuery(\(query.debugDescription), excluding: \(excluding)): \(bytes.debugDescription) != reference \(reference.debugDescription)")
    }
}

/// The canonical request built both ways must be the same bytes.
func checkCanonicalRequest(_ head: HTTPRequestHead, signedHeaders: [String], payloadHash: String, excluding: [String]) {
    guard let pairs = QueryString.parseStrict(head.rawQuery) else { return }
    let fields = head.headers.fields
    let bytes = try? SigV4.canonicalRequest(method: head.method, rawPath: head.rawPath, query: pairs, excluding: excluding,
                                            headers: fields, signedHeaders: signedHeaders, payloadHash: payloadHash)
    guard let uri = SigV4.canonicalURI(rawPath: head.rawPath),
          let query = SigV4.canonicalQuery(rawQuery: head.rawQuery, excluding: excluding),
          let headers = SigV4.canonicalHeaders(fields, signed: signedHeaders) else {
        fuzzCheck(bytes == nil, "the byte canonical request exists where the String one does not")
        return
    }
    let string = SigV4.canonicalRequest(method: head.method, canonicalURI: uri, canonicalQuery: query,
                                        canonicalHeaders: headers, signedHeaders: signedHeaders.joined(separator: ";"),
                                        payloadHash: payloadHash)
    fuzzCheck(bytes.map { String(decoding: $0, as: UTF8.self) } == string,
              "canonical requests differ:\n\(bytes.map { String(decoding: $0, as: UTF8.self) } ?? "nil")\n---\n\(string)")
    // Header values as the reference trims and collapses them.
    var expected = ""
    for name in signedHeaders {
        let values = fields.filter { $0.name.lowercased() == name }.map { ReferenceCanonicalisation.trimmedCollapsed($0.value) }
        expected += name + ":" + values.joined(separator: ",") + "\n"
    }
    fuzzCheck(headers == expected, "canonicalHeaders:\n\(headers)\n---\n\(expected)")
}

func fuzz(_ bytes: [UInt8]) {
    guard let head = AuthHarness.head(bytes) else { return }
    checkCanonicalParts(head)
    if let authorization = head.headers["Authorization"] {
        do {
            let auth = try SigV4Authorization.parse(header: authorization)
            fuzzCheck(auth.signature.utf8.count == 64 && !auth.signedHeaders.isEmpty, "parsed \(auth)")
            fuzzCheck(auth.scope == "\(auth.date)/\(auth.region)/\(auth.service)/aws4_request", "scope \(auth.scope)")
            fuzzCheck(authorization.contains(auth.accessKey + "/" + auth.scope), "credential not in the header")
            checkCanonicalRequest(head, signedHeaders: auth.signedHeaders,
                                  payloadHash: head.headers["x-amz-content-sha256"] ?? "UNSIGNED-PAYLOAD", excluding: [])
        } catch is S3Error {
        } catch {
            fuzzCheck(false, "SigV4Authorization.parse threw \(error)")
        }
    }
    do {
        let presigned = try SigV4Presigned.parse(query: QueryString.parse(head.rawQuery))
        fuzzCheck((1...604_800).contains(presigned.expires), "expires \(presigned.expires)")
        fuzzCheck(presigned.amzDate.hasPrefix(presigned.date) || presigned.amzDate.utf8.count == 16, "amzDate \(presigned.amzDate)")
        checkCanonicalRequest(head, signedHeaders: presigned.signedHeaders,
                              payloadHash: head.headers["x-amz-content-sha256"] ?? "UNSIGNED-PAYLOAD", excluding: ["X-Amz-Signature"])
    } catch is S3Error {
    } catch {
        fuzzCheck(false, "SigV4Presigned.parse threw \(error)")
    }
    _ = AuthHarness.authenticate(head)
}

@_cdecl("FuzzSigV4_main")
func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv) { data, size in
        fuzz(fuzzBytes(data, size))
        return 0
    }
}
