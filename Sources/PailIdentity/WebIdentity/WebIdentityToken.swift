import Foundation

/// The claims of a JWT given to AssumeRoleWithWebIdentity. Pail never fetches the issuer's keys, so the
/// signature is not checked; see `WebIdentitySettings` for what is.
public struct WebIdentityToken: Sendable, Equatable {
    public var issuer: String
    public var subject: String
    public var audiences: [String]
    public var expires: Date?

    /// Why a web identity token was refused (STS: InvalidIdentityToken 400, ExpiredTokenException 400).
    public enum Failure: Error, Equatable {
        case malformed(String)
        case expired
        case rejected(String)
    }

    /// Parses a compact JWS (`header.payload.signature`, base64url JSON header with `alg`, JSON payload).
    public static func parse(_ jwt: String) throws -> WebIdentityToken {
        let parts = jwt.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty,
              let h = Base64URL.decode(parts[0]), let p = Base64URL.decode(parts[1]),
              let header = try? JSONSerialization.jsonObject(with: Data(h)) as? [String: Any], header["alg"] is String,
              let payload = try? JSONSerialization.jsonObject(with: Data(p)) as? [String: Any] else {
            throw Failure.malformed("Couldn't parse the web identity token as a JWT")
        }
        var audiences: [String] = []
        if let a = payload["aud"] as? String { audiences = [a] } else if let a = payload["aud"] as? [String] { audiences = a }
        let exp = (payload["exp"] as? NSNumber).map { Date(timeIntervalSince1970: $0.doubleValue) }
        return WebIdentityToken(issuer: payload["iss"] as? String ?? "", subject: payload["sub"] as? String ?? "",
                                audiences: audiences, expires: exp)
    }

    /// Parses and judges `jwt` under `settings` at `now`.
    public static func validate(_ jwt: String, settings: WebIdentitySettings?, now: Date) throws -> WebIdentityToken {
        let token = try parse(jwt)
        if let exp = token.expires, exp <= now { throw Failure.expired }
        let s = settings ?? WebIdentitySettings()
        let permissive = s.permissive ?? (s.issuer == nil)
        if !permissive {
            guard let issuer = s.issuer, token.issuer == issuer else {
                throw Failure.rejected("Untrusted issuer \(token.issuer.debugDescription)")
            }
            if let aud = s.audience, !token.audiences.contains(aud) {
                throw Failure.rejected("Incorrect token audience")
            }
        }
        return token
    }
}
