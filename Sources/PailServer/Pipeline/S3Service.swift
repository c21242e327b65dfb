import Foundation
import PailHTTP
import PailS3
import PailStorage
import PailFaults
import Synchronization

/// The S3 request pipeline, in one visible order: request id → built-in routes (`/_pail/`, MinIO
/// health) → addressing → auth → operation → errors rendered as S3 XML.
// Unchecked: `authenticator`, `sts` and `gateway` are set while `PailServer.init` assembles the
// service, before any listener starts, and only read afterwards; every other member is Sendable.
final class S3Service: HTTPHandler, @unchecked Sendable {
    let store: ObjectStore & MultipartStore
    let configuration: ServerConfiguration
    let credentials: CredentialStore
    var authenticator: SigV4Authenticator
    /// Checks admin requests from beyond loopback against the base clock rather than the server clock,
    /// so a clock moved far ahead never locks the operator out of moving it back.
    let adminAuthenticator: SigV4Authenticator
    /// The server clock (`configuration.clock` reads it too); moved through `/_pail/clock`.
    let clock: ServerClock
    /// STS on this endpoint (`POST /`), when identity is configured.
    var sts: STSService?
    /// Gateway mode (`--upstream`): accepted requests go to this upstream S3 instead of `route`.
    var gateway: UpstreamForwarder? {
        didSet { authorizer.gatewayMode = gateway != nil }
    }
    let addressing: Addressing
    let hostID: String
    /// The metrics and the access log: every request is reported to them once it has its response.
    let observers: RequestObservers
    let faults: FaultInjector
    let admin: AdminAPI
    /// Applies buckets' lifecycle rules (timer, clock changes, `POST /_pail/lifecycle`).
    let lifecycleSweeper: LifecycleSweeper
    let previousVersions = PreviousVersions()
    let lifecycles = SettingCache<LifecycleConfiguration>()
    let objectLocks = SettingCache<ObjectLockConfiguration>()
    let corsConfigurations = SettingCache<CORSConfiguration>()
    /// Server-side encryption: keys (loaded by `PailServer`) and bucket defaults.
    let encryption = ServerSideEncryption()
    /// Decides who may do what, after authentication and before the handler.
    let authorizer: Authorizer
    /// Set when shutdown begins, so stalled responses let go. Written by the thread that shuts down
    /// and read by every worker, hence atomic.
    var isShuttingDown: Bool {
        get { shuttingDown.load(ordering: .acquiring) }
        set { shuttingDown.store(newValue, ordering: .releasing) }
    }
    private let shuttingDown = Atomic<Bool>(false)
    /// The web console at `/_pail/console` (its page signs for this server's region).
    let console: ConsoleSite

    /// `configuration.clock` should read `clock` (PailServer arranges that), so that every component
    /// built from the configuration follows the server clock.
    init(store: ObjectStore & MultipartStore, configuration: ServerConfiguration, credentials: CredentialStore, clock: ServerClock) throws {
        self.store = store
        self.configuration = configuration
        self.credentials = credentials
        self.clock = clock
        self.addressing = Addressing(domain: configuration.domain?.lowercased())
        self.authenticator = Self.authenticator(credentials, addressing, configuration.region, clock: configuration.clock)
        // Unsigned requests reach authorization as anonymous (only ACLs and bucket policies admit them).
        self.authenticator.allowsAnonymous = true
        self.adminAuthenticator = Self.authenticator(credentials, addressing, configuration.region, clock: clock.baseNow)
        // One id per server instance: enough for clients that log x-amz-id-2 next to the request id.
        self.hostID = Array(sha256(Array(UUID().uuidString.utf8)).prefix(24)).base64
        self.observers = RequestObservers(logger: configuration.accessLog
            ? try AccessLogger(format: configuration.accessLogFormat, file: configuration.accessLogFile) : nil)
        self.faults = configuration.faults
        self.console = ConsoleSite(region: configuration.region, apiBase: "")
        self.lifecycleSweeper = LifecycleSweeper(store: store, clock: { clock.now() })
        self.admin = AdminAPI(injector: configuration.faults, clock: clock, lifecycle: lifecycleSweeper)
        self.authorizer = Authorizer(store: store,
                                     directory: AccessDirectory(rootAccessKey: configuration.rootAccessKey, identity: configuration.identity),
                                     region: configuration.region, awsDefaults: configuration.awsDefaults,
                                     recordsDecisions: configuration.accessLog)
    }

    /// SigV4 with SigV2 beside it, checking request times against `clock`.
    private static func authenticator(_ credentials: CredentialStore, _ addressing: Addressing, _ region: String,
                                      clock: @escaping () -> Date) -> SigV4Authenticator {
        var authenticator = SigV4Authenticator(credentials: credentials, clock: clock, region: region)
        authenticator.sigV2 = SigV2Authenticator(credentials: credentials, addressing: addressing, clock: clock)
        return authenticator
    }

