/// What the fault engine sees of one incoming request.
///
/// The pipeline builds one after addressing (so `bucket`, `key` and `operation` are known) and before
/// authentication. `accessKey` is the key id the request claims (from its `Authorization` header or
/// presigned query), not a verified identity: rules match on what the client sent.
public struct FaultRequest: Sendable {
    /// `"s3"`, `"sts"` or `"imds"`. Matched case-insensitively.
    public var service: String
    /// The operation name as AWS spells it: `PutObject`, `GetObject`, `ListObjectsV2`, `UploadPart`,
    /// `AssumeRole`, `GetCredentials` (IMDS), ...
    public var operation: String
    /// The HTTP method as sent.
    public var method: String
    /// The bucket, or nil for service-level requests (`ListBuckets`, STS, IMDS).
    public var bucket: String?
    /// The decoded object key, or nil when the request names no object.
    public var key: String?
    /// The access key id the request claims, or nil for anonymous requests.
    public var accessKey: String?
    /// Request headers in the order received; names matched case-insensitively.
    public var headers: [(name: String, value: String)]
    /// The request id the server answers with (`x-amz-request-id`); copied into the fault log.
    public var requestID: String

    public init(
        service: String = "s3",
        operation: String,
        method: String,
        bucket: String? = nil,
        key: String? = nil,
        accessKey: String? = nil,
        headers: [(name: String, value: String)] = [],
        requestID: String
    ) {
        self.service = service
        self.operation = operation
        self.method = method
        self.bucket = bucket
        self.key = key
        self.accessKey = accessKey
        self.headers = headers
        self.requestID = requestID
    }

    /// The first value of header `name` (ASCII case-insensitive), or nil.
    public func header(_ name: String) -> String? {
        for field in headers where field.name.asciiCaseInsensitiveEquals(name) { return field.value }
        return nil
    }
}
