import Foundation
import PailHTTP
import PailS3

/// Verifies SigV4 header and presigned-query signatures (protocol.md §3).
///
/// The canonical request is rebuilt from the raw request target and the headers exactly as received.
/// The credential scope must name the server's region, as AWS requires, so a client configured for
/// the wrong region fails here rather than later against AWS.
struct SigV4Authenticator {
    let credentials: CredentialStore
    var clock: () -> Date
    let region: String
    /// RequestTimeTooSkewed beyond this (AWS: 15 minutes).
    var maxSkew: TimeInterval = 15 * 60
    /// The service the credential scope must name (`s3`; `sts` for the STS endpoint).
    var service = "s3"
    /// Verifies SigV2 (`Authorization: AWS …` and `AWSAccessKeyId` query auth); nil refuses V2.
    var sigV2: SigV2Authenticator? = nil
    /// Signing keys by scope: shared by copies of this authenticator (the clock-skew fault makes one).
    var signingKeys = SigningKeyCache()
    /// Let unsigned requests through as `Principal.anonymous` (the S3 endpoint, where authorization
    /// decides what they may do); otherwise they are AccessDenied here (STS, the admin API).
    var allowsAnonymous = false

    /// Authenticates `request`, or throws the S3 error AWS would send.
    /// `payloadHash` stands in for `x-amz-content-sha256` (STS signs the body's hash without that header).
    /// `skew` shifts the server clock for this request (the clockSkew fault).
    func authenticate(_ request: S3Request, payloadHash: String? = nil, skew: TimeInterval = 0) throws -> AuthContext {
        guard skew == 0 else {
            var shifted = self
            let clock = self.clock
            shifted.clock = { clock().addingTimeInterval(skew) }
            return try shifted.authenticate(request, payloadHash: payloadHash)
        }
        let headers = request.headers
        if let authorization = headers["Authorization"] {
            if authorization.hasPrefix("AWS4-HMAC-SHA256") {
                return try verifyHeader(request, authorization: authorization, payloadHash: payloadHash)
            }
            if authorization.hasPrefix("AWS ") {
                guard let sigV2 else { throw S3Error.notImplemented("Signature Version 2 is not supported here; sign with SigV4.") }
                return try sigV2.verifyHeader(request, authorization: authorization)
            }
            throw S3Error.invalidArgument("Unsupported Authorization Type", name: "Authorization", value: authorization)
        }
        if request.has("X-Amz-Algorithm") || request.has("X-Amz-Signature") {
            return try verifyPresigned(request)
        }
        if let sigV2, request.has("AWSAccessKeyId") {
            return try sigV2.verifyQuery(request)
        }
        if allowsAnonymous { return .anonymous(request) }
        throw S3Error.accessDenied("Anonymous access is not allowed; sign the request with SigV4.")
    }

    private func verifyHeader(_ request: S3Request, authorization: String, payloadHash: String?) throws -> AuthContext {
        let auth = try SigV4Authorization.parse(header: authorization)
        let headers = request.headers
        guard let amzDate = headers["x-amz-date"] ?? headers["Date"].flatMap(amzFromHTTPDate) else {
            throw S3Error.accessDenied("AWS authentication requires a valid Date or x-amz-date header")
        }
        guard let date = S3Date.parseAmz(amzDate) else {
            throw S3Error.accessDenied("AWS authentication requires a valid Date or x-amz-date header")
        }
        try checkScope(date: auth.date, region: auth.region, service: auth.service, amzDate: amzDate, presigned: false)
        try checkSkew(date)
        guard let principal = try credentials.principal(accessKey: auth.accessKey, sessionToken: headers["x-amz-security-token"]) else {
            throw S3Error.invalidAccessKeyId(auth.accessKey)
        }
        guard let payloadHeader = payloadHash ?? headers["x-amz-content-sha256"] else {
            throw S3Error.invalidRequest("Missing required header for this request: x-amz-content-sha256")
        }
        let payload = try Self.payloadMode(payloadHeader)
        guard auth.signedHeaders.contains("host") else {
            throw S3Error.accessDenied("Host must be a signed header")
        }
        let key = signingKeys.hmacKey(secret: principal.secretKey, date: auth.date, region: auth.region, service: auth.service)
        try verify(request, signedHeaders: auth.signedHeaders, payloadHash: payloadHeader, excluding: [],
                   amzDate: amzDate, scope: auth.scope, key: key, signature: auth.signature, accessKey: auth.accessKey)
        return AuthContext(principal: principal, payload: payload, scheme: .sigV4Header, signature: auth.signature,
                           signingKey: key.bytes, amzDate: amzDate, scope: auth.scope)
    }

    private func verifyPresigned(_ request: S3Request) throws -> AuthContext {
        let auth = try SigV4Presigned.parse(query: request.query)
        let date = auth.requestDate
        try checkScope(date: auth.date, region: auth.region, service: auth.service, amzDate: auth.amzDate, presigned: true)
        let now = clock()
        if date.timeIntervalSince(now) > maxSkew { throw S3Error.accessDenied("Request is not valid yet") }
        if now.timeIntervalSince(date) > TimeInterval(auth.expires) { throw S3Error.accessDenied("Request has expired") }
        let token = auth.securityToken ?? request.headers["x-amz-security-token"]
        guard let principal = try credentials.principal(accessKey: auth.accessKey, sessionToken: token) else {
            throw S3Error.invalidAccessKeyId(auth.accessKey)
        }
        let payloadHash = request.headers["x-amz-content-sha256"] ?? "UNSIGNED-PAYLOAD"
        let payload = try Self.payloadMode(payloadHash)
        let key = signingKeys.hmacKey(secret: principal.secretKey, date: auth.date, region: auth.region, service: auth.service)
        try verify(request, signedHeaders: auth.signedHeaders, payloadHash: payloadHash, excluding: ["X-Amz-Signature"],
                   amzDate: auth.amzDate, scope: auth.scope, key: key, signature: auth.signature, accessKey: auth.accessKey)
        return AuthContext(principal: principal, payload: payload, scheme: .sigV4Query, signature: auth.signature,
                           signingKey: key.bytes, amzDate: auth.amzDate, scope: auth.scope)
    }

