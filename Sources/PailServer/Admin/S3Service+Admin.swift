import Foundation
import PailHTTP
import PailS3

extension S3Service {
    /// `/_pail/faults…` and `/_pail/clock…`: open on loopback; from anywhere else only when signed by the
    /// root user. The signature time is checked against the base clock, not the (movable) server clock.
    func adminResponse(_ http: HTTPRequest, requestID: String, received: Date) throws -> HTTPResponse {
        if !Self.isLoopback(http.remoteAddress) {
            let request = S3Request(http: http, requestID: requestID,
                                    bucket: nil, key: nil, received: received)
            let auth = try adminAuthenticator.authenticate(request)
            guard auth.principal.accessKey == configuration.rootAccessKey else { throw S3Error.accessDenied() }
        }
        return admin.handle(http, path: http.head.rawPath)
    }

    static func isLoopback(_ address: String) -> Bool {
        address.hasPrefix("127.") || address.hasPrefix("[::1]") || address.hasPrefix("::1") || address.hasPrefix("::ffff:127.")
    }
}
