import Foundation
import PailS3

/// IMDSv2 session tokens: `base64url(expiry) "." base64url(HMAC)` under a per-process key. They need
/// not outlive the process (SDKs fetch a new one on every credential load).
final class IMDSTokenIssuer: Sendable {
    private let key = SessionTokenService.systemRandom(32)
    private let clock: @Sendable () -> Date

    init(clock: @escaping @Sendable () -> Date) { self.clock = clock }

    func issue(ttl: Int) -> String {
        let expires = String(clock().timeIntervalSince1970 + Double(ttl))
        return Base64URL.encode(Array(expires.utf8)) + "." + Base64URL.encode(HMAC.sha256(key: key, data: Array(expires.utf8)))
    }

    func isValid(_ token: String) -> Bool {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let e = Base64URL.decode(parts[0]), let tag = Base64URL.decode(parts[1]),
              tag == HMAC.sha256(key: key, data: e),
              let expires = Double(String(decoding: e, as: UTF8.self)) else { return false }
        return clock().timeIntervalSince1970 < expires
    }
}
