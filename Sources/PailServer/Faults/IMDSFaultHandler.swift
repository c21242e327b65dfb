import Foundation
import PailFaults
import PailHTTP
import PailIdentity

/// Puts the fault rules (service `imds`) in front of the IMDS endpoint: errors (plain status, as IMDS
/// answers), latency, stalls, resets, and `expireCredentials`, which makes the role credentials served
/// next already expired.
final class IMDSFaultHandler: HTTPHandler {
    private let inner: IMDSHandler
    private let cache: RoleCredentialCache
    private let faults: FaultInjector
    private let requestIDs: RequestIDGenerator

    init(inner: IMDSHandler, cache: RoleCredentialCache, faults: FaultInjector, requestIDs: RequestIDGenerator) {
        self.inner = inner
        self.cache = cache
        self.faults = faults
        self.requestIDs = requestIDs
    }

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        guard !faults.isEmpty else { return inner.handle(request) }
        let head = request.head
        let fired = faults.evaluate(FaultRequest(service: "imds", operation: Self.operation(head), method: head.method,
                                                 bucket: nil, key: nil, accessKey: nil, headers: head.headers.fields,
                                                 requestID: requestIDs.next()))
        let effects = FaultEffects(fired)
        if effects.waitBeforeResponse(cancelled: { false }) { return .connectionReset() }
        if let error = effects.error {
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
