import Foundation
import PailIdentity
import PailS3

/// A principal that can sign requests.
public struct Principal: Sendable, Equatable {
    /// The account's long-term access key: it owns buckets. For temporary credentials this is the
    /// parent account's key; the temporary key and role are in `session`.
    public var accessKey: String
    public var secretKey: String
    /// Canonical user id reported as Owner ID (64 hex, derived from the account's access key).
    public var ownerID: String
    public var displayName: String
    /// Set for temporary (STS/IMDS) credentials: the verified session token's claims.
    public var session: SessionClaims? = nil

    public init(accessKey: String, secretKey: String, displayName: String? = nil) {
        self.accessKey = accessKey
        self.secretKey = secretKey
        self.ownerID = Self.canonicalID(accessKey)
        self.displayName = displayName ?? accessKey
    }

    /// The canonical user id of the account with this access key.
    public static func canonicalID(_ accessKey: String) -> String { sha256(Array("pail-owner:\(accessKey)".utf8)).hex }

    /// Who an unsigned request is: no keys, and the canonical id S3 shows for anonymous writers
    /// (`65a011a29cdf8ec533ec3d1ccaae921c`, S3 User Guide, server access log format).
    public static let anonymous: Principal = {
        var p = Principal(accessKey: "", secretKey: "", displayName: "anonymous")
        p.ownerID = "65a011a29cdf8ec533ec3d1ccaae921c"
        return p
    }()
}

/// Looks up the secret for an access key.
public protocol CredentialStore: AnyObject, Sendable {
    /// The principal with this access key, or nil when unknown.
    func principal(accessKey: String) -> Principal?
    /// The principal for a signature by `accessKey`, given the request's session token if any. Throws
    /// ExpiredToken / InvalidToken for a bad token of a temporary key.
    func principal(accessKey: String, sessionToken: String?) throws -> Principal?
}

extension CredentialStore {
    public func principal(accessKey: String, sessionToken: String?) throws -> Principal? { principal(accessKey: accessKey) }
}
