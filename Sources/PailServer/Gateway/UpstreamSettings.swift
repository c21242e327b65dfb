import Foundation
import PailHTTP

/// Gateway mode: the S3 endpoint Pail forwards every accepted request to, and how it signs for it
/// (`pail serve --upstream URL`, or the `upstream` section of the `--config` file; docs/gateway.md).
///
/// ```json
/// {"upstream": {"url": "https://s3.eu-west-1.amazonaws.com", "accessKey": "AKIA…", "secretKey": "…",
///               "region": "eu-west-1", "addressing": "virtual", "bucketPrefix": "exp1-",
///               "caBundle": "/etc/ssl/ca.pem", "connectTimeout": 5, "readTimeout": 60,
///               "trailingChecksums": "forward"}}
/// ```
public struct UpstreamSettings: Codable, Sendable, Equatable {
    /// `http(s)://host[:port][/base-path]` of the S3 endpoint.
    public var url: String
    /// The cluster's credentials: Pail signs every forwarded request with them; clients never see them.
    public var accessKey: String
    public var secretKey: String
    /// For temporary upstream credentials.
    public var sessionToken: String?
    /// The region in the upstream's SigV4 scope (default `us-east-1`).
    public var region: String?
    /// `path` (default: `host/bucket/key`, what Ceph RGW and MinIO expect on an IP) or `virtual`
    /// (`bucket.host/key`, AWS's default; https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html).
    public var addressing: String?
    /// A PEM bundle to trust for an `https` upstream (default: the system's trust store).
    public var caBundle: String?
    /// Prepended to every bucket name upstream, so each experiment gets its own namespace in a shared
    /// cluster; listings show only the buckets that carry it, without it.
    public var bucketPrefix: String?
    /// Seconds to connect (TCP and TLS) before the request fails with 503 (default 5).
    public var connectTimeout: Double?
    /// Seconds the upstream may stay silent while a request or response is under way (default 120).
    public var readTimeout: Double?
    /// Idle keep-alive connections kept per upstream host (default 64).
    public var maxIdleConnections: Int?
    /// What to do with a checksum a client sends in an aws-chunked trailer: `verify` (default) checks it
    /// in Pail and sends the plain body, which every S3 accepts; `forward` re-frames the body with the
    /// trailer (STREAMING-UNSIGNED-PAYLOAD-TRAILER) so the upstream stores the checksum (AWS; Ceph before
    /// Reef refuses that framing).
    public var trailingChecksums: String?

    public init(url: String, accessKey: String, secretKey: String, sessionToken: String? = nil, region: String? = nil,
                addressing: String? = nil, caBundle: String? = nil, bucketPrefix: String? = nil) {
        self.url = url
        self.accessKey = accessKey
        self.secretKey = secretKey
        self.sessionToken = sessionToken
        self.region = region
        self.addressing = addressing
        self.caBundle = caBundle
        self.bucketPrefix = bucketPrefix
    }

    var resolvedRegion: String { region ?? "us-east-1" }
    var virtualHosted: Bool { addressing == "virtual" }
    var prefix: String { bucketPrefix ?? "" }
    var forwardsTrailers: Bool { trailingChecksums == "forward" }

    /// Checks the settings; the error names the field and what is wrong.
    public func validate() throws {
        guard let endpoint = HTTPEndpoint(url) else {
            throw ConfigurationError("upstream url must be http(s)://host[:port][/path], got \(url)")
        }
        _ = endpoint
        guard !accessKey.isEmpty, !secretKey.isEmpty else {
            throw ConfigurationError("the upstream needs an access key and a secret key (--upstream-access-key, --upstream-secret-key)")
        }
        if let addressing, addressing != "path" && addressing != "virtual" {
            throw ConfigurationError("upstream addressing must be 'path' or 'virtual', got \(addressing)")
        }
        if let trailingChecksums, trailingChecksums != "verify" && trailingChecksums != "forward" {
            throw ConfigurationError("upstream trailingChecksums must be 'verify' or 'forward', got \(trailingChecksums)")
        }
        if let bucketPrefix {
            // Bucket names are 3-63 of a-z, 0-9, '.', '-' and start with a letter or digit
            // (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html).
            let allowed = bucketPrefix.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 46 || $0 == 45 }
            guard allowed, let first = bucketPrefix.utf8.first, first != 46 && first != 45, bucketPrefix.utf8.count <= 40 else {
                throw ConfigurationError("upstream bucketPrefix must be up to 40 of a-z, 0-9, '.', '-', starting with a letter or digit; got \(bucketPrefix.debugDescription)")
            }
        }
        if let caBundle, !FileManager.default.isReadableFile(atPath: caBundle) {
            throw ConfigurationError("upstream caBundle \(caBundle) cannot be read")
        }
        for (name, value) in [("connectTimeout", connectTimeout), ("readTimeout", readTimeout)] {
            if let value, !(value > 0) { throw ConfigurationError("upstream \(name) must be positive") }
        }
    }

    /// The `upstream` section of a `--config` file, or nil when it has none.
    public static func load(configFile url: URL) throws -> UpstreamSettings? {
        struct File: Decodable { var upstream: UpstreamSettings? }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ConfigurationError("cannot read \(url.path): \(error.localizedDescription)")
        }
        do { return try JSONDecoder().decode(File.self, from: data).upstream } catch {
            throw ConfigurationError("\(url.path): the upstream section is not valid: \(error)")
        }
    }
}
