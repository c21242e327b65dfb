import Foundation
import Synchronization
import PailHTTP
import PailIdentity
import PailStorage

/// An embeddable Pail server: storage, the S3 pipeline and the listeners.
///
/// ```swift
/// var config = ServerConfiguration()
/// config.address = "127.0.0.1:0"
/// config.dataDirectory = tempDir
/// let server = try PailServer(configuration: config)
/// try server.start()
/// print(server.endpoint!)   // http://127.0.0.1:54321
/// server.clock.advance(by: 86_400)   // the server now lives a day ahead
/// ```
// Unchecked: `port`, `tlsPort`, `imdsPort` and `tlsCertificatePath` are written by `start()` before
// it returns and only read after; the janitor timer, touched from the clock's callbacks, is in a Mutex.
public final class PailServer: @unchecked Sendable {
    /// The configuration as the server runs it: as given, except that `clock` reads `self.clock`.
    public let configuration: ServerConfiguration
    /// The server clock, built on `configuration.clock`: every time check, timestamp and expiry of this
    /// server reads it. Move it here (in-process tests) or through `/_pail/clock` / `pail clock`.
    public let clock: ServerClock
    private let store: DiskObjectStore
    private let http: HTTPServer
    private let service: S3Service
    private let imds: HTTPServer?
    private let console: HTTPServer?
    /// The bound console port once started (`configuration.consoleAddress`).
    public private(set) var consolePort: UInt16?
    /// The bound IMDS port once started.
    public private(set) var imdsPort: UInt16?
    private let janitor = Mutex<DispatchSourceTimer?>(nil)
    /// The bound HTTP port once started (the real one when port 0 was asked for).
    public private(set) var port: UInt16?
    /// The bound HTTPS port once started.
    public private(set) var tlsPort: UInt16?
    /// The certificate HTTPS serves (the generated one when none was given), for clients to trust.
    public private(set) var tlsCertificatePath: String?

    /// Opens (or creates) the data directory and its index. Does not listen yet.
    ///
    /// Builds `clock` on `configuration.clock` and rebinds `configuration.faults` to it (see
    /// `FaultInjector.setClock`), so fault windows and the fault log follow the server clock too.
    public init(configuration given: ServerConfiguration) throws {
        let clock = ServerClock(base: given.clock)
        var configuration = given
        configuration.clock = { clock.now() }
        configuration.faults.setClock { clock.now() }
        self.clock = clock
        self.configuration = configuration
        try FileManager.default.createDirectory(at: configuration.dataDirectory, withIntermediateDirectories: true)
        store = try DiskObjectStore(directory: configuration.dataDirectory, durable: configuration.durable, clock: configuration.clock,
                                    waits: WaitNotifier(enter: WorkerThread.enterBlocking, leave: WorkerThread.leaveBlocking))
        let root = Principal(accessKey: configuration.rootAccessKey, secretKey: configuration.rootSecretKey)
        let identity = configuration.identity
        do { try identity.validate(rootAccessKey: root.accessKey) } catch { throw ConfigurationError("\(error)") }
        let tokens = try SessionTokenService(dataDirectory: configuration.dataDirectory, clock: configuration.clock)
        let credentials = IdentityCredentialStore(root: root, users: identity.users, tokens: tokens)
        service = try S3Service(store: store, configuration: configuration, credentials: credentials, clock: clock)
        service.sts = STSService(identity: identity, store: credentials, region: configuration.region, clock: configuration.clock)
        try service.encryption.configure(dataDirectory: configuration.dataDirectory, kms: identity.kms, region: configuration.region)
        if let upstream = configuration.upstream {
            let gateway = try UpstreamForwarder(settings: upstream)
            try gateway.check(configuration.faults.rules)
            service.gateway = gateway
            service.admin.refusal = { gateway.refusal(for: $0) }
        }
        http = HTTPServer(handler: service, configuration: configuration.http)
        console = configuration.consoleAddress == nil ? nil : HTTPServer(handler: ConsoleListener(service: service))
        imds = configuration.imdsAddress == nil ? nil
            : HTTPServer(handler: Self.imdsHandler(configuration, tokens: tokens, observers: service.observers))
        service.observers.gauges = { [weak http, weak store] in
            let totals = try? store?.storedTotals()
            return MetricsExposition.Gauges(openConnections: http?.activeConnections ?? 0, workerThreads: http?.workerThreads ?? 0,
                                            storedObjects: totals?.objects, storedBytes: totals?.bytes)
        }
        // A moved clock may have put uploads past their expiry: sweep now rather than within the hour.
        clock.onChange { [weak self] in self?.sweepSoon() }
    }

    /// Starts listening on the configured address(es).
    public func start() throws {
        if let address = configuration.address {
            let (host, port) = try Self.split(address)
            self.port = try http.listen(host: host, port: port)
        }
        if let address = configuration.tlsAddress {
            let (host, port) = try Self.split(address)
            var cert = configuration.tlsCertificate, key = configuration.tlsKey
            if cert == nil || key == nil {
                let generated = try SelfSignedCertificate.ensure(directory: configuration.dataDirectory, hosts: [host])
                cert = generated.certificate.path
                key = generated.key.path
            }
            let context = try TLSServerContext(certificateFile: cert!, keyFile: key!)
            tlsCertificatePath = cert
            tlsPort = try http.listen(host: host, port: port, tls: context)
        }
        if let console, let address = configuration.consoleAddress {
            let (host, port) = try Self.split(address)
            consolePort = try console.listen(host: host, port: port)
        }
        if let imds, let address = configuration.imdsAddress {
            let (host, port) = try Self.split(address)
            do {
                imdsPort = try imds.listen(host: host, port: port)
            } catch where configuration.imdsOptional {
                FileHandle.standardError.write(Data("pail: IMDS not started: cannot listen on \(address): \(error)\n".utf8))
            }
        }
        startJanitor()
    }