    private func verify(_ request: S3Request, signedHeaders: [String], payloadHash: String, excluding: [String],
                        amzDate: String, scope: String, key: HMACKey, signature: String, accessKey: String) throws {
        let head = request.http.head
        try Self.requireAmzHeadersSigned(head.headers, signed: signedHeaders)
        guard request.queryIsWellFormed else { throw S3Error("InvalidURI", 400, "Couldn't parse the specified URI.") }
        let canonical = try SigV4.canonicalRequest(method: head.method, rawPath: head.rawPath, query: request.query,
                                                   excluding: excluding, headers: head.headers.fields,
                                                   signedHeaders: signedHeaders, payloadHash: payloadHash)
        let check = SigV4.verify(canonicalRequest: canonical, amzDate: amzDate, scope: scope, key: key, signature: signature)
        guard check.matches else {
            throw S3Error.signatureDoesNotMatch(stringToSign: String(decoding: check.stringToSign, as: UTF8.self),
                                                canonicalRequest: String(decoding: canonical, as: UTF8.self),
                                                accessKey: accessKey, signature: signature)
        }
    }

    /// `x-amz-*` headers a request may leave out of SignedHeaders: the payload hash and the date are in
    /// the string to sign either way, and CloudFront adds `x-amz-cf-id` to the requests it forwards.
    static let amzHeadersSignedAnyway: Set<String> = ["x-amz-content-sha256", "x-amz-date", "x-amz-cf-id"]

    /// AWS refuses a request, header-signed or presigned, that carries an `x-amz-*` header its
    /// signature does not cover: 403 AccessDenied "There were headers present in the request which were
    /// not signed", naming them in `HeadersNotSigned`. Accepted, such a header would change what the
    /// request does (metadata, ACL, tagging, copy source) without the signer's say.
    static func requireAmzHeadersSigned(_ headers: HTTPHeaders, signed: [String]) throws {
        var unsigned: [String] = []
        for field in headers.fields where field.name.utf8.count > 6 && field.name.utf8.prefix(6).elementsEqual("x-amz-".utf8, by: {
            ($0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0) == $1
        }) {
            let name = field.name.lowercased()
            if !signed.contains(name), !amzHeadersSignedAnyway.contains(name), !unsigned.contains(name) { unsigned.append(name) }
        }
        guard unsigned.isEmpty else {
            throw S3Error.accessDenied("There were headers present in the request which were not signed")
                .with("HeadersNotSigned", unsigned.joined(separator: ", "))
        }
    }

    private func checkScope(date: String, region: String, service: String, amzDate: String, presigned: Bool) throws {
        if region != self.region {
            let message = "the region '\(region)' is wrong; expecting '\(self.region)'"
            throw (presigned ? S3Error.authorizationQueryParametersError("Error parsing the X-Amz-Credential parameter; \(message)")
                             : S3Error.authorizationHeaderMalformed("The authorization header is malformed; \(message)"))
                .with("Region", self.region)
        }
        // A presigned URL's credential is a query parameter: AWS names the problem as one
        // (AuthorizationQueryParametersError), as it does for the region above.
        func malformed(_ problem: String) -> S3Error {
            presigned ? S3Error.authorizationQueryParametersError("Error parsing the X-Amz-Credential parameter; \(problem)")
                      : S3Error.authorizationHeaderMalformed("The authorization header is malformed; \(problem)")
        }
        guard amzDate.hasPrefix(date) else {
            throw malformed("Invalid credential date. Date is not the same as X-Amz-Date.")
        }
        guard service == self.service else {
            throw malformed("incorrect service \"\(service)\". This endpoint belongs to \"\(self.service)\".")
        }
    }

    private func checkSkew(_ date: Date) throws {
        let now = clock()
        if abs(now.timeIntervalSince(date)) > maxSkew {
            throw S3Error.requestTimeTooSkewed(requestTime: S3Date.http(date), serverTime: S3Date.http(now))
        }
    }

    private func amzFromHTTPDate(_ value: String) -> String? {
        S3Date.parseHTTP(value).map(S3Date.amz)
    }

    /// Interprets `x-amz-content-sha256`.
    static func payloadMode(_ value: String) throws -> PayloadMode {
        switch value {
        case "UNSIGNED-PAYLOAD": return .unsigned
        case "STREAMING-AWS4-HMAC-SHA256-PAYLOAD": return .streaming(signed: true, trailer: false)
        case "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER": return .streaming(signed: true, trailer: true)
        case "STREAMING-UNSIGNED-PAYLOAD-TRAILER": return .streaming(signed: false, trailer: true)
        default:
            let lower = value.lowercased()
            guard lower.utf8.count == 64, lower.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) else {
                throw S3Error.invalidArgument("x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, or a valid sha256 value.", name: "x-amz-content-sha256", value: value)
            }
            return .sha256(lower)
        }
    }
}
