import Foundation
import PailHTTP
import PailS3

/// AWS Signature Version 2 (HMAC-SHA1; RESTAuthentication.html, protocol.md §4), for servers and
/// configurations that still want it (Dovecot's default without `region=`).
public enum SigV2Signer {
    /// Sub-resources that belong in the CanonicalizedResource.
    public static let subresources: Set<String> = [
        "acl", "delete", "lifecycle", "location", "logging", "notification", "partNumber", "policy",
        "requestPayment", "response-cache-control", "response-content-disposition", "response-content-encoding",
        "response-content-language", "response-content-type", "response-expires", "torrent", "uploadId",
        "uploads", "versionId", "versioning", "versions", "website", "cors", "tagging",
    ]

    /// Sets `Date` and `Authorization: AWS id:signature`. `bucket` is the bucket for the
    /// CanonicalizedResource (`/bucket` + path also for virtual-hosted requests); `rawPath` is the
    /// path as sent, without the bucket when virtual-hosted.
    public static func sign(method: String, bucketForResource: String?, rawPath: String, rawQuery: String,
                            headers: inout HTTPHeaders, credentials: AWSCredentials, date: Date) {
        headers.set("Date", S3Date.http(date))
        if let token = credentials.sessionToken { headers.set("x-amz-security-token", token) }
        var amz: [String: [String]] = [:]
        for (n, v) in headers where n.lowercased().hasPrefix("x-amz-") {
            amz[n.lowercased(), default: []].append(v.trimmingCharacters(in: .whitespaces))
        }
        var sts = method + "\n" + (headers["Content-MD5"] ?? "") + "\n" + (headers["Content-Type"] ?? "") + "\n"
            + (headers["Date"] ?? "") + "\n"
        for k in amz.keys.sorted() { sts += k + ":" + amz[k]!.joined(separator: ",") + "\n" }
        var resource = (bucketForResource.map { "/" + $0 } ?? "") + rawPath
        if resource.isEmpty { resource = "/" }
        var subs: [(String, String?)] = []
        for part in rawQuery.split(separator: "&") {
            let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = URIEncoding.percentDecode(kv[0]) ?? String(kv[0])
            guard subresources.contains(name) else { continue }
            subs.append((name, kv.count > 1 ? (URIEncoding.percentDecode(kv[1]) ?? String(kv[1])) : nil))
        }
        subs.sort { $0.0 < $1.0 }
        if !subs.isEmpty {
            resource += "?" + subs.map { s in s.1.map { v in "\(s.0)=\(v)" } ?? s.0 }.joined(separator: "&")
        }
        sts += resource
        let sig = HMAC.sha1(key: Array(credentials.secretAccessKey.utf8), data: Array(sts.utf8)).base64
        headers.set("Authorization", "AWS \(credentials.accessKeyID):\(sig)")
    }
}
