import FuzzCommon
import PailHTTP
import PailS3

// SigV2 header (`Authorization: AWS AK:signature`) and query (`AWSAccessKeyId`, `Expires`,
// `Signature`) authentication, from a raw request head, and the SigV2 canonicalisation it uses.
//
// Input: an HTTP request head; anything after the first empty line is ignored. Seeds are requests
// signed with SigV2 at the harness's fixed clocks (see AuthHarness), so mutations start from requests
// that authenticate.
// Properties: nothing crashes, hangs or leaks; every refusal is an S3Error; CanonicalizedAmzHeaders
// is sorted, lower-case and holds every x-amz-* field; CanonicalizedResource starts with the path and
// names only sub-resources.

func checkCanonicalisation(_ head: HTTPRequestHead) {
    let amz = SigV2.canonicalizedAmzHeaders(head.headers.fields)
    // Bytes, not Characters: a combining mark after `:` or `\n` would join it into one Character.
    let lines = Array(amz.utf8).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast()
    let names = lines.map { String(decoding: $0.prefix { $0 != UInt8(ascii: ":") }, as: UTF8.self) }
    fuzzCheck(amz.isEmpty || amz.hasSuffix("\n"), "amz headers do not end in a newline")
    fuzzCheck(names == names.sorted() && Set(names).count == names.count, "amz header names not sorted and unique: \(names)")
    let expected = Set(head.headers.fields.map { $0.name.lowercased() }.filter { $0.hasPrefix("x-amz-") })
    // A value holding a newline would split a line; the HTTP parser refuses those bytes.
    fuzzCheck(Set(names) == expected, "amz header names \(names) vs fields \(expected)")
    for bucket in [nil, "bucket"] as [String?] {
        let resource = SigV2.canonicalizedResource(bucket: bucket, rawPath: head.rawPath, rawQuery: head.rawQuery)
        let prefix = (bucket.map { "/" + $0 } ?? "") + (head.rawPath.isEmpty ? "/" : String(head.rawPath))
        fuzzCheck(resource.utf8.starts(with: prefix.utf8), "resource \(resource.debugDescription) lacks \(prefix.debugDescription)")
        // Values are decoded, so a `%26` in the query would read as a separator here.
        guard resource.utf8.count > prefix.utf8.count, !head.rawQuery.contains("%") else { continue }
        let sub = Substring(resource.utf8.dropFirst(prefix.utf8.count))
        fuzzCheck(sub.hasPrefix("?"), "sub-resources not after ?: \(resource)")
        for part in sub.dropFirst().split(separator: "&") {
            let name = String(part.prefix { $0 != "=" })
            fuzzCheck(SigV2.defaultSubresources.contains(name), "\(name) is not a sub-resource")
        }
    }
}

func fuzz(_ bytes: [UInt8]) {
    guard let head = AuthHarness.head(bytes) else { return }
    checkCanonicalisation(head)
    _ = AuthHarness.authenticate(head)
}

@_cdecl("FuzzSigV2_main")
func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv) { data, size in
        fuzz(fuzzBytes(data, size))
        return 0
    }
}
