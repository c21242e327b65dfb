import Foundation
import PailFaults
import PailHTTP
import PailIdentity

/// Puts the fault rules (service `imds`) in front of the IMDS endpoint: errors (plain status, as IMDS
/// answers), latency, stalls, resets, and `expireCredentials`, which makes the role credentials served
/// next already expired. Every IMDS request is reported to the server's metrics and access log.
final class IMDSFaultHandler: HTTPHandler {
    private let inner: IMDSHandler
    private let cache: RoleCredentialCache
    private let faults: FaultInjector
    private let requestIDs: RequestIDGenerator
    private let observers: RequestObservers
    private let clock: @Sendable () -> Date

    init(inner: IMDSHandler, cache: RoleCredentialCache, faults: FaultInjector, requestIDs: RequestIDGenerator,
         observers: RequestObservers, clock: @escaping @Sendable () -> Date) {
        self.inner = inner
        self.cache = cache
        self.faults = faults
        self.requestIDs = requestIDs
        self.observers = observers
        self.clock = clock
    }

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        let started = DispatchTime.now().uptimeNanoseconds
        let received = clock()
        let head = request.head
        let operation = Self.operation(head)
        let requestID = requestIDs.next()
        var fired: [FiredFault] = []
        var errorCode: String?
        let response = respond(request, operation: operation, requestID: requestID, fired: &fired, errorCode: &errorCode)
        observers.record(RequestRecord(
            received: received, requestID: requestID, remoteAddress: request.remoteAddress, method: head.method, target: head.target,
            accessKey: nil, operation: ObservedOperation(named: operation), bucket: nil, key: nil, status: response.status,
            errorCode: errorCode, bytesIn: request.bodyBytesRead, bytesOut: response.omitBody ? 0 : response.bodyLength,
            durationNanos: DispatchTime.now().uptimeNanoseconds &- started, faults: fired, authorization: nil),
                         keepRecent: false)
        return response
    }

    private func respond(_ request: HTTPRequest, operation: String, requestID: String, fired: inout [FiredFault],
                         errorCode: inout String?) -> HTTPResponse {
        guard !faults.isEmpty else { return inner.handle(request) }
        let head = request.head
        fired = faults.evaluate(FaultRequest(service: "imds", operation: operation, method: head.method,
                                             bucket: nil, key: nil, accessKey: nil, headers: head.headers.fields,
                                             requestID: requestID))
        let effects = FaultEffects(fired)
        if effects.waitBeforeResponse(cancelled: { false }) { return .connectionReset() }
        if let error = effects.error {
            errorCode = error.code
            return HTTPResponse(status: error.status, body: .bytes(Array("\(error.code)\n".utf8)))
        }
        if effects.expireCredentials { cache.expireNow() }
        return inner.handle(request)
    }

    /// `GetToken`, `GetRoleCredentials`, `ListRoles` or `GetMetadata`, for matching rules.
    static func operation(_ head: HTTPRequestHead) -> String {
        let path = head.rawPath
        if path.hasSuffix("/api/token") { return "GetToken" }
        if path.contains("/security-credentials/") {
            return path.hasSuffix("/security-credentials/") ? "ListRoles" : "GetRoleCredentials"
        }
        return "GetMetadata"
    }
}
