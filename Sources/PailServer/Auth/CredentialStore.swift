import Foundation
import PailS3

/// A principal that can sign requests.
public struct Principal: Sendable, Equatable {
    public var accessKey: String
    public var secretKey: String
    /// Canonical user id reported as Owner ID (64 hex, derived from the account's access key).
    public var ownerID: String
    public var displayName: String

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
}

/// Credentials fixed at start: the root user.
public final class StaticCredentialStore: CredentialStore {
    private let principals: [String: Principal]

    public init(_ principals: [Principal]) {
        var map: [String: Principal] = [:]
        for p in principals { map[p.accessKey] = p }
        self.principals = map
    }

    public func principal(accessKey: String) -> Principal? { principals[accessKey] }
}
