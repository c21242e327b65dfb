import PailHTTP

/// One S3 call before addressing and signing.
struct S3Request {
    var operation: String
    var method: String
    var bucket: String?
    /// The full key (key prefix already applied).
    var key: String?
    /// Query parameters; a nil value is sent as a bare name (`?uploads`).
    var query: [(String, String?)] = []
    var headers: [(String, String)] = []
    var body: HTTPClientBody = .empty
    /// Hex SHA-256 of the body, or `UNSIGNED-PAYLOAD`; nil: computed for bytes bodies.
    var payloadHash: String?

    init(_ operation: String, _ method: String, bucket: String? = nil, key: String? = nil) {
        self.operation = operation
        self.method = method
        self.bucket = bucket
        self.key = key
    }

    var rawQuery: String {
        query.map { n, v in
            URIEncoding.encode(n, encodeSlash: true) + (v.map { "=" + URIEncoding.encode($0, encodeSlash: true) } ?? "")
        }.joined(separator: "&")
    }
}

import PailS3
