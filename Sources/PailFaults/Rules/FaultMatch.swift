/// Which requests a rule applies to. Every field is optional; all given fields must hold. An empty
/// match (`{}`) matches every request, including STS and IMDS ones.
///
/// JSON:
/// ```json
/// {"service": "s3", "operations": ["PutObject", "UploadPart"], "methods": ["PUT"],
///  "bucket": "photos", "keyPrefix": "2026/", "keyGlob": "*.jpg", "accessKey": "AKIAEXAMPLE",
///  "header": {"name": "x-amz-storage-class", "value": "GLACIER"}}
/// ```
/// `"operation": "PutObject"` and `"method": "PUT"` are accepted as one-element shorthands. Unknown fields
/// are rejected, so a misspelt field cannot silently widen a rule to every request.
public struct FaultMatch: Codable, Sendable, Equatable {
    /// `"s3"`, `"sts"` or `"imds"`, case-insensitive.
    public var service: String?
    /// Any of these operation names (case-insensitive), e.g. `PutObject`, `AssumeRole`.
    public var operations: [String]?
    /// Any of these HTTP methods (case-insensitive).
    public var methods: [String]?
    /// The exact bucket name. Requests without a bucket never match.
    public var bucket: String?
    /// The key must start with this (case-sensitive). Requests without a key never match.
    public var keyPrefix: String?
    /// The whole key must match this glob (`*` any run incl. `/`, `?` one character). Requests without a
    /// key never match.
    public var keyGlob: String?
    /// The exact access key id the request claims. Anonymous requests never match.
    public var accessKey: String?
    /// A header the request must carry with this exact value.
    public var header: FaultHeaderMatch?

    public init(
        service: String? = nil, operations: [String]? = nil, methods: [String]? = nil,
        bucket: String? = nil, keyPrefix: String? = nil, keyGlob: String? = nil,
        accessKey: String? = nil, header: FaultHeaderMatch? = nil
    ) {
        self.service = service
        self.operations = operations
        self.methods = methods
        self.bucket = bucket
        self.keyPrefix = keyPrefix
        self.keyGlob = keyGlob
        self.accessKey = accessKey
        self.header = header
    }

    /// True when every given field holds for `request`.
    public func matches(_ request: FaultRequest) -> Bool {
        if let service, !service.asciiCaseInsensitiveEquals(request.service) { return false }
        if let operations, !operations.contains(where: { $0.asciiCaseInsensitiveEquals(request.operation) }) { return false }
        if let methods, !methods.contains(where: { $0.asciiCaseInsensitiveEquals(request.method) }) { return false }
        if let bucket, bucket != request.bucket { return false }
        if keyPrefix != nil || keyGlob != nil {
            guard let key = request.key else { return false }
            if let keyPrefix, !key.hasPrefix(keyPrefix) { return false }
            if let keyGlob, !GlobPattern.matches(keyGlob, key) { return false }
        }
        if let accessKey, accessKey != request.accessKey { return false }
        if let header {
            let found = request.headers.contains {
                $0.name.asciiCaseInsensitiveEquals(header.name) && $0.value == header.value
            }
            if !found { return false }
        }
        return true
    }

    private static let fields: Set<String> = [
        "service", "operations", "operation", "methods", "method", "bucket", "keyPrefix", "keyGlob",
        "accessKey", "header",
    ]

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: JSONKey.self)
        try c.rejectUnknownKeys(allowed: Self.fields, in: "match")
        service = try c.value(String.self, "service")
        operations = try c.value([String].self, "operations")
        if let one = try c.value(String.self, "operation") {
            guard operations == nil else { throw c.fail("operation", "give \"operation\" or \"operations\", not both") }
            operations = [one]
        }
        for name in operations ?? [] where !FaultOperations.isKnown(name) {
            throw c.fail("operations", "unknown operation \"\(name)\" (operations are named as in AWS's API reference, e.g. PutObject, GetObject, ListObjectsV2, AssumeRole, GetRoleCredentials)")
        }
        methods = try c.value([String].self, "methods")
        if let one = try c.value(String.self, "method") {
            guard methods == nil else { throw c.fail("method", "give \"method\" or \"methods\", not both") }
            methods = [one]
        }
        bucket = try c.value(String.self, "bucket")
        keyPrefix = try c.value(String.self, "keyPrefix")
        keyGlob = try c.value(String.self, "keyGlob")
        accessKey = try c.value(String.self, "accessKey")
        header = try c.value(FaultHeaderMatch.self, "header")
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: JSONKey.self)
        try c.encodeIfPresent(service, forKey: JSONKey("service"))
        try c.encodeIfPresent(operations, forKey: JSONKey("operations"))
        try c.encodeIfPresent(methods, forKey: JSONKey("methods"))
        try c.encodeIfPresent(bucket, forKey: JSONKey("bucket"))
        try c.encodeIfPresent(keyPrefix, forKey: JSONKey("keyPrefix"))
        try c.encodeIfPresent(keyGlob, forKey: JSONKey("keyGlob"))
        try c.encodeIfPresent(accessKey, forKey: JSONKey("accessKey"))
        try c.encodeIfPresent(header, forKey: JSONKey("header"))
    }
}
