import PailS3

/// The optional bucket-name prefix of gateway mode: the client's bucket `photos` is `exp1-photos`
/// upstream, and names coming back are shown without the prefix. ListBuckets shows only the
/// upstream buckets that carry it, so two gateways with different prefixes on one cluster never see
/// each other's buckets.
struct BucketPrefixMapping {
    let prefix: String

    var isIdentity: Bool { prefix.isEmpty }

    /// `x-amz-copy-source` (`[/]bucket/key[?versionId=…]`, URL-encoded) with the bucket mapped
    /// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html#API_CopyObject_RequestSyntax).
    func copySource(_ value: String) -> String {
        guard !isIdentity else { return value }
        var rest = Substring(value)
        let slash = rest.hasPrefix("/")
        if slash { rest = rest.dropFirst() }
        guard let end = rest.firstIndex(of: "/") else { return value }
        let bucket = URIEncoding.percentDecode(rest[..<end]) ?? String(rest[..<end])
        return (slash ? "/" : "") + URIEncoding.encode(prefix + bucket, encodeSlash: true) + rest[end...]
    }

    /// An XML response body with bucket names shown as the client knows them: the prefix removed from
    /// `<Name>` (ListObjects, ListObjectVersions), `<Bucket>` (multipart results, ListMultipartUploads,
    /// ListParts) and `<BucketName>` (errors), and from bucket path segments in `<Location>`.
    /// Keys are never touched (they are `<Key>`, `<Prefix>`, … elements).
    func clientView(_ body: [UInt8]) -> [UInt8] {
        guard !isIdentity else { return body }
        var text = String(decoding: body, as: UTF8.self)
        for tag in ["Name", "Bucket", "BucketName"] {
            text = text.replacingOccurrences(of: "<\(tag)>\(prefix)", with: "<\(tag)>")
        }
        if let open = text.range(of: "<Location>"), let close = text[open.upperBound...].range(of: "</Location>") {
            let location = text[open.upperBound..<close.lowerBound].replacingOccurrences(of: "/\(prefix)", with: "/")
            text.replaceSubrange(open.upperBound..<close.lowerBound, with: location)
        }
        return Array(text.utf8)
    }

    /// The (already encoded) query of a ListBuckets sent upstream, with its `prefix` parameter the bucket
    /// prefix followed by the client's, or the bucket prefix alone when the client sent none: an upstream
    /// that pages with `max-buckets` then fills its pages with this gateway's buckets only
    /// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListBuckets.html). Upstreams that ignore
    /// the parameter (Ceph RGW 16.2) still get filtered by `listBuckets(_:)`.
    func listBucketsQuery(_ query: String) -> String {
        guard !isIdentity else { return query }
        var parts = query.split(separator: "&").map(String.init)
        let own = URIEncoding.encode(prefix, encodeSlash: true)
        if let i = parts.firstIndex(where: { $0 == "prefix" || $0.hasPrefix("prefix=") }) {
            parts[i] = "prefix=" + own + parts[i].dropFirst("prefix".count).drop { $0 == "=" }
        } else {
            parts.append("prefix=" + own)
        }
        return parts.joined(separator: "&")
    }

    /// A ListBuckets (ListAllMyBucketsResult) body with only the buckets that carry the prefix, shown
    /// without it; its `<Prefix>` (the one `listBucketsQuery(_:)` sent) is shown as the client's.
    func listBuckets(_ body: [UInt8]) -> [UInt8] {
        guard !isIdentity else { return body }
        let text = String(decoding: body, as: UTF8.self)
            .replacingOccurrences(of: "<Prefix>\(prefix)</Prefix>", with: "")
            .replacingOccurrences(of: "<Prefix>\(prefix)", with: "<Prefix>")
        var out = ""
        var rest = Substring(text)
        while let open = rest.range(of: "<Bucket>"), let close = rest[open.upperBound...].range(of: "</Bucket>") {
            out += rest[..<open.lowerBound]
            let entry = rest[open.lowerBound..<close.upperBound]
            if entry.contains("<Name>\(prefix)") {
                out += entry.replacingOccurrences(of: "<Name>\(prefix)", with: "<Name>")
            }
            rest = rest[close.upperBound...]
        }
        out += rest
        return Array(out.utf8)
    }
}
