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
        self.ownerID = sha256(Array("pail-owner:\(accessKey)".utf8)).hex
        self.displayName = displayName ?? accessKey
    }
}

/// Looks up the secret for an access key.
public protocol CredentialStore: AnyObject {
    /// The principal with this access key, or nil when unknown.
    func principal(accessKey: String) -> Principal?
    /// The principal for a signature by `accessKey`, given the request's session token if any. Throws
    /// ExpiredToken / InvalidToken for a bad token of a temporary key.
    func principal(accessKey: String, sessionToken: String?) throws -> Principal?
}

extension CredentialStore {
    public func principal(accessKey: String, sessionToken: String?) throws -> Principal? { principal(accessKey: accessKey) }
}
