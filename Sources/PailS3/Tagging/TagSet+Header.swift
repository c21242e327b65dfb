/// The `x-amz-tagging` header of PutObject, CreateMultipartUpload and CopyObject: tags "encoded
/// as URL query parameters" (docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html,
/// `x-amz-tagging`), `k1=v1&k2=v2`.
extension TagSet {
    /// Parses the header value. Pairs are split on `&`, each on its first `=`; names and values
    /// are percent-decoded, and `+` decodes to a space as in form encoding (what Python's
    /// `urlencode`, commonly used to build `Tagging=` for boto3, and Java's `URLEncoder` send; a
    /// literal plus arrives as `%2B`). A pair without `=` or with nothing after it is a tag with an
    /// empty value; empty pairs (`a=1&&b=2`, a trailing `&`) are skipped; an empty header is no tags.
    ///
    /// Throws `InvalidArgument` "The header 'x-amz-tagging' shall be encoded as UTF-8 then
    /// URLEncoded URL query parameters without tag name duplicates." (S3's answer, naming the
    /// header and its value) for a bad `%` escape, bytes that do not decode to UTF-8, or a key given
    /// twice. Limits are not checked here: call `validate(for: .object)`.
    public static func parseHeader(_ value: String) throws -> TagSet {
        func refuse() -> S3Error {
            S3Error.invalidArgument("The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.",
                                    name: "x-amz-tagging", value: value)
        }
        var tags: [Tag] = []
        var seen = Set<String>()
        for pair in value.split(separator: "&", omittingEmptySubsequences: true) {
            let key: Substring, rawValue: Substring
            if let equals = pair.firstIndex(of: "=") {
                key = pair[..<equals]
                rawValue = pair[pair.index(after: equals)...]
            } else {
                key = pair
                rawValue = ""
            }
            guard let decodedKey = URIEncoding.percentDecode(key, plusAsSpace: true),
                  let decodedValue = URIEncoding.percentDecode(rawValue, plusAsSpace: true) else { throw refuse() }
            guard seen.insert(decodedKey).inserted else { throw refuse() }
            tags.append(Tag(key: decodedKey, value: decodedValue))
        }
        return TagSet(tags)
    }

    /// The tags as an `x-amz-tagging` value, in order: `k1=v1&k2=v2`, each name and value
    /// percent-encoded outside `A-Za-z0-9-._~` (a space as `%20`, `+` as `%2B`, so the value parses
    /// back the same whichever way the reader treats `+`). An empty value writes `k=`; no tags
    /// write an empty string.
    public var headerValue: String {
        tags.map { URIEncoding.encode($0.key, encodeSlash: true) + "=" + URIEncoding.encode($0.value, encodeSlash: true) }
            .joined(separator: "&")
    }
}
