import Foundation

/// A set of temporary credentials (`ASIA…` key, secret, session token) and when they stop working.
public struct TemporaryCredentials: Sendable, Equatable {
    public var accessKeyID: String
    public var secretAccessKey: String
    public var sessionToken: String
    public var expiration: Date
    /// What the token says about its holder.
    public var claims: SessionClaims
}

/// The facts a session token carries, MAC'd by the token key.
public struct SessionClaims: Sendable, Equatable {
    /// The temporary access key (`ASIA…`) the token belongs to.
    public var accessKey: String
    /// The long-term access key of the account the session acts as (bucket ownership).
    public var account: String
    /// The assumed role's name, or nil for GetSessionToken.
    public var role: String?
    /// RoleSessionName, or empty.
    public var sessionName: String
    /// Expiry, whole seconds since 1970.
    public var expires: Int64
    /// The session policy (AssumeRole's `Policy`, JSON as given), which limits the session to what
    /// both it and the role's policies allow; nil when none was given.
    public var policy: String? = nil

    public var expiration: Date { Date(timeIntervalSince1970: TimeInterval(expires)) }
}

/// Why a session token was refused. S3 answers InvalidToken / ExpiredToken (both 400).
public enum SessionTokenError: Error, Equatable {
    /// Not a token Pail issued, altered, or issued for another access key.
    case invalid
    case expired
}
