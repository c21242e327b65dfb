import Foundation
import PailS3

/// Issues and verifies self-verifying session tokens, so tokens survive a restart and nothing is stored
/// per session.
///
/// Token = `base64url(payload) "." base64url(HMAC-SHA256(key, "pail-token-v1\n" + payload))` where the
/// payload is `v1\n<ak>\n<account>\n<role>\n<session>\n<expires>`, or, for a session issued with a
/// session policy, `v2\n…\n<expires>\n<base64url(policy)>` (v1 tokens stay valid). The temporary secret is derived,
/// never stored: `base64(HMAC-SHA256(key, "secret:" + ak))[0..<40]`. The 32-byte key lives in
/// `<data>/identity/token.key` (mode 0600), created on first start.
public final class SessionTokenService: Sendable {
    private let key: [UInt8]
    private let clock: @Sendable () -> Date
    private let random: @Sendable (Int) -> [UInt8]

    public init(key: [UInt8], clock: @escaping @Sendable () -> Date = { Date() },
                random: @escaping @Sendable (Int) -> [UInt8] = SessionTokenService.systemRandom) {
        self.key = key
        self.clock = clock
        self.random = random
    }

    /// Loads `<directory>/identity/token.key`, creating it (0600) on first use.
    public convenience init(dataDirectory: URL, clock: @escaping @Sendable () -> Date = { Date() }) throws {
        try self.init(key: Self.loadOrCreateKey(in: dataDirectory.appendingPathComponent("identity")), clock: clock)
    }

    public static func systemRandom(_ count: Int) -> [UInt8] {
        var g = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &g) }
    }

    static func loadOrCreateKey(in directory: URL) throws -> [UInt8] {
        let file = directory.appendingPathComponent("token.key")
        if let data = FileManager.default.contents(atPath: file.path) {
            guard data.count == 32 else { throw IdentityConfigurationError("\(file.path) must hold 32 bytes") }
            return Array(data)
        }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let key = systemRandom(32)
        let tmp = directory.appendingPathComponent("token.key.tmp")
        guard FileManager.default.createFile(atPath: tmp.path, contents: Data(key), attributes: [.posixPermissions: 0o600]) else {
            throw IdentityConfigurationError("cannot write \(tmp.path)")
        }
        // rename: two servers starting at once on one directory both end up with the winner's key.
        if rename(tmp.path, file.path) != 0 { throw IdentityConfigurationError("cannot create \(file.path)") }
        return Array(FileManager.default.contents(atPath: file.path) ?? Data(key))
    }

    /// New temporary credentials acting as `account`, valid for `duration` seconds from now.
    /// `policy`: the session policy the session carries (JSON text).
    public func issue(account: String, role: String?, sessionName: String = "", duration: Int,
                      policy: String? = nil) -> TemporaryCredentials {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        let ak = "ASIA" + String(random(16).map { alphabet[Int($0 & 31)] })
        let expires = Int64(clock().timeIntervalSince1970.rounded(.down)) + Int64(duration)
        let claims = SessionClaims(accessKey: ak, account: account, role: role, sessionName: sessionName, expires: expires,
                                   policy: policy)
        var fields = [policy == nil ? "v1" : "v2", ak, account, role ?? "", sessionName, String(expires)]
        if let policy { fields.append(Base64URL.encode(Array(policy.utf8))) }
        let payload = fields.joined(separator: "\n")
        let token = Base64URL.encode(Array(payload.utf8)) + "." + Base64URL.encode(mac(payload))
        return TemporaryCredentials(accessKeyID: ak, secretAccessKey: secret(for: ak), sessionToken: token,
                                    expiration: claims.expiration, claims: claims)
    }

    /// The temporary secret for `accessKey` (only meaningful for keys this service issued).
    public func secret(for accessKey: String) -> String {
        String(HMAC.sha256(key: key, data: Array("secret:\(accessKey)".utf8)).base64.prefix(40))
    }

    /// The claims of `token` if it is intact, belongs to `accessKey` (when given) and has not expired.
    public func verify(token: String, accessKey: String?) throws -> SessionClaims {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let payloadBytes = Base64URL.decode(parts[0]), let tag = Base64URL.decode(parts[1]),
              let payload = String(validating: payloadBytes, as: UTF8.self),
              constantTimeEqual(mac(payload), tag) else { throw SessionTokenError.invalid }
        let f = payload.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard (f.count == 6 && f[0] == "v1") || (f.count == 7 && f[0] == "v2"), let expires = Int64(f[5]) else {
            throw SessionTokenError.invalid
        }
        if let accessKey, accessKey != f[1] { throw SessionTokenError.invalid }
        var policy: String?
        if f.count == 7 {
            guard let bytes = Base64URL.decode(Substring(f[6])), let text = String(validating: bytes, as: UTF8.self) else {
                throw SessionTokenError.invalid
            }
            policy = text
        }
        let claims = SessionClaims(accessKey: f[1], account: f[2], role: f[3].isEmpty ? nil : f[3], sessionName: f[4], expires: expires,
                                   policy: policy)
        if clock().timeIntervalSince1970 >= TimeInterval(expires) { throw SessionTokenError.expired }
        return claims
    }

    private func mac(_ payload: String) -> [UInt8] {
        HMAC.sha256(key: key, data: Array(("pail-token-v1\n" + payload).utf8))
    }

    private func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var d: UInt8 = 0
        for i in 0..<a.count { d |= a[i] ^ b[i] }
        return d == 0
    }
}