    /// `http://host:port` of the HTTP listener, once started.
    public var endpoint: String? { Self.url("http", configuration.address, port) }

    /// `http://host:port/` of the console's own listener, once started; nil without `consoleAddress`.
    public var consoleEndpoint: String? { Self.url("http", configuration.consoleAddress, consolePort).map { $0 + "/" } }

    /// `https://host:port` of the HTTPS listener, once started.
    public var tlsEndpoint: String? { Self.url("https", configuration.tlsAddress, tlsPort) }

    private static func url(_ scheme: String, _ address: String?, _ port: UInt16?) -> String? {
        guard let port, let address, let (host, _) = try? split(address) else { return nil }
        let shown = host == "0.0.0.0" || host == "::" ? "127.0.0.1" : (host.contains(":") ? "[\(host)]" : host)
        return "\(scheme)://\(shown):\(port)"
    }

    /// Stops accepting, lets in-flight requests finish (up to the grace period), then returns.
    public func shutdown() {
        service.isShuttingDown = true
        janitor.withLock { janitor in
            janitor?.cancel()
            janitor = nil
        }
        imds?.shutdown(gracePeriod: 1)
        console?.shutdown(gracePeriod: 1)
        http.shutdown(gracePeriod: configuration.gracePeriod)
    }

    /// `http://host:port` of the IMDS listener, once started.
    public var imdsEndpoint: String? {
        guard let imdsPort, let address = configuration.imdsAddress, let (host, _) = try? Self.split(address) else { return nil }
        let shown = host == "0.0.0.0" || host == "::" ? "127.0.0.1" : (host.contains(":") ? "[\(host)]" : host)
        return "http://\(shown):\(imdsPort)"
    }

    private static func imdsHandler(_ configuration: ServerConfiguration, tokens: SessionTokenService,
                                    observers: RequestObservers) -> HTTPHandler {
        let identity = configuration.identity
        let role = identity.imdsRole
        let cache = RoleCredentialCache(role: role, account: role.user ?? configuration.rootAccessKey,
                                        lifetime: identity.imds.credentialSeconds ?? 21600, tokens: tokens, clock: configuration.clock)
        let handler = IMDSHandler(cache: cache, region: configuration.region, allowV1: identity.imds.allowIMDSv1 ?? false,
                                  clock: configuration.clock)
        return IMDSFaultHandler(inner: handler, cache: cache, faults: configuration.faults, requestIDs: configuration.requestIDs,
                                observers: observers, clock: configuration.clock)
    }

    /// Aborts multipart uploads older than `multipartExpiry` and applies buckets' lifecycle rules, by
    /// the server clock, hourly and after every clock change (abandoned uploads leave nothing).
    /// Completed uploads are remembered for a day, for CompleteMultipartUpload retries.
    private func startJanitor() {
        let store = self.store, config = configuration, lifecycle = service.lifecycleSweeper
        janitor.withLock { janitor in
            let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "pail.janitor"))
            timer.schedule(deadline: .now() + 5, repeating: 3600)
            timer.setEventHandler {
                let now = config.clock()
                _ = try? store.abortUploads(initiatedBefore: now.addingTimeInterval(-config.multipartExpiry))
                try? store.forgetCompletedUploads(before: now.addingTimeInterval(-24 * 3600))
                _ = try? lifecycle.run()
            }
            timer.resume()
            janitor = timer
        }
    }

    /// Runs the janitor at once (then hourly again); nothing before `start()` or after `shutdown()`.
    private func sweepSoon() {
        janitor.withLock { janitor in
            janitor?.schedule(deadline: .now(), repeating: 3600)
        }
    }

    /// Splits `host:port` (`[v6]:port` too).
    static func split(_ address: String) throws -> (String, UInt16) {
        guard let colon = address.lastIndex(of: ":"), let port = UInt16(address[address.index(after: colon)...]) else {
            throw ConfigurationError("address must be HOST:PORT, got \(address)")
        }
        var host = String(address[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host.isEmpty { host = "0.0.0.0" }
        return (host, port)
    }

    /// Blocks SIGINT and SIGTERM in the calling thread and the threads it starts from now on, for
    /// `runUntilSignalled` to take. Call it before creating the server, on the thread that will call
    /// `runUntilSignalled`: a server thread started earlier could be handed the signal and die of it.
    public static func holdShutdownSignals() {
        ShutdownSignals.block()
    }

    /// Blocks the calling thread until SIGINT or SIGTERM, then shuts the server down. Call
    /// `holdShutdownSignals()` before creating the server.
    ///
    /// `ready` runs once a signal can no longer be missed, so a line it prints (the `pail` command's
    /// banner) tells a supervisor that signalling now stops the server cleanly. `onSignal` runs with the
    /// first signal's number before shutdown begins. Both run on the calling thread.
    public func runUntilSignalled(ready: (() -> Void)? = nil, onSignal: ((Int32) -> Void)? = nil) {
        ShutdownSignals.block()
        ready?()
        let received = ShutdownSignals.wait()
        onSignal?(received)
        shutdown()
    }
}

/// A configuration mistake, reported to the user as is.
public struct ConfigurationError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
