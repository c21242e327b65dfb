import Foundation
import PailHTTP
import PailS3
import PailFaults

/// One S3 request as the handlers see it: the HTTP request, its decoded addressing and query, and who
/// signed it.
final class S3Request {
    let http: HTTPRequest
    let requestID: String
    /// Query parameters decoded, in order received.
    let query: [(String, String)]
    /// False when some query part had a bad escape (kept undecoded in `query`; SigV4 refuses it).
    let queryIsWellFormed: Bool
    /// The bucket named by the host or the first path segment, or nil for the service root.
    let bucket: String?
    /// The object key (decoded), or nil when the request names only a bucket.
    let key: String?
    /// Set by authentication.
    var auth: AuthContext!
    /// When the request arrived, by the server's clock.
    let received: Date
    /// The S3 operation, for routing, faults and logs.
    lazy var operation: S3Operation = S3Operation.classify(
        method: method, bucket: bucket != nil, key: key != nil,
        copySource: headers["x-amz-copy-source"] != nil, has: { self.has($0) }, value: { self.param($0) })
    /// The faults fired for this request.
    var faults = FaultEffects([])
    /// Set by authorization: the decision (for the access log), the ACL a write stores, the
    /// DeleteObjects per-key gate.
    var access = RequestAccess()

    /// Decodes the query once; every later use (routing, presigned auth, canonical query) reads `query`.
    init(http: HTTPRequest, requestID: String, bucket: String?, key: String?, received: Date) {
        self.http = http
        self.requestID = requestID
        (self.query, self.queryIsWellFormed) = QueryString.parseChecked(http.head.rawQuery)
        self.bucket = bucket
        self.key = key
        self.received = received
    }

    var method: String { http.head.method }
    var headers: HTTPHeaders { http.head.headers }

    /// The first value of a query parameter, or nil.
    func param(_ name: String) -> String? {
        for (k, v) in query where k == name { return v }
        return nil
    }

    func has(_ name: String) -> Bool { query.contains { $0.0 == name } }

    /// The S3 resource path used in error bodies (`/bucket/key`).
    var resource: String {
        var r = "/"
        if let bucket { r += bucket }
        if let key { r += "/" + key }
        return r
    }

    /// The bucket, or a NoSuchBucket-style error when the request named none.
    func requireBucket() throws -> String {
        guard let bucket else { throw S3Error.methodNotAllowed(method, resource: "SERVICE") }
        return bucket
    }

    func requireKey() throws -> String {
        guard let key else { throw S3Error.methodNotAllowed(method, resource: "BUCKET") }
        return key
    }
}
