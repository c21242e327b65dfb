import Foundation
import PailFaults
import PailHTTP
import PailIdentity
import PailS3

/// STS on the S3 endpoint (`POST /` with a form body, as MinIO does): AssumeRole, GetSessionToken,
/// AssumeRoleWithWebIdentity (unsigned) and GetCallerIdentity. Signed calls use SigV4 with service `sts`.
final class STSService {
    let identity: IdentityConfiguration
    let store: IdentityCredentialStore
    let authenticator: SigV4Authenticator
    let clock: () -> Date

    init(identity: IdentityConfiguration, store: IdentityCredentialStore, region: String, clock: @escaping () -> Date) {
        self.identity = identity
        self.store = store
        var auth = SigV4Authenticator(credentials: store, clock: clock, region: region)
        auth.service = "sts"
        self.authenticator = auth
        self.clock = clock
    }

    /// Serves one STS call. `faults` evaluates the fault rules for the action (service `sts`); an
    /// `error` fault answers in STS's error shape, `expireCredentials` issues credentials that are
    /// already expired, latency delays the answer. `failed` hears the error code of an error answer
    /// (for the access log).
    func handle(_ request: S3Request, failed: (String) -> Void = { _ in },
                faults: (String) -> FaultEffects = { _ in FaultEffects([]) }) -> HTTPResponse {
        do {
            let body = try request.http.body.readAll(limit: 64 * 1024)
            var params = request.query
            params += Self.parseForm(String(decoding: body, as: UTF8.self))
            func param(_ n: String) -> String? { params.first { $0.0 == n }?.1 }
            let action = param("Action") ?? ""
            let effects = faults(action)
            if effects.waitBeforeResponse(cancelled: { false }) { return .connectionReset() }
            if let e = effects.error { throw STSError(e.code, e.status, e.message) }
            let expire = effects.expireCredentials
            if action == "AssumeRoleWithWebIdentity" {
                return try assumeRoleWithWebIdentity(param, expire: expire, requestID: request.requestID)
            }
            let principal: Principal
            do {
                principal = try authenticator.authenticate(request, payloadHash: sha256(body).hex).principal
            } catch let e as S3Error {
                throw STSError.from(e)
            }
            switch action {
            case "GetCallerIdentity": return getCallerIdentity(principal, requestID: request.requestID)
            case "GetSessionToken": return try getSessionToken(principal, param, expire: expire, requestID: request.requestID)
            case "AssumeRole": return try assumeRole(param, expire: expire, requestID: request.requestID)
            default: throw STSError("InvalidAction", 400, "Could not find operation \(action) for version 2011-06-15")
            }
        } catch {
            let e = Self.stsError(error)
            failed(e.code)
            return render(e, requestID: request.requestID)
        }
    }

    /// Any error as STS answers it: STS's own, a body that could not be read, or InternalFailure.
    private static func stsError(_ error: Error) -> STSError {
        if let e = error as? STSError { return e }
        if let e = error as? HTTPError { return STSError("InvalidRequest", 400, "\(PayloadReader.map(e).message)") }
        var e = STSError("InternalFailure", 500, "The request processing has failed because of an unknown error.")
        e.type = "Receiver"
        return e
    }

    private func getCallerIdentity(_ p: Principal, requestID: String) -> HTTPResponse {
        let (userID, arn): (String, String)
        if let s = p.session, let roleName = s.role {
            let role = identity.role(arn: roleName) ?? Role(name: roleName)
            (userID, arn) = (role.roleID + ":" + s.sessionName, "arn:aws:sts::\(pailAccountID):assumed-role/\(role.name)/\(s.sessionName)")
        } else if p.accessKey == store.rootAccessKey {
            (userID, arn) = (pailAccountID, "arn:aws:iam::\(pailAccountID):root")
        } else {
            (userID, arn) = (p.accessKey, "arn:aws:iam::\(pailAccountID):user/\(p.displayName)")
        }
        return STSXML.response(action: "GetCallerIdentity", requestID: requestID) { xml in
            xml.element("UserId", userID)
            xml.element("Account", pailAccountID)
            xml.element("Arn", arn)
        }
    }

    private func getSessionToken(_ p: Principal, _ param: (String) -> String?, expire: Bool, requestID: String) throws -> HTTPResponse {
        guard p.session == nil else { throw STSError.accessDenied("Cannot call GetSessionToken with session credentials") }
        let duration = try Self.duration(param("DurationSeconds"), range: 900...129600, default: 43200)
        let creds = store.tokens.issue(account: p.accessKey, role: nil, duration: lifetime(duration, expire: expire))
        return STSXML.response(action: "GetSessionToken", requestID: requestID) { STSXML.credentials(&$0, creds) }
    }

    private func assumeRole(_ param: (String) -> String?, expire: Bool, requestID: String) throws -> HTTPResponse {
        let (role, session, duration) = try roleRequest(param)
        let policy = try sessionPolicy(param)
        let creds = issue(role: role, session: session, duration: lifetime(duration, expire: expire), policy: policy)
        return STSXML.response(action: "AssumeRole", requestID: requestID) { xml in
            STSXML.credentials(&xml, creds)
            STSXML.assumedRoleUser(&xml, role: role, session: session)
            xml.element("PackedPolicySize", Self.packedSize(policy))
        }
    }

