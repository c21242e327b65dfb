import Foundation
import Synchronization

/// The credentials IMDS serves for its role: minted by the token service, reused until less than a
/// third of their lifetime remains, then replaced. Old ones keep working until their own expiry, as on
/// EC2, where new credentials appear well before the old expire (EC2 user guide, IAM roles).
public final class RoleCredentialCache: Sendable {
    public let role: Role
    /// The account (access key) the role acts as.
    public let account: String
    public let lifetime: Int
    private let tokens: SessionTokenService
    private let clock: @Sendable () -> Date
    private struct State {
        var current: TemporaryCredentials?
        var issued: Date?
        /// False right after `expireNow`, so the expired credentials are served once.
        var expiredServed = true
    }

    private let state = Mutex(State())

    public init(role: Role, account: String, lifetime: Int, tokens: SessionTokenService, clock: @escaping @Sendable () -> Date) {
        self.role = role
        self.account = account
        self.lifetime = lifetime
        self.tokens = tokens
        self.clock = clock
    }

    /// The credentials to serve now, and when they were minted (`LastUpdated`).
    public func credentials() -> (TemporaryCredentials, Date) {
        state.withLock { state in
            let now = clock()
            if let current = state.current, let issued = state.issued,
               current.expiration.timeIntervalSince(now) > Double(lifetime) / 3 || !state.expiredServed {
                state.expiredServed = true
                return (current, issued)
            }
            let fresh = tokens.issue(account: account, role: role.name, sessionName: "imds", duration: lifetime)
            state.current = fresh
            state.issued = now
            return (fresh, now)
        }
    }

    /// Replaces the current credentials with ones that are already expired (the expireCredentials
    /// fault): the next fetch serves them, S3 refuses them, and the fetch after that mints fresh ones.
    public func expireNow() {
        state.withLock { state in
            state.current = tokens.issue(account: account, role: role.name, sessionName: "imds", duration: 0)
            state.issued = clock()
            state.expiredServed = false
        }
    }
}
