/// The settings of `pail serve`, in the order `--print-config` and docs/configuration.md list them.
///
/// To add one: append a row here (the file key, the flag, the kind, the default), declare the flag
/// in `pail serve`'s options and hand its text over in `SettingsFlags`, and read
/// `resolved[key]` where the server is configured (`ResolvedSettings+Server.swift`).
extension Setting {
    public static let all: [Setting] = [
        Setting("address", flag: "address", .address, default: .string("127.0.0.1:9000")),
        // A listener of its own for the web console (MinIO's flag); it is always at /_pail/console too.
        Setting("consoleAddress", flag: "console-address", .address, default: .off),
        Setting("data", flag: "data", .string, default: .string("data")),
        Setting("region", flag: "region", .string, default: .string("us-east-1")),
        // An empty domain turns virtual-hosted-style addressing off.
        Setting("domain", flag: "domain", .string, default: .string("localhost")),
        Setting("durability", flag: "durability", .choice(["durable", "none"]), default: .string("durable")),
        Setting("accessLog", flag: "access-log", .bool, default: .bool(false)),
        // Either of these turns the log on as well (docs/observability.md).
        Setting("accessLogFormat", flag: "access-log-format", .choice(["text", "json"]), default: .string("text")),
        Setting("accessLogFile", flag: "access-log-file", .string),
        Setting("awsDefaults", flag: "aws-defaults", .bool, default: .bool(false)),
        // For test harnesses (README, "In a test suite"): the endpoints written once listening, and a
        // throwaway data directory.
        Setting("readyFile", flag: "ready-file", .string),
        Setting("ephemeral", flag: "ephemeral", .bool, default: .bool(false)),
        Setting("root.accessKey", flag: "access-key", .string, default: .string("minioadmin"),
                environmentAliases: ["MINIO_ROOT_USER"]),
        Setting("root.secretKey", flag: "secret-key", .string, default: .string("minioadmin"), secret: true,
                environmentAliases: ["MINIO_ROOT_PASSWORD"]),
        Setting("tls.address", flag: "tls-address", .address, default: .off),
        Setting("tls.cert", flag: "tls-cert", .string),
        Setting("tls.key", flag: "tls-key", .string),
        Setting("imds.address", flag: "imds-address", .address, default: .string("127.0.0.1:1338")),
        Setting("imds.allowIMDSv1", flag: "imds-v1", .bool, default: .bool(false)),
        Setting("faults", flag: "faults", .faultPlan),
        Setting("faultSeed", flag: "fault-seed", .integer(0...Int.max)),
        Setting("allowFaultHeader", flag: "allow-fault-header", .bool, default: .bool(false)),
        Setting("limits.workers", flag: "workers", .integer(1...1024)),
        Setting("limits.maxHeaderBytes", flag: "max-header-bytes", .integer(1024...(16 << 20)), default: .integer(64 * 1024)),
        Setting("limits.maxHeaderCount", flag: "max-header-count", .integer(1...100_000), default: .integer(200)),
        Setting("limits.headerReadTimeout", flag: "header-read-timeout", .seconds, default: .seconds(30)),
        Setting("limits.idleTimeout", flag: "idle-timeout", .seconds, default: .seconds(60)),
        Setting("limits.bodyReadTimeout", flag: "body-read-timeout", .seconds, default: .seconds(60)),
        Setting("limits.writeTimeout", flag: "write-timeout", .seconds, default: .seconds(60)),
        Setting("limits.maxDrainBytes", flag: "max-drain-bytes", .integer(0...Int.max), default: .integer(1 << 20)),
        Setting("limits.gracePeriod", flag: "grace-period", .seconds, default: .seconds(10)),
        Setting("limits.multipartExpiry", flag: "multipart-expiry", .seconds, default: .seconds(24 * 3600)),
        Setting("upstream.url", flag: "upstream", .string),
        Setting("upstream.accessKey", flag: "upstream-access-key", .string),
        Setting("upstream.secretKey", flag: "upstream-secret-key", .string, secret: true),
        Setting("upstream.sessionToken", flag: "upstream-session-token", .string, secret: true),
        Setting("upstream.region", flag: "upstream-region", .string),
        Setting("upstream.addressing", flag: "upstream-addressing", .choice(["path", "virtual"])),
        Setting("upstream.caBundle", flag: "upstream-ca-bundle", .string),
        Setting("upstream.bucketPrefix", flag: "upstream-bucket-prefix", .string),
        Setting("upstream.trailingChecksums", flag: "upstream-trailers", .choice(["verify", "forward"])),
        Setting("upstream.connectTimeout", flag: "upstream-connect-timeout", .seconds),
        Setting("upstream.readTimeout", flag: "upstream-read-timeout", .seconds),
        Setting("upstream.maxIdleConnections", flag: "upstream-max-idle-connections", .integer(0...100_000)),
    ]

    /// The setting with this file key.
    public static func named(_ key: String) -> Setting? { all.first { $0.key == key } }

    /// `PAIL_` variables that are not settings but are read by other parts of Pail or its tests, so
    /// they draw no "unknown variable" warning.
    static let otherEnvironment: Set<String> = ["PAIL_CONFIG", "PAIL_ENDPOINT", "PAIL_BIN", "PAIL_BINARY"]
    static let otherEnvironmentPrefixes = ["PAIL_E2E_"]
}
