import Foundation
import PailFaults
import PailHTTP
import PailS3
import PailStorage

extension S3Service {
    /// Evaluates the fault rules (and, when allowed, the `x-pail-fault` header) for a request.
    func faultEffects(_ r: S3Request, service: String = "s3", operation: String? = nil) throws -> FaultEffects {
        let header = configuration.allowFaultHeader ? r.headers["x-pail-fault"] : nil
        guard !faults.isEmpty || header != nil else { return FaultEffects([]) }
        let request = FaultRequest(service: service, operation: operation ?? r.operation.rawValue, method: r.method, bucket: r.bucket,
                                   key: r.key, accessKey: Self.claimedAccessKey(r), headers: r.headers.fields,
                                   requestID: r.requestID)
        var fired = faults.evaluate(request)
        if let header {
            let actions: [FaultAction]
            do { actions = try FaultAction.fromHeaderList(header) } catch {
                throw S3Error.invalidArgument("x-pail-fault: \(error)", name: "x-pail-fault", value: header)
            }
            fired += faults.recordRequested(actions, for: request)
        }
        return FaultEffects(fired)
    }

    /// Applies the faults that act before the operation runs. Returns a response that replaces the
    /// operation's, or nil to go on.
    func applyFaultsBefore(_ effects: FaultEffects) throws -> HTTPResponse? {
        if effects.waitBeforeResponse(cancelled: { isShuttingDown }) { return .connectionReset() }
        if let error = effects.error { throw error }
        if effects.expireCredentials { throw S3Error.expiredToken() }
        return nil
    }

    /// Wraps the response body in the body-shaping faults.
    func applyFaultsAfter(_ effects: FaultEffects, _ response: inout HTTPResponse) {
        guard effects.shapesBody else { return }
        let body = response.body
        switch body {
        case .empty: return
        case .bytes(let bytes):
            response.body = .stream(length: Int64(bytes.count)) { writer in
                try bytes.withUnsafeBytes { try FaultBodyWriter(writer, effects: effects).write($0) }
            }
        case .stream(let length, let produce):
            response.body = .stream(length: length) { writer in try produce(FaultBodyWriter(writer, effects: effects)) }
        }
    }

    /// True when a stale read could be asked for (a staleRead rule, or the fault header allowed), so
    /// overwrites must remember what they replace. Overwrites made before that are not remembered.
    var tracksPreviousVersions: Bool {
        configuration.allowFaultHeader || !faults.isEmpty && faults.rules.contains { if case .staleRead = $0.action { return true } else { return false } }
    }

    /// The access key a request claims (unverified), for matching rules before authentication.
    static func claimedAccessKey(_ r: S3Request) -> String? {
        if let auth = r.headers["Authorization"] {
            if let range = auth.range(of: "Credential=") {
                return String(auth[range.upperBound...].prefix { $0 != "/" })
            }
            if auth.hasPrefix("AWS "), let colon = auth.firstIndex(of: ":") {
                return String(auth[auth.index(auth.startIndex, offsetBy: 4)..<colon])
            }
        }
        if let credential = r.param("X-Amz-Credential") { return String(credential.prefix { $0 != "/" }) }
        return r.param("AWSAccessKeyId")
    }
}