    func handle(_ http: HTTPRequest) -> HTTPResponse {
        let requestID = configuration.requestIDs.next()
        let received = configuration.clock()
        let startedUptime = DispatchTime.now().uptimeNanoseconds
        var response: HTTPResponse
        // The error's <Resource>: the request's resource once known, else the raw path (made only
        // for an error, as it is a String allocation).
        var resource: String?
        var fired: [FiredFault] = []
        // The request once built, so the access log can name the authorization decision.
        var built: S3Request?
        // Set for requests that are not S3 operations (the S3 ones are named by `built`).
        var operation: ObservedOperation?
        var errorCode: String?
        let underPail = BuiltinRoutes.isBuiltin(http.head.rawPath)
        // The live view's own polling stays out of what it shows.
        let isRequestsPoll = underPail && Self.isRequestsPath(http.head.rawPath)
        do {
            if underPail, MetricsRoute.serves(http.head) {
                operation = .metrics
                response = observers.metricsResponse()
            } else if underPail, let builtin = BuiltinRoutes.response(for: http.head) {
                operation = .health
                response = builtin
            } else if underPail, let page = console.response(for: http.head) {
                operation = .console
                response = page
            } else if isRequestsPoll {
                operation = .admin
                response = try requestsResponse(http, requestID: requestID, received: received)
            } else if underPail && AdminAPI.serves(http.head.rawPath) {
                operation = .admin
                response = try adminResponse(http, requestID: requestID, received: received)
            } else if !underPail, let health = BuiltinRoutes.minioHealthResponse(for: http.head) {
                // MinIO's probes answer before addressing and auth, as on MinIO (see BuiltinRoutes).
                operation = .minioHealth
                response = health
            } else {
                let request = try makeRequest(http, requestID: requestID, received: received)
                built = request
                resource = request.resource
                if let sts, request.bucket == nil, request.method == "POST" {
                    response = sts.handle(request, failed: { errorCode = $0 }) { action in
                        operation = ObservedOperation(named: action)
                        let effects = (try? self.faultEffects(request, service: "sts", operation: action)) ?? FaultEffects([])
                        fired = effects.fired
                        return effects
                    }
                } else {
                let effects = try faultEffects(request)
                request.faults = effects
                fired = effects.fired
                if let replaced = try applyFaultsBefore(effects) {
                    response = replaced
                } else if let browser = try browserRequest(request, skew: effects.clockSkew) {
                    // POST Object forms and CORS preflights authenticate themselves (S3Service+Browser.swift).
                    response = browser
                    applyFaultsAfter(effects, &response)
                } else {
                    request.auth = try authenticator.authenticate(request, skew: effects.clockSkew)
                    try authorizer.authorize(request)
                    // Gateway mode swaps only the handler stage (docs/gateway.md).
                    if let gateway { response = try gateway.forward(request) } else { response = try route(request) }
                    applyFaultsAfter(effects, &response)
                }
                }
            }
        } catch let error as S3Error {
            errorCode = error.code
            response = render(error, head: http.head, requestID: requestID, resource: resource ?? String(http.head.rawPath))
        } catch let error as StorageError {
            let s3 = error.s3(bucket: nil, key: nil)
            errorCode = s3.code
            response = render(s3, head: http.head, requestID: requestID, resource: resource ?? String(http.head.rawPath))
        } catch {
            observers.logger?.log("request \(requestID) failed: \(error)")
            errorCode = S3Error.internalError().code
            response = render(.internalError(), head: http.head, requestID: requestID, resource: resource ?? String(http.head.rawPath))
        }
        if let origin = http.head.headers["Origin"] { addCORSHeaders(&response, head: http.head, origin: origin) }
        response.headers.add("x-amz-request-id", requestID)
        response.headers.add("x-amz-id-2", hostID)
        response.headers.add("Server", "Pail")
        // Once the clock is moved, `Date` shows the server's time (the HTTP layer would write the real
        // one): SDKs that correct their clock skew from it, such as the AWS SDK for JavaScript v3
        // (`systemClockOffset`), then follow the server as they would follow AWS.
        if clock.isMoved { response.headers.add("Date", S3Date.http(received)) }
        if http.head.method == "HEAD" { response.omitBody = true }
        observers.record(RequestRecord(
            received: received, requestID: requestID, remoteAddress: http.remoteAddress, method: http.head.method,
            target: http.head.target, accessKey: built.flatMap(Self.accessKey), operation: operation ?? ObservedOperation(built?.operation ?? .unknown),
            bucket: built?.bucket, key: built?.key, status: response.status, errorCode: errorCode, bytesIn: http.bodyBytesRead,
            bytesOut: response.omitBody ? 0 : response.bodyLength, durationNanos: DispatchTime.now().uptimeNanoseconds &- startedUptime,
            faults: fired, authorization: built?.access.decision, addressed: built != nil),
            keepRecent: !isRequestsPoll)
        return response
    }

    private func makeRequest(_ http: HTTPRequest, requestID: String, received: Date) throws -> S3Request {
        let head = http.head
        let (bucket, key) = try addressing.resolve(host: head.headers["Host"], rawPath: head.rawPath)
        if let key, key.utf8.count > 1024 { throw S3Error.keyTooLong() }
        return S3Request(http: http, requestID: requestID,
                         bucket: bucket, key: key, received: received)
    }

    /// Renders an S3 error; HEAD and 304 carry no body.
    func render(_ error: S3Error, head: HTTPRequestHead, requestID: String, resource: String) -> HTTPResponse {
        var response = HTTPResponse(status: error.status)
        for (name, value) in error.headers { response.headers.add(name, value) }
        if error.status == 304 || head.method == "HEAD" {
            return response
        }
        response.headers.add("Content-Type", "application/xml")
        response.body = .bytes(error.xmlBody(requestId: requestID, hostId: hostID, resource: resource))
        // The body of a failed upload may still be arriving; closing is cheaper than draining gigabytes.
        if error.status >= 400, let length = headLength(head), length > 1 << 20 { response.closeConnection = true }
        return response
    }

    private func headLength(_ head: HTTPRequestHead) -> Int64? {
        head.headers["Content-Length"].flatMap { Int64($0) } ?? (head.headers["Transfer-Encoding"] != nil ? Int64.max : nil)
    }
}
