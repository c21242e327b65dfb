import Foundation
import PailIdentity
import PailS3

/// Root, the configured users, and temporary (`ASIA…`) credentials resolved through their session
/// token. A temporary principal carries its parent account's access key in `accessKey` (bucket
/// ownership, Owner), the derived temporary secret, and the token's claims in `session`.
public final class IdentityCredentialStore: CredentialStore {
    private let accounts: [String: Principal]
    public let tokens: SessionTokenService
    public let rootAccessKey: String

    public init(root: Principal, users: [User], tokens: SessionTokenService) {
        var map = [root.accessKey: root]
        for u in users { map[u.accessKey] = Principal(accessKey: u.accessKey, secretKey: u.secretKey, displayName: u.displayName) }
        accounts = map
        rootAccessKey = root.accessKey
        self.tokens = tokens
    }

    public func principal(accessKey: String) -> Principal? { accounts[accessKey] }

    public func principal(accessKey: String, sessionToken: String?) throws -> Principal? {
        if let p = accounts[accessKey] { return p }
        guard accessKey.hasPrefix("ASIA") else { return nil }
        // A temporary key without its token is unknown to S3 (AWS answers InvalidAccessKeyId).
        guard let sessionToken, !sessionToken.isEmpty else { return nil }
        let claims: SessionClaims
        do {
            claims = try tokens.verify(token: sessionToken, accessKey: accessKey)
        } catch SessionTokenError.expired {
            throw S3Error.expiredToken()
        } catch {
            throw S3Error.invalidToken()
        }
        guard let account = accounts[claims.account] else { throw S3Error.invalidToken() }
        var p = Principal(accessKey: account.accessKey, secretKey: tokens.secret(for: accessKey), displayName: account.displayName)
        p.session = claims
        return p
    }
}
