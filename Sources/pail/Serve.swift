import ArgumentParser
import Foundation
import PailFaults
import PailIdentity
import PailServer
import PailStorage

/// `pail serve [DIR]`: runs the server until SIGINT/SIGTERM.
///
/// MinIO users type `minio server /data`, so `pail server /data` does the same thing: `server` is an
/// alias and the data directory may be given as the one positional argument
/// (https://min.io/docs/minio/linux/reference/minio-server/minio-server.html).
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the S3 server.", aliases: ["server"])

    @Argument(help: "Data directory, as in `minio server /data` (the same as --data; default 'data').")
    var directory: String?

    @Option(help: "HTTP listen address HOST:PORT (port 0 picks a free port), or 'off' (default 127.0.0.1:9000).")
    var address: String?

    @Option(help: "HTTPS listen address HOST:PORT, or 'off' (the default).")
    var tlsAddress: String?

    @Option(help: "Serve the web console on a listener of its own, HOST:PORT, as MinIO's flag (it is always at /_pail/console on the S3 port).")
    var consoleAddress: String?

    @Option(help: "PEM certificate for HTTPS (default: a self-signed one generated under DATA/tls/).")
    var tlsCert: String?

    @Option(help: "PEM private key for HTTPS.")
    var tlsKey: String?

    @Option(help: "Data directory: objects and index (default 'data').")
    var data: String?

    @Option(help: "Region reported by the server (default us-east-1).")
    var region: String?

    @Option(help: "Base domain for virtual-hosted-style requests (bucket.DOMAIN; default localhost, '' for path style only).")
    var domain: String?

    @Option(help: "Root access key (else PAIL_ACCESS_KEY, MINIO_ROOT_USER, or minioadmin).")
    var accessKey: String?

    @Option(help: "Root secret key (else PAIL_SECRET_KEY, MINIO_ROOT_PASSWORD, or minioadmin).")
    var secretKey: String?

    @Option(help: "'durable' (fsync before every acknowledgement; the default) or 'none' (no fsync: throwaway fixtures only).")
    var durability: String?

    @Flag(help: "Log one line per request to standard error (fired faults are marked); `--access-log json` for JSON lines.")
    var accessLog = false

    @Option(help: "Access log line format, 'text' (default) or 'json' (turns the log on); see docs/observability.md.")
    var accessLogFormat: String?

    @Option(help: "Append the access log to this file instead of standard error (turns the log on).")
    var accessLogFile: String?

    @Option(help: "A fault plan (JSON) to load at start; see docs/FAULTS.md.")
    var faults: String?

    @Option(help: "Seed for probabilistic faults (overrides the plan's).")
    var faultSeed: String?

    @Flag(help: "Let single requests ask for a fault with an x-pail-fault header.")
    var allowFaultHeader = false

    @Option(help: "Configuration file (JSON: every setting, users, roles, fault plan; else PAIL_CONFIG); see docs/configuration.md.")
    var config: String?

    @Flag(help: "Print the effective configuration (JSON, secrets masked, where each value came from) and exit.")
    var printConfig = false

    @Option(help: "IMDS (EC2 metadata) listen address HOST:PORT, or 'off' (default 127.0.0.1:1338).")
    var imdsAddress: String?

    @Flag(help: "Let IMDS answer without a session token (IMDSv1).")
    var imdsV1 = false

    @Option(help: "Gateway mode: forward every S3 request to this S3 endpoint (http(s)://host:port) instead of storing locally; see docs/gateway.md.")
    var upstream: String?

    @Option(help: "The upstream's access key (else PAIL_UPSTREAM_ACCESS_KEY or the config file's upstream section).")
    var upstreamAccessKey: String?

    @Option(help: "The upstream's secret key (else PAIL_UPSTREAM_SECRET_KEY or the config file).")
    var upstreamSecretKey: String?

    @Option(help: "The upstream's region, for signing (default us-east-1).")
    var upstreamRegion: String?

    @Option(help: "'path' (default) or 'virtual' (bucket.host) addressing towards the upstream.")
    var upstreamAddressing: String?

    @Option(help: "PEM CA bundle to trust for an https upstream.")
    var upstreamCaBundle: String?

    @Option(help: "Prefix for bucket names upstream (each experiment its own namespace in a shared cluster).")
    var upstreamBucketPrefix: String?

    @Option(help: "Checksum trailers from clients: 'verify' in Pail and send the plain body (default), or 'forward' re-framed.")
    var upstreamTrailers: String?

    @Option(help: "The upstream's session token, for temporary credentials.")
    var upstreamSessionToken: String?

    @Option(help: "Seconds to connect to the upstream before a request fails with 503 (default 5).")
    var upstreamConnectTimeout: String?

    @Option(help: "Seconds the upstream may stay silent during a request (default 120).")
    var upstreamReadTimeout: String?

    @Option(help: "Idle keep-alive connections kept per upstream host (default 64).")
    var upstreamMaxIdleConnections: String?

    @OptionGroup(title: "Limits")
    var limits: ServeLimitOptions

    /// The data directory: the positional argument, else `--data`, else `data`.
    var dataDirectory: String { directory ?? data ?? "data" }

    func validate() throws {
        if let directory, let data, Self.normalised(directory) != Self.normalised(data) {
            throw ValidationError("two data directories given, '\(directory)' and --data '\(data)': give one")
        }
        if ephemeral, let given = directory ?? data {
            throw ValidationError("--ephemeral makes its own data directory and removes it at exit; it does not take '\(given)'")
        }
    }

    /// `path` absolute, without `.` or `..` segments or a trailing slash: `./d`, `d/` and `d` are one.
    private static func normalised(_ path: String) -> String {
        var p = URL(fileURLWithPath: path).standardizedFileURL.path
        while p.count > 1, p.hasSuffix("/") { p.removeLast() }
        return p
    }
    @Option(help: "Once listening, write the endpoints and root credentials to this file as JSON (atomically; removed at exit).")
    var readyFile: String?

    @Flag(help: "Use a fresh temporary data directory and remove it at exit (not with DIR or --data).")
    var ephemeral = false

    @Flag(help: "Give new buckets AWS's defaults since April 2023: ACLs disabled (BucketOwnerEnforced) and all four public access blocks on.")
    var awsDefaults = false

    func run() throws {
        signal(SIGPIPE, SIG_IGN)
        var config: ServerConfiguration
        let settings: ResolvedSettings
        do {
            (config, settings) = try resolveConfiguration()
        } catch let error as ConfigurationError {
            Self.note("pail: \(error)")
            // EX_CONFIG from sysexits(3): the configuration is wrong, not the command line's grammar.
            throw ExitCode(78)
        }
        if printConfig { return }
        // Before any server thread exists, so that only runUntilSignalled below takes SIGINT/SIGTERM.
        PailServer.holdShutdownSignals()
        let ephemeralDirectory = settings["ephemeral"]?.bool == true ? try EphemeralDirectory.make() : nil
        defer { ephemeralDirectory?.remove() }
        if let ephemeralDirectory { config.dataDirectory = ephemeralDirectory.url }

        let server: PailServer
        do {
            server = try PailServer(configuration: config)
        } catch let error as StorageError {
            throw CommandError("cannot open the data directory: \(error.message)")
        }
        try server.start()
        let ready = settings["readyFile"]?.string.map { ReadyFile(path: URL(fileURLWithPath: $0)) }
        defer { ready?.remove() }
        try ready?.write(ReadyFile.contents(server, config))
        server.runUntilSignalled(ready: { printBanner(server, config) }, onSignal: { sig in
            Self.note("pail: \(sig == SIGINT ? "SIGINT" : "SIGTERM") received, shutting down (letting in-flight requests finish)")
        })
        Self.note("pail: stopped")
    }

    /// One line on standard error, where a supervisor's log collects it.
    static func note(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    private func printBanner(_ server: PailServer, _ config: ServerConfiguration) {
        var lines = ["Pail \(PailVersion.current) is serving S3."]
        if let endpoint = server.endpoint { lines.append("  endpoint:   \(endpoint)") }
        if let endpoint = server.tlsEndpoint {
            lines.append("  https:      \(endpoint)")
            lines.append("  cert:       \(server.tlsCertificatePath ?? "")  (trust it: --ca-bundle / AWS_CA_BUNDLE)")
        }
        if let console = server.consoleEndpoint {
            lines.append("  console:    \(console)")
        } else if let endpoint = server.endpoint {
            lines.append("  console:    \(endpoint)/_pail/console")
        }
        if let imds = server.imdsEndpoint { lines.append("  IMDS: \(imds)  (role \(config.identity.imdsRole.name))") }
        if let upstream = config.upstream {
            let prefix = upstream.bucketPrefix.map { ", bucket prefix \($0)" } ?? ""
            lines.append("  upstream:   \(upstream.url) (gateway mode\(prefix))")
        }
        lines.append("  region:     \(config.region)")
        lines.append("  data:       \(config.dataDirectory.path)\(config.durable ? "" : " (no fsync)")")
        lines.append("  access key: \(config.rootAccessKey)")
        lines.append("  secret key: \(config.rootSecretKey)")
        lines.append("")
        if let endpoint = server.endpoint ?? server.tlsEndpoint {
            lines.append("export AWS_ENDPOINT_URL=\(endpoint) AWS_ACCESS_KEY_ID=\(config.rootAccessKey) AWS_SECRET_ACCESS_KEY=\(config.rootSecretKey)")
            lines.append("export AWS_REGION=\(config.region)")
        }
        print(lines.joined(separator: "\n"))
        fflush(nil)
    }
}
