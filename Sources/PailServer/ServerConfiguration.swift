import Foundation
import PailHTTP
import PailFaults
import PailIdentity

/// Everything a `PailServer` needs to start. Defaults are the ones `pail serve` uses.
public struct ServerConfiguration: Sendable {
    /// `host:port` for plain HTTP; port 0 binds a free port. Nil disables HTTP.
    public var address: String? = "127.0.0.1:9000"
    /// `host:port` for HTTPS; nil disables it.
    public var tlsAddress: String? = nil
    /// `host:port` of a listener of its own for the web console (`pail serve --console-address`, as
    /// MinIO's flag); nil (the default) serves the console only at `/_pail/console` on the S3 ports.
    public var consoleAddress: String? = nil
    /// PEM certificate and key for HTTPS. When nil, a self-signed pair is generated once under
    /// `<data>/tls/` (SANs localhost, *.localhost, 127.0.0.1, ::1).
    public var tlsCertificate: String? = nil
    public var tlsKey: String? = nil
    /// Where objects and the index live.
    public var dataDirectory: URL = URL(fileURLWithPath: "data")
    public var region: String = "us-east-1"
    /// Base domain for virtual-hosted-style requests (`bucket.<domain>`). Nil: path style only.
    public var domain: String? = "localhost"
    public var rootAccessKey: String = "minioadmin"
    public var rootSecretKey: String = "minioadmin"
    /// fsync every acknowledged write (the default). Off trades durability for speed in throwaway fixtures.
    public var durable: Bool = true
    /// Seconds in-flight requests get to finish on shutdown.
    public var gracePeriod: TimeInterval = 10
    /// Multipart uploads older than this are aborted (MinIO's default: 24 hours).
    public var multipartExpiry: TimeInterval = 24 * 3600
    /// Print one line per request to standard error.
    public var accessLog: Bool = false
    /// The access log's line format (`--access-log text|json`); used when `accessLog` is on.
    public var accessLogFormat: AccessLogFormat = .text
    /// Append the access log to this file instead of standard error (`--access-log-file`).
    public var accessLogFile: String? = nil
    /// New buckets start as on AWS since April 2023: Object Ownership BucketOwnerEnforced (ACLs
    /// disabled) and all four public access blocks on (`pail serve --aws-defaults`). Off (the default),
    /// new buckets start as MinIO and moto users expect: no ownership controls (objects owned by
    /// their writer), no public access block, a private ACL.
    public var awsDefaults: Bool = false
    public var http: HTTPServer.Configuration = .init()
    /// The base clock of the server clock (`PailServer.clock`), which every time check reads (signature
    /// skew, expiry, Last-Modified, fault windows). Injected for tests; `PailServer.configuration.clock`
    /// reads the server clock instead, offset or freeze included.
    public var clock: @Sendable () -> Date = { Date() }
    /// Generates request ids (`x-amz-request-id`). Injected for reproducible tests.
    public var requestIDs: RequestIDGenerator = RequestIDGenerator()
    /// The fault rules in force; change them at runtime through `/_pail/faults` or this object. The server
    /// rebinds it to its server clock (so one injector shared by two servers follows the later one's).
    public var faults: FaultInjector = FaultInjector()
    /// Honour `x-pail-fault` request headers (`--allow-fault-header`).
    public var allowFaultHeader: Bool = false

    /// Users, roles, STS and IMDS settings (`pail serve --config`). Empty: root only, IMDS role `pail`.
    public var identity = IdentityConfiguration()
    /// `host:port` of the IMDS listener; nil disables it.
    public var imdsAddress: String? = nil
    /// When the IMDS address cannot be bound, warn and go on without IMDS instead of failing (the
    /// CLI's default address: several servers on one machine would otherwise collide on port 1338).
    public var imdsOptional: Bool = false
    /// Gateway mode: forward every accepted S3 request to this S3 endpoint instead of the local store
    /// (`pail serve --upstream`; docs/gateway.md). Nil: local mode.
    public var upstream: UpstreamSettings? = nil

    public init() {}
}
