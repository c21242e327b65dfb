import Foundation
import PailClient
import PailServer
import Synchronization

/// A Pail server running inside the test process: its own free port, its own temporary data
/// directory, and an ``S3Client`` already pointed at it with the root credentials.
///
/// The simplest form scopes the server to a closure and tears it down however the closure ends:
///
/// ```swift
/// import PailTesting
/// import Testing
///
/// @Test func uploadsLand() async throws {
///     try await PailFixture.with { pail in
///         _ = try await pail.client.put("a.txt", bytes: Array("hello".utf8))   // into bucket "test"
///         #expect(try await pail.client.get("a.txt") == Array("hello".utf8))
///         // pail.endpoint, pail.accessKey, pail.secretKey for any other client
///     }
/// }
/// ```
///
/// Or start and stop it yourself (a suite's `init`/`deinit`, a server shared by several calls):
///
/// ```swift
/// let pail = try await PailFixture.start()
/// defer { pail.stop() }
/// ```
///
/// Each fixture binds `127.0.0.1:0`, so any number run side by side (Swift Testing runs tests in
/// parallel) without clashing, and each has its own data directory, so they share nothing. Writes
/// skip fsync (`durable = false`): a fixture's data is thrown away, and fsync is what makes small
/// writes slow. The fake EC2 metadata service is off.
public final class PailFixture: Sendable {

    /// `http://127.0.0.1:PORT`: the bound port, never 0.
    public let endpoint: String
    /// The root access key (`minioadmin` unless `configure` changed it).
    public let accessKey: String
    /// The root secret key.
    public let secretKey: String
    /// The region the server reports and the client signs for.
    public let region: String
    /// The bucket created at start and set as the client's default bucket, if any.
    public let bucket: String?
    /// The temporary data directory; gone after ``stop()``.
    public let dataDirectory: URL
    /// A client signed with the root credentials, path-style, whose default bucket is ``bucket``.
    public let client: S3Client
    /// The server itself, for what the fixture does not wrap (its clock, fault injector, TLS port).
    public let server: PailServer

    private let stopped = Mutex(false)

    private init(server: PailServer, client: S3Client, bucket: String?) {
        let config = server.configuration
        self.server = server
        self.client = client
        self.bucket = bucket
        endpoint = server.endpoint!   // start() succeeded with an HTTP address, so the port is bound
        accessKey = config.rootAccessKey
        secretKey = config.rootSecretKey
        region = config.region
        dataDirectory = config.dataDirectory
    }

    /// Starts a server on `127.0.0.1:0` with a fresh temporary data directory and, when `bucket` is
    /// not nil, creates that bucket.
    ///
    /// - Parameters:
    ///   - bucket: a bucket to create and make the client's default; nil for none.
    ///   - configure: changes to the server's configuration before it starts (faults, identities,
    ///     `awsDefaults`, a TLS address…). The address and data directory it is handed are the
    ///     fixture's; changing them is allowed, but then the port or directory is yours to manage,
    ///     and `address` must stay an HTTP address.
    /// - Throws: whatever starting the server or creating the bucket throws; the directory is removed
    ///   and the server stopped first.
    public static func start(bucket: String? = "test",
                             configure: (inout ServerConfiguration) throws -> Void = { _ in }) async throws -> PailFixture {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pail-fixture-\(UUID().uuidString)")
        var config = ServerConfiguration()
        config.address = "127.0.0.1:0"
        config.imdsAddress = nil
        config.dataDirectory = directory
        config.durable = false
        do {
            try configure(&config)
            let server = try PailServer(configuration: config)
            try server.start()
            var clientConfig = S3ClientConfiguration(endpoint: server.endpoint, region: config.region, bucket: bucket)
            clientConfig.setCredentials(accessKey: config.rootAccessKey, secretKey: config.rootSecretKey)
            let fixture: PailFixture
            do {
                fixture = PailFixture(server: server, client: try S3Client(configuration: clientConfig), bucket: bucket)
            } catch {
                server.shutdown()
                throw error
            }
            do {
                if let bucket { try await fixture.client.createBucket(bucket) }
            } catch {
                fixture.stop()
                throw error
            }
            return fixture
        } catch {
            try? FileManager.default.removeItem(at: config.dataDirectory)
            throw error
        }
    }

    /// Starts a fixture, runs `body` with it, and stops it whether `body` returns or throws.
    ///
    /// - Returns: what `body` returns.
    /// - Throws: what ``start(bucket:configure:)`` or `body` throws.
    public static func with<T>(bucket: String? = "test",
                               configure: (inout ServerConfiguration) throws -> Void = { _ in },
                               _ body: (PailFixture) async throws -> T) async throws -> T {
        let fixture = try await start(bucket: bucket, configure: configure)
        do {
            let result = try await body(fixture)
            fixture.stop()
            return result
        } catch {
            fixture.stop()
            throw error
        }
    }

    /// Stops the server (in-flight requests finish first), closes the client's connections and
    /// removes the data directory. Calling it again does nothing. Blocks for at most the server's
    /// grace period.
    public func stop() {
        let first = stopped.withLock { wasStopped in
            defer { wasStopped = true }
            return !wasStopped
        }
        guard first else { return }
        client.shutdown()
        server.shutdown()
        // Threads still closing the index delete SQLite's -wal and -shm files under removeItem,
        // which then stops half way: try again until the directory is gone (two seconds at most).
        for _ in 0..<40 {
            try? FileManager.default.removeItem(at: dataDirectory)
            if !FileManager.default.fileExists(atPath: dataDirectory.path) { return }
            usleep(50_000)
        }
    }

    /// Whether ``stop()`` has run.
    public var isStopped: Bool { stopped.withLock { $0 } }
}
