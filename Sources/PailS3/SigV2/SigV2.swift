/// Signature Version 2 canonicalisation (HMAC-SHA1), as the AWS page "Signing and authenticating REST
/// requests" (RESTAuthentication.html) describes it and botocore's `HmacV1Auth` implements it.
///
/// StringToSign = VERB "\n" Content-MD5 "\n" Content-Type "\n" Date "\n" CanonicalizedAmzHeaders
/// CanonicalizedResource. With query auth `Expires` takes the place of Date.
public enum SigV2 {
    /// Query parameters that are part of CanonicalizedResource: AWS's documented list plus what botocore
    /// and the AWS SDKs sign (botocore `HmacV1Auth.QSAOfInterest`). Anything else is ignored.
    public static let defaultSubresources: Set<String> = [
        "accelerate", "acl", "analytics", "cors", "defaultObjectAcl", "delete", "inventory", "lifecycle",
        "location", "logging", "metrics", "notification", "object-lock", "partNumber", "policy", "replication",
        "requestPayment", "response-cache-control", "response-content-disposition", "response-content-encoding",
        "response-content-language", "response-content-type", "response-expires", "restore", "select",
        "select-type", "storageClass", "tagging", "torrent", "uploadId", "uploads", "versionId", "versioning",
        "versions", "website",
    ]

    /// `name:value\n` for every `x-amz-*` field: names lower-cased and sorted, repeated fields joined
    /// with commas, values trimmed.
    public static func canonicalizedAmzHeaders(_ fields: [(name: String, value: String)]) -> String {
        var merged: [String: [String]] = [:]
        for (name, value) in fields {
            let lower = name.lowercased()
            guard lower.hasPrefix("x-amz-") else { continue }
            merged[lower, default: []].append(trimmed(value))
        }
        var out = ""
        for name in merged.keys.sorted() {
            out += name + ":" + merged[name]!.joined(separator: ",") + "\n"
        }
        return out
    }

    /// `/bucket` + the path as encoded on the wire (for virtual-hosted requests `rawPath` is the path
    /// after the host's bucket), then the sub-resources of `rawQuery`, sorted by name, `?a&b=v`, values
    /// percent-decoded. A name given without `=` is signed without one (botocore keeps the raw form).
    public static func canonicalizedResource(bucket: String?, rawPath: Substring, rawQuery: Substring,
                                             subresources: Set<String> = defaultSubresources) -> String {
        var resource = ""
        if let bucket { resource = "/" + bucket }
        resource += rawPath.isEmpty ? "/" : String(rawPath)
        var picked: [(String, String?)] = []
        for part in rawQuery.split(separator: "&", omittingEmptySubsequences: true) {
            if let eq = part.firstIndex(of: "=") {
                let name = String(part[..<eq])
                guard subresources.contains(name) else { continue }
                let raw = part[part.index(after: eq)...]
                picked.append((name, URIEncoding.percentDecode(raw) ?? String(raw)))
            } else if subresources.contains(String(part)) {
                picked.append((String(part), nil))
            }
        }
        guard !picked.isEmpty else { return resource }
        // Stable sort by name, as Python's list.sort in botocore.
        let sorted = picked.enumerated().sorted { a, b in
            a.element.0 != b.element.0 ? a.element.0 < b.element.0 : a.offset < b.offset
        }
        let parts: [String] = sorted.map { item in
            let (name, value) = item.element
            if let value { return name + "=" + value }
            return name
        }
        return resource + "?" + parts.joined(separator: "&")
    }

    public static func stringToSign(method: String, contentMD5: String, contentType: String, date: String,
                                    amzHeaders: String, resource: String) -> String {
        method + "\n" + contentMD5 + "\n" + contentType + "\n" + date + "\n" + amzHeaders + resource
    }

    /// base64(HMAC-SHA1(secret, stringToSign)).
    /// Compares two base64 signatures in time independent of where they differ (case matters in base64).
    public static func signaturesEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<x.count { diff |= x[i] ^ y[i] }
        return diff == 0
    }

    public static func signature(secret: String, stringToSign: String) -> String {
        HMAC.sha1(key: Array(secret.utf8), data: Array(stringToSign.utf8)).base64
    }

    /// Trims the value. Obsolete line folding never reaches here: the HTTP parser rejects it.
    private static func trimmed(_ value: String) -> String {
        var s = Substring(value)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