    private func assumeRoleWithWebIdentity(_ param: (String) -> String?, expire: Bool, requestID: String) throws -> HTTPResponse {
        guard let jwt = param("WebIdentityToken"), (4...20000).contains(jwt.utf8.count) else {
            throw STSError.validation("1 validation error detected: Value at 'webIdentityToken' failed to satisfy constraint: Member must have length between 4 and 20000")
        }
        let token: WebIdentityToken
        do {
            token = try WebIdentityToken.validate(jwt, settings: identity.sts.webIdentity, now: clock())
        } catch WebIdentityToken.Failure.expired {
            throw STSError("ExpiredTokenException", 400, "Token expired")
        } catch WebIdentityToken.Failure.rejected(let m) {
            throw STSError("IDPRejectedClaim", 403, m)
        } catch {
            throw STSError("InvalidIdentityToken", 400, "The web identity token that was passed could not be validated by AWS. Get a new identity token from the identity provider and then retry the request.")
        }
        let (role, session, duration) = try roleRequest(param)
        let policy = try sessionPolicy(param)
        let creds = issue(role: role, session: session, duration: lifetime(duration, expire: expire), policy: policy)
        return STSXML.response(action: "AssumeRoleWithWebIdentity", requestID: requestID) { xml in
            STSXML.credentials(&xml, creds)
            xml.element("SubjectFromWebIdentityToken", token.subject)
            STSXML.assumedRoleUser(&xml, role: role, session: session)
            xml.element("PackedPolicySize", Self.packedSize(policy))
            xml.element("Provider", token.issuer)
            xml.element("Audience", token.audiences.first ?? "")
        }
    }

    /// RoleArn, RoleSessionName and DurationSeconds (900..43200, default 3600, at most the role's
    /// maximum session, which defaults to 3600 as on AWS).
    private func roleRequest(_ param: (String) -> String?) throws -> (Role, String, Int) {
        guard let arn = param("RoleArn"), (20...2048).contains(arn.utf8.count) else {
            throw STSError.validation("1 validation error detected: Value at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20")
        }
        guard let session = param("RoleSessionName"), (2...64).contains(session.utf8.count),
              session.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "_+=,.@-".contains($0)) }) else {
            throw STSError.validation("1 validation error detected: Value at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*")
        }
        guard let role = identity.role(arn: arn) else {
            throw STSError.accessDenied("Not authorized to perform sts:AssumeRole on resource: \(arn)")
        }
        let duration = try Self.duration(param("DurationSeconds"), range: 900...43200, default: 3600)
        let maxSession = role.maxSessionSeconds ?? 3600
        guard duration <= maxSession else {
            throw STSError.validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")
        }
        return (role, session, duration)
    }

    /// The lifetime to issue: 0 under the expireCredentials fault, else the configured override or the asked one.
    private func lifetime(_ asked: Int, expire: Bool) -> Int {
        expire ? 0 : identity.sts.credentialSecondsOverride ?? asked
    }

    private func issue(role: Role, session: String, duration: Int, policy: String?) -> TemporaryCredentials {
        store.tokens.issue(account: role.user ?? store.rootAccessKey, role: role.name, sessionName: session,
                           duration: duration, policy: policy)
    }

    /// The `Policy` parameter: a session policy in the IAM grammar, at most 2048 characters (IAM User
    /// Guide, "Session policies"). The session may then do only what both it and the role allow.
    private func sessionPolicy(_ param: (String) -> String?) throws -> String? {
        guard let text = param("Policy"), !text.isEmpty else { return nil }
        guard text.count <= 2048 else {
            throw STSError.validation("1 validation error detected: Value at 'policy' failed to satisfy constraint: Member must have length less than or equal to 2048")
        }
        do {
            _ = try Policy.parse(Array(text.utf8), kind: .session)
        } catch let e as PolicyError {
            throw STSError("MalformedPolicyDocument", 400, e.message)
        }
        return text
    }

    /// PackedPolicySize: the share (percent) of the session policy limit the policy uses.
    static func packedSize(_ policy: String?) -> String {
        guard let policy else { return "0" }
        return String((policy.utf8.count * 100 + 2047) / 2048)
    }

    static func duration(_ text: String?, range: ClosedRange<Int>, default value: Int) throws -> Int {
        guard let text else { return value }
        guard let d = Int(text), range.contains(d) else {
            throw STSError.validation("1 validation error detected: Value '\(text)' at 'durationSeconds' failed to satisfy constraint: Member must have value \(Int(text).map { $0 < range.lowerBound } ?? true ? "greater than or equal to \(range.lowerBound)" : "less than or equal to \(range.upperBound)")")
        }
        return d
    }

    /// `application/x-www-form-urlencoded`: `+` is a space.
    static func parseForm(_ body: String) -> [(String, String)] {
        body.split(separator: "&").map { part in
            let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let k = URIEncoding.percentDecode(kv[0], plusAsSpace: true) ?? String(kv[0])
            let v = kv.count > 1 ? (URIEncoding.percentDecode(kv[1], plusAsSpace: true) ?? String(kv[1])) : ""
            return (k, v)
        }
    }

    private func render(_ e: STSError, requestID: String) -> HTTPResponse {
        var r = HTTPResponse(status: e.status, body: .bytes(e.xmlBody(requestID: requestID)))
        r.headers.add("Content-Type", "text/xml")
        return r
    }
}
