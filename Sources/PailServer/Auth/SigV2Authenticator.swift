import Foundation
import PailHTTP
import PailS3

/// Verifies Signature Version 2: `Authorization: AWS AK:signature` and query auth (`AWSAccessKeyId`,
/// `Expires`, `Signature`) — protocol.md §4, AWS "Signing and authenticating REST requests".
struct SigV2Authenticator {
    let credentials: CredentialStore
    let addressing: Addressing
    let clock: () -> Date
    var maxSkew: TimeInterval = 15 * 60
    var subresources: Set<String> = SigV2.defaultSubresources

    func verifyHeader(_ request: S3Request, authorization: String) throws -> AuthContext {
        let credential = authorization.dropFirst(4).trimmingCharacters(in: .whitespaces)
        guard let colon = credential.lastIndex(of: ":"), colon != credential.startIndex else {
            throw S3Error.invalidArgument("AWS authorization header is invalid.  Expected AwsAccessKeyId:signature",
                                          name: "Authorization", value: authorization)
        }
        let accessKey = String(credential[..<colon]), signature = String(credential[credential.index(after: colon)...])
        let headers = request.headers
        let amzDate = headers["x-amz-date"], httpDate = headers["Date"]
        guard let stamp = amzDate ?? httpDate, let date = Self.parseDate(stamp) else {
            throw S3Error.accessDenied("AWS authentication requires a valid Date or x-amz-date header")
        }
        let now = clock()
        if abs(now.timeIntervalSince(date)) > maxSkew {
            throw S3Error.requestTimeTooSkewed(requestTime: S3Date.http(date), serverTime: S3Date.http(now))
        }
        let principal = try lookup(accessKey, token: headers["x-amz-security-token"])
        // AWS: with x-amz-date the Date line is empty (x-amz-date is signed as an amz header). MinIO keeps
        // the Date header's value there; some clients follow it, so that form is accepted as well.
        var dateLines = [amzDate != nil ? "" : (httpDate ?? "")]
        if amzDate != nil, let httpDate { dateLines.append(httpDate) }
        if amzDate != nil, httpDate == nil, let amzDate { dateLines.append(amzDate) }
        try verify(request, dateLines: dateLines, extraAmz: [], principal: principal, accessKey: accessKey, signature: signature)
        return AuthContext(principal: principal, payload: Self.payload(request), scheme: .sigV2Header)
    }

    func verifyQuery(_ request: S3Request) throws -> AuthContext {
        guard let accessKey = request.param("AWSAccessKeyId"), let signature = request.param("Signature"),
              let expiresText = request.param("Expires") else {
            throw S3Error.accessDenied("Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters")
        }
        guard let expires = Int64(expiresText) else {
            throw S3Error.accessDenied("Invalid date (should be seconds since epoch): \(expiresText)")
        }
        if clock().timeIntervalSince1970 > TimeInterval(expires) { throw S3Error.accessDenied("Request has expired") }
        // botocore moves every x-amz-* header (e.g. the session token) into the query (protocol.md §4).
        let amzQuery = request.query.filter { $0.0.lowercased().hasPrefix("x-amz-") }.map { (name: $0.0, value: $0.1) }
        let token = request.headers["x-amz-security-token"] ?? amzQuery.first { $0.name.lowercased() == "x-amz-security-token" }?.value
        let principal = try lookup(accessKey, token: token)
        try verify(request, dateLines: [expiresText], extraAmz: amzQuery, principal: principal, accessKey: accessKey, signature: signature)
        return AuthContext(principal: principal, payload: Self.payload(request), scheme: .sigV2Query)
    }

    private func lookup(_ accessKey: String, token: String?) throws -> Principal {
        guard let principal = try credentials.principal(accessKey: accessKey, sessionToken: token) else {
            throw S3Error.invalidAccessKeyId(accessKey)
        }
        return principal
    }

    private func verify(_ request: S3Request, dateLines: [String], extraAmz: [(name: String, value: String)],
                        principal: Principal, accessKey: String, signature: String) throws {
        let head = request.http.head
        let amz = SigV2.canonicalizedAmzHeaders(head.headers.fields + extraAmz)
        let vhost = addressing.virtualHostBucket(head.headers["Host"])
        var resources = [SigV2.canonicalizedResource(bucket: vhost, rawPath: head.rawPath, rawQuery: head.rawQuery,
                                                     subresources: subresources)]
        // botocore signs a bucket-only path-style request as `/bucket/` while sending `/bucket`.
        if request.bucket != nil, request.key == nil, !head.rawPath.hasSuffix("/") {
            resources.append(SigV2.canonicalizedResource(bucket: vhost, rawPath: head.rawPath + "/", rawQuery: head.rawQuery,
                                                         subresources: subresources))
        }
        let md5 = head.headers["Content-MD5"] ?? request.param("content-md5") ?? ""
        let type = head.headers["Content-Type"] ?? request.param("content-type") ?? ""
        var first = ""
        for dateLine in dateLines {
            for resource in resources {
                let toSign = SigV2.stringToSign(method: head.method, contentMD5: md5.trimmingCharacters(in: .whitespaces),
                                                contentType: type.trimmingCharacters(in: .whitespaces), date: dateLine,
                                                amzHeaders: amz, resource: resource)
                if first.isEmpty { first = toSign }
                if SigV2.signaturesEqual(SigV2.signature(secret: principal.secretKey, stringToSign: toSign), signature) { return }
            }
        }
        throw S3Error.signatureDoesNotMatch(stringToSign: first, canonicalRequest: "", accessKey: accessKey, signature: signature)
    }

    /// V2 does not sign the body; a declared SHA-256 is still honoured.
    static func payload(_ request: S3Request) -> PayloadMode {
        if let value = request.headers["x-amz-content-sha256"], case .sha256(let hex)? = try? SigV4Authenticator.payloadMode(value) {
            return .sha256(hex)
        }
        return .unsigned
    }

    /// RFC 9110 dates, plus the `+0000` zone of AWS's own examples.
    static func parseDate(_ s: String) -> Date? {
        if let d = S3Date.parseHTTP(s) { return d }
        if s.hasSuffix(" +0000") { return S3Date.parseHTTP(String(s.dropLast(6)) + " GMT") }
        return nil
    }
}
