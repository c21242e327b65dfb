import Foundation
import PailHTTP
import PailS3
import PailStorage
import PailFaults

/// The S3 request pipeline, in one visible order: request id → built-in routes (`/_pail/`, MinIO
/// health) → addressing → auth → operation → errors rendered as S3 XML.
final class S3Service: HTTPHandler {
    let store: ObjectStore & MultipartStore
    let configuration: ServerConfiguration
    let credentials: CredentialStore
    var authenticator: SigV4Authenticator
    /// STS on this endpoint (`POST /`), when identity is configured.
    var sts: STSService?
    let addressing: Addressing
    let hostID: String
    let logger: AccessLogger?
    let faults: FaultInjector
    let admin: AdminAPI
    let previousVersions = PreviousVersions()
    /// Set when shutdown begins, so stalled responses let go.
    var isShuttingDown = false

    init(store: ObjectStore & MultipartStore, configuration: ServerConfiguration, credentials: CredentialStore) {
        self.store = store
        self.configuration = configuration
        self.credentials = credentials
        self.authenticator = SigV4Authenticator(credentials: credentials, clock: configuration.clock, region: configuration.region)
        self.addressing = Addressing(domain: configuration.domain?.lowercased())
        self.authenticator.sigV2 = SigV2Authenticator(credentials: credentials, addressing: addressing, clock: configuration.clock)
        // One id per server instance: enough for clients that log x-amz-id-2 next to the request id.
        self.hostID = Array(sha256(Array(UUID().uuidString.utf8)).prefix(24)).base64
        self.logger = configuration.accessLog ? AccessLogger() : nil
        self.faults = configuration.faults
        self.admin = AdminAPI(injector: configuration.faults)
    }

    func handle(_ http: HTTPRequest) -> HTTPResponse {
        let requestID = configuration.requestIDs.next()
        let received = configuration.clock()
        var response: HTTPResponse
        // The error's <Resource>: the request's resource once known, else the raw path (made only
        // for an error, as it is a String allocation).
        var resource: String?
        var fired: [FiredFault] = []
        let underPail = BuiltinRoutes.isBuiltin(http.head.rawPath)
        do {
            if underPail, let builtin = BuiltinRoutes.response(for: http.head) {
                response = builtin
            } else if underPail && http.head.rawPath.hasPrefix("/_pail/faults") {
                response = try adminResponse(http, requestID: requestID, received: received)
            } else if !underPail, let health = BuiltinRoutes.minioHealthResponse(for: http.head) {
                // MinIO's probes answer before addressing and auth, as on MinIO (see BuiltinRoutes).
                response = health
            } else {
                let request = try makeRequest(http, requestID: requestID, received: received)
                resource = request.resource
                if let sts, request.bucket == nil, request.method == "POST" {
                    response = sts.handle(request) { action in
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
                } else {
                    request.auth = try authenticator.authenticate(request, skew: effects.clockSkew)
                    response = try route(request)
                    applyFaultsAfter(effects, &response)
                }
                }
            }
        } catch let error as S3Error {
            response = render(error, head: http.head, requestID: requestID, resource: resource ?? String(http.head.rawPath))
        } catch let error as StorageError {
            response = render(error.s3(bucket: nil, key: nil), head: http.head, requestID: requestID, resource: resource ?? String(http.head.rawPath))
        } catch {
            logger?.log("request \(requestID) failed: \(error)")
            response = render(.internalError(), head: http.head, requestID: requestID, resource: resource ?? String(http.head.rawPath))
        }
        response.headers.add("x-amz-request-id", requestID)
        response.headers.add("x-amz-id-2", hostID)
        response.headers.add("Server", "Pail")
        if http.head.method == "HEAD" { response.omitBody = true }
        logger?.log(http: http, status: response.status, requestID: requestID, started: received, clock: configuration.clock,
                    faults: fired.map(\.logDescription))
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
