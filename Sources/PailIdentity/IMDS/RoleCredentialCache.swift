import Foundation

/// The credentials IMDS serves for its role: minted by the token service, reused until less than a
/// third of their lifetime remains, then replaced. Old ones keep working until their own expiry, as on
/// EC2, where new credentials appear well before the old expire (EC2 user guide, IAM roles).
public final class RoleCredentialCache: @unchecked Sendable {
    public let role: Role
    /// The account (access key) the role acts as.
    public let account: String
    public let lifetime: Int
    private let tokens: SessionTokenService
    private let clock: @Sendable () -> Date
    private let lock = NSLock()
    private var current: TemporaryCredentials?
    private var issued: Date?

    public init(role: Role, account: String, lifetime: Int, tokens: SessionTokenService, clock: @escaping @Sendable () -> Date) {
        self.role = role
        self.account = account
        self.lifetime = lifetime
        self.tokens = tokens
        self.clock = clock
    }

    /// The credentials to serve now, and when they were minted (`LastUpdated`).
    public func credentials() -> (TemporaryCredentials, Date) {
        lock.lock(); defer { lock.unlock() }
        let now = clock()
        if let current, let issued, current.expiration.timeIntervalSince(now) > Double(lifetime) / 3 {
            return (current, issued)
        }
        let fresh = tokens.issue(account: account, role: role.name, sessionName: "imds", duration: lifetime)
        current = fresh
        issued = now
        return (fresh, now)
    }
}
