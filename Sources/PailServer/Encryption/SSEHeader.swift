import PailHTTP

/// The server-side encryption headers (API reference, PutObject, GetObject, CopyObject).
enum SSEHeader {
    static let algorithm = "x-amz-server-side-encryption"
    static let kmsKeyID = "x-amz-server-side-encryption-aws-kms-key-id"
    static let context = "x-amz-server-side-encryption-context"
    static let bucketKeyEnabled = "x-amz-server-side-encryption-bucket-key-enabled"
    static let customerAlgorithm = "x-amz-server-side-encryption-customer-algorithm"
    static let customerKey = "x-amz-server-side-encryption-customer-key"
    static let customerKeyMD5 = "x-amz-server-side-encryption-customer-key-MD5"

    /// The name of `header`'s `x-amz-copy-source-…` variant (CopyObject and UploadPartCopy name the
    /// source's SSE-C key with those).
    static func copySource(_ header: String) -> String { "x-amz-copy-source-" + header.dropFirst(6) }

    /// Whether any field of `headers` starts with `x-amz-server-side-encryption` (one pass; names of
    /// other lengths cost one comparison each, which keeps GETs of plaintext objects as cheap as before).
    static func anyPresent(in headers: HTTPHeaders) -> Bool {
        let count = algorithm.utf8.count
        for field in headers.fields where field.name.utf8.count >= count && hasPrefix(field.name, algorithm) {
            return true
        }
        return false
    }

    /// ASCII case-insensitive `name.hasPrefix(prefix)` for a lower-case `prefix`.
    private static func hasPrefix(_ name: String, _ prefix: String) -> Bool {
        var bytes = name.utf8.makeIterator()
        for p in prefix.utf8 {
            guard let c = bytes.next() else { return false }
            if (c >= 65 && c <= 90 ? c + 32 : c) != p { return false }
        }
        return true
    }
}
