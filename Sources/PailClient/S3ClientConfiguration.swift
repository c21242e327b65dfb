import Foundation

/// Everything an `S3Client` needs, with the defaults botocore/the AWS CLI and Dovecot use.
public struct S3ClientConfiguration: Sendable {
    /// `http(s)://host:port`; nil derives `https://s3.<region>.amazonaws.com` from `region`.
    public var endpoint: String?
    public var region: String = "us-east-1"
    /// The bucket used when an operation is given none.
    public var bucket: String?
    /// Path style (`/bucket/key`, the default with a custom endpoint, as botocore) or virtual-hosted
    /// (`bucket.host/key`).
    public var addressingStyle: AddressingStyle = .path
    /// Prepended to every key sent; stripped from keys listed.
    public var keyPrefix: String = ""
    /// Where keys come from (default: environment, then the shared files' profile).
    public var credentials: CredentialsProvider = CredentialsChain.standard()
    public var signatureVersion: SignatureVersion = .v4
    /// Seconds to establish a connection (TCP + TLS).
    public var connectTimeout: Double = 10
    /// Seconds the server may stay silent during one request (Dovecot's `timeout`: 10 s; more here
    /// for large parts).
    public var requestTimeout: Double = 60
    /// Seconds after which no further retry starts (Dovecot's `absolute_timeout`); nil: no limit.
    public var absoluteTimeout: Double?
    /// Retries after the first attempt and the waits between them.
    public var retry = RetryPolicy()
    /// HEAD after every PUT and compare size and ETag; a mismatch rewrites the object (within
    /// `retry.maxRetries`) and finally fails with `WriteNotVerified`.
    public var verifyAfterWrite = false
    /// Accept any server certificate (self-signed local servers).
    public var allowInvalidCerts = false
    /// A PEM file of trusted certificates (such as Pail's generated one) instead of the system store.
    public var caFile: String?
    /// Added to every request (Dovecot adds `X-Dovecot-Username` and friends).
    public var extraHeaders: [(String, String)] = []
    /// Keys per DeleteObjects call (S3's maximum and Dovecot's `bulk_delete_limit` default: 1000).
    public var bulkDeleteLimit = 1000
    /// Files at least this large are uploaded with multipart.
    public var multipartThreshold: Int64 = 16 << 20
    /// Multipart part size (≥ 5 MiB except the last) and ranged-download part size.
    public var partSize: Int64 = 8 << 20
    /// Parts in flight at once for uploads and downloads.
    public var concurrency = 4
    /// Bodies at least this large are sent with `Expect: 100-continue`.
    public var expectContinueThreshold: Int64 = 1 << 20
    /// Verify a full GET's bytes against the response's `x-amz-checksum-*` or, for a plain MD5 ETag,
    /// the ETag; a mismatch is retried.
    public var verifyResponseChecksums = true
    /// The wall clock for signatures and expiry; injected for tests.
    public var clock: @Sendable () -> Date = { Date() }
    /// Waits between retries; injected for tests.
    public var sleep: @Sendable (Double) async throws -> Void = { s in
        if s > 0 { try await Task.sleep(nanoseconds: UInt64(s * 1e9)) }
    }
    /// Random values in 0..<1 for backoff jitter; injected for tests.
    public var random: @Sendable () -> Double = { Double.random(in: 0..<1) }

    public init(endpoint: String? = nil, region: String = "us-east-1", bucket: String? = nil) {
        self.endpoint = endpoint
        self.region = region
        self.bucket = bucket
    }

    /// Fixed keys.
    public mutating func setCredentials(accessKey: String, secretKey: String, sessionToken: String? = nil) {
        credentials = StaticCredentialsProvider(AWSCredentials(accessKeyID: accessKey, secretAccessKey: secretKey,
                                                               sessionToken: sessionToken))
    }

    /// The configuration the AWS CLI would use: `AWS_ENDPOINT_URL`, `AWS_REGION`/`AWS_DEFAULT_REGION`,
    /// `AWS_PROFILE` (its `region`, `endpoint_url` and `s3.addressing_style`), `AWS_CA_BUNDLE`, and the
    /// credential chain (environment, then profile).
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment,
                                       profile: String? = nil) -> S3ClientConfiguration {
        var c = S3ClientConfiguration()
        let name = profile ?? env["AWS_PROFILE"] ?? "default"
        let p = SharedConfigFiles.load(environment: env).profiles[name] ?? [:]
        c.endpoint = env["AWS_ENDPOINT_URL_S3"] ?? env["AWS_ENDPOINT_URL"] ?? p["endpoint_url"]
        c.region = env["AWS_REGION"] ?? env["AWS_DEFAULT_REGION"] ?? p["region"] ?? "us-east-1"
        if p["s3.addressing_style"] == "virtual" { c.addressingStyle = .virtualHosted }
        c.caFile = env["AWS_CA_BUNDLE"] ?? p["ca_bundle"]
        c.credentials = CredentialsChain([EnvironmentCredentialsProvider { env },
                                          ProfileCredentialsProvider(profile: name) { env }])
        return c
    }
}

/// How the bucket is named in requests.
public enum AddressingStyle: Sendable { case path, virtualHosted }

/// Request signing scheme.
public enum SignatureVersion: Sendable { case v4, v2 }
